//! Download plumbing, in-process: from Download to the last DownloadTrack, the player's albums
//! of 12 tracks through the runtime's download worker and a store that answers each track with a
//! URL. Run: `cargo bench -p contentpartner --bench download`.

mod player;
#[path = "../tests/support/mod.rs"]
mod support;

use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 20)]
fn download(bencher: Bencher, tracks: u32) {
    let player = player::Player::attach();
    let list = player::list(tracks, player::ALBUM);
    bencher.counter(ItemsCount::new(tracks)).bench_local(|| player.download(&list, tracks));
}
