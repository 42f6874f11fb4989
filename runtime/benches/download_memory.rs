//! Peak memory of a Download against the track count: one fresh process per count, each building
//! its container list (albums of 12), then downloading it once through the runtime.
//!
//! Run: `cargo bench -p contentpartner --bench download_memory` (10k, 100k and 1M tracks), or
//! `download_memory --tracks N` for one process. Figures come from /proc/self/status: the
//! container list's own size is VmRSS after building it minus VmRSS before; the download's growth
//! is VmHWM (the peak) after the download minus VmRSS before it.

mod player;
#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::Instant;

const COUNTS: [u32; 3] = [10_000, 100_000, 1_000_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match &args[..] {
        [flag, n] if flag == "--tracks" => one(n.parse().expect("--tracks takes a count")),
        // `cargo bench` passes --bench.
        _ => all(),
    }
}

/// VmRSS and VmHWM of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in /proc/self/status"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// One process's figures, as one line: tracks, list KiB, growth KiB, peak KiB, tracks/s.
fn one(tracks: u32) {
    let (before, _) = memory();
    let list = player::list(tracks, player::ALBUM);
    let (with_list, _) = memory();
    let player = player::Player::attach();
    let start = Instant::now();
    player.download(&list, tracks);
    let seconds = start.elapsed().as_secs_f64();
    let (_, peak) = memory();
    drop(player);
    println!(
        "{tracks} {} {} {peak} {:.0}",
        with_list - before,
        peak.saturating_sub(with_list),
        tracks as f64 / seconds
    );
}

fn all() {
    let me = std::env::current_exe().expect("the bench's own path");
    println!("{:>9} {:>10} {:>16} {:>10} {:>12}", "tracks", "list KiB", "download KiB", "peak KiB", "tracks/s");
    for tracks in COUNTS {
        let out = Command::new(&me).args(["--tracks", &tracks.to_string()]).output().expect("runs itself");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8(out.stdout).expect("UTF-8");
        let f: Vec<&str> = line.split_whitespace().collect();
        println!("{:>9} {:>10} {:>16} {:>10} {:>12}", f[0], f[1], f[2], f[3], f[4]);
    }
}
