#!/usr/bin/env bash
# Store build cost and DLL size (issue 6): the sample store (examples/sample-store, ours) against the
# same store written with the `windows` crate (benches/windows-store, theirs).
#
# - Clean release builds for x86_64-pc-windows-gnu with Debian's Rust and -Zbuild-std, alternating
#   ours and theirs, each into a fresh target dir under target/bench-build/ (ROUNDS each, default 3).
# - The same builds into a copy of a target dir that already holds std: what each store's own
#   dependency graph costs beyond std, which both clean builds compile alike.
# - Rebuilds after touching each store's lib.rs (release: the store crate recompiled and relinked).
# - Clean host (Linux) release builds of ours with the machine's default cargo.
# - Stripped release DLL sizes, and the lines each store author writes.
# Prints every figure and the medians; exits non-zero if a build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${ROUNDS:-3}
TARGET=x86_64-pc-windows-gnu
OUT=$ROOT/target/bench-build
THEIRS=$ROOT/benches/windows-store
# The machine's default cargo for the host build, before RUSTC and friends point at Debian's.
HOST_CARGO=$(command -v cargo)

installed=$(bash scripts/ensure-packages.sh rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev)
[ -z "$installed" ] || echo "installed $installed"

win_cargo() {
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo "$@"
}

# Downloads are not part of the measurement.
win_cargo fetch --locked --target "$TARGET" --manifest-path "$ROOT/Cargo.toml" >/dev/null
win_cargo fetch --locked --target "$TARGET" --manifest-path "$THEIRS/Cargo.toml" >/dev/null

# Runs a command with its output in $OUT/LABEL.log; prints "LABEL wall user+sys" and appends the
# wall-clock and CPU seconds to $OUT/SERIES.times and $OUT/SERIES.cpu.
timed() {
    local label=$1 series=$2
    shift 2
    local t
    t=$({ TIMEFORMAT='%R %U %S'; time "$@" >"$OUT/$label.log" 2>&1; } 2>&1) || {
        tail -30 "$OUT/$label.log"
        echo "FAILED: $label" >&2
        exit 1
    }
    read -r wall user sys <<<"$t"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    printf '%-22s %8.1f s wall %8.1f s cpu\n' "$label" "$wall" "$cpu"
    echo "$wall" >>"$OUT/$series.times"
    echo "$cpu" >>"$OUT/$series.cpu"
}

# --timings leaves a per-crate profile in each target dir (cargo-timings/), for the slow crates.
win_build() { win_cargo -Zbuild-std build --release --locked --timings --target "$TARGET" "$@"; }
ours_build() { win_build -p sample-store --target-dir "$1"; }
theirs_build() { (cd "$THEIRS" && win_build --target-dir "$1"); }

# One round of a stage: ours and theirs, each timed into $OUT/SIDE-NAME (series SIDE-SERIES),
# in an order that flips each round so a change in the machine's load does not always favour one.
both() {
    local round=$1 name=$2 series=$3 side
    local order=(ours theirs)
    ((round % 2)) || order=(theirs ours)
    for side in "${order[@]}"; do
        timed "$side-$name" "$side-$series" "${side}_build" "$OUT/$side-$name"
    done
}

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

mkdir -p "$OUT"
rm -f "$OUT"/*.times "$OUT"/*.cpu

echo "== clean release builds for $TARGET (-Zbuild-std), $ROUNDS rounds, alternating"
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$OUT/ours-$round" "$OUT/theirs-$round"
    both "$round" "$round" clean
done

echo "== the stores' own graphs: clean builds into a copy of a target dir holding only std, $ROUNDS rounds"
# The seed: a one-function cdylib, so its target dir holds std and nothing either store uses.
seed=$OUT/seed-src
mkdir -p "$seed/src"
printf '[package]\nname = "seed"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n[lib]\ncrate-type = ["cdylib"]\n' \
    >"$seed/Cargo.toml"
# One export: with none, the linker exports every symbol and the DLL is not std's floor.
echo '#[unsafe(no_mangle)] pub extern "C" fn seed() {}' >"$seed/src/lib.rs"
win_cargo generate-lockfile --manifest-path "$seed/Cargo.toml" 2>/dev/null
seed_build() { (cd "$seed" && win_build --target-dir "$1"); }
rm -rf "$OUT/std"
timed std-alone std-clean seed_build "$OUT/std"
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$OUT/ours-graph-$round" "$OUT/theirs-graph-$round"
    cp -a "$OUT/std" "$OUT/ours-graph-$round"
    cp -a "$OUT/std" "$OUT/theirs-graph-$round"
    both "$round" "graph-$round" graph
done

echo "== rebuild after touching the store's lib.rs, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
    touch "$ROOT/examples/sample-store/src/lib.rs"
    timed "ours-touch-$round" ours-touch ours_build "$OUT/ours-$ROUNDS"
    touch "$THEIRS/src/lib.rs"
    timed "theirs-touch-$round" theirs-touch theirs_build "$OUT/theirs-$ROUNDS"
done

echo "== clean host (Linux) release build of ours, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$OUT/host-ours-$round"
    timed "host-ours-$round" host-clean "$HOST_CARGO" build --release --locked -p sample-store \
        --target-dir "$OUT/host-ours-$round"
done

echo "== stripped release DLLs"
size_of() {
    cp "$1" "$OUT/$2"
    x86_64-w64-mingw32-strip "$OUT/$2"
    stat -c %s "$OUT/$2"
}
ours_dll=$OUT/ours-$ROUNDS/$TARGET/release/sample_store.dll
theirs_dll=$OUT/theirs-$ROUNDS/$TARGET/release/windows_store.dll
ours_size=$(size_of "$ours_dll" ours-stripped.dll)
theirs_size=$(size_of "$theirs_dll" theirs-stripped.dll)
std_size=$(size_of "$OUT/std/$TARGET/release/seed.dll" std-stripped.dll)
printf 'ours   %9d bytes (unstripped %d)\n' "$ours_size" "$(stat -c %s "$ours_dll")"
printf 'theirs %9d bytes (unstripped %d)\n' "$theirs_size" "$(stat -c %s "$theirs_dll")"
printf 'std alone (the seed: one exported empty function) %d bytes\n' "$std_size"

echo "== lines the store author writes (non-blank, not a comment: //, //!, /// or # lines)"
count() {
    local total=0 n file
    for file in "$@"; do
        n=$(grep -cvE '^[[:space:]]*(//|#[^[!]|#$|$)' "$file" || true)
        printf '  %-45s %5d\n' "${file#"$ROOT"/}" "$n" >&2
        total=$((total + n))
    done
    echo "$total"
}
ours_lines=$(count "$ROOT/examples/sample-store/src/lib.rs" "$ROOT/examples/sample-store/Cargo.toml")
theirs_lines=$(count "$THEIRS/src/lib.rs" "$THEIRS/Cargo.toml")
echo "ours $ours_lines, theirs $theirs_lines"

oc=$(median "$OUT/ours-clean.times")
tc=$(median "$OUT/theirs-clean.times")
occ=$(median "$OUT/ours-clean.cpu")
tcc=$(median "$OUT/theirs-clean.cpu")
og=$(median "$OUT/ours-graph.times")
tg=$(median "$OUT/theirs-graph.times")
ogc=$(median "$OUT/ours-graph.cpu")
tgc=$(median "$OUT/theirs-graph.cpu")
ot=$(median "$OUT/ours-touch.times")
tt=$(median "$OUT/theirs-touch.times")
hc=$(median "$OUT/host-clean.times")
hcc=$(median "$OUT/host-clean.cpu")
echo "== summary (medians of $ROUNDS rounds; wall clock, and CPU time where it says so)"
printf 'clean Windows build: ours %.1f s, theirs %.1f s, ratio %s (target: at most 0.5)\n' "$oc" "$tc" "$(ratio "$oc" "$tc")"
printf '  CPU: ours %.1f s, theirs %.1f s, ratio %s\n' "$occ" "$tcc" "$(ratio "$occ" "$tcc")"
printf 'each store beyond std (std prebuilt): ours %.1f s, theirs %.1f s, ratio %s\n' "$og" "$tg" "$(ratio "$og" "$tg")"
printf '  CPU: ours %.1f s, theirs %.1f s, ratio %s\n' "$ogc" "$tgc" "$(ratio "$ogc" "$tgc")"
printf 'rebuild after touching lib.rs: ours %.1f s, theirs %.1f s, ratio %s\n' "$ot" "$tt" "$(ratio "$ot" "$tt")"
printf 'std alone (the seed): %.1f s, CPU %.1f s\n' "$(median "$OUT/std-clean.times")" "$(median "$OUT/std-clean.cpu")"
printf 'clean host (Linux) build of ours: %.1f s, CPU %.1f s\n' "$hc" "$hcc"
printf 'stripped DLL: ours %d bytes, theirs %d bytes, ratio %s\n' "$ours_size" "$theirs_size" \
    "$(ratio "$ours_size" "$theirs_size")"
printf 'lines the author writes: ours %d, theirs %d, ratio %s\n' "$ours_lines" "$theirs_lines" \
    "$(ratio "$ours_lines" "$theirs_lines")"
