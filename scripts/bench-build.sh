#!/usr/bin/env bash
# Store build cost and DLL size (issue 6): the sample store (examples/sample-store, ours) against the
# same store written with the `windows` crate (benches/windows-store, theirs).
#
# - Clean release builds for x86_64-pc-windows-gnu with Debian's Rust and -Zbuild-std, alternating
#   ours and theirs, each into a fresh target dir under target/bench-build/ (ROUNDS each, default 3).
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

needed=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev)
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

win_cargo() {
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo "$@"
}

# Downloads are not part of the measurement.
win_cargo fetch --locked --target "$TARGET" --manifest-path "$ROOT/Cargo.toml" >/dev/null
win_cargo fetch --locked --target "$TARGET" --manifest-path "$THEIRS/Cargo.toml" >/dev/null

# Runs a command with its output in $OUT/LABEL.log; prints "LABEL wall user+sys" and appends the
# wall-clock seconds to the file $OUT/LABEL.times (LABEL without its round number).
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
    printf '%-22s %8.1f s wall %8.1f s cpu\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
    echo "$wall" >>"$OUT/$series.times"
}

ours_build() { win_cargo -Zbuild-std build --release --locked --target "$TARGET" -p sample-store --target-dir "$1"; }
theirs_build() {
    (cd "$THEIRS" && win_cargo -Zbuild-std build --release --locked --target "$TARGET" --target-dir "$1")
}

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

mkdir -p "$OUT"
rm -f "$OUT"/*.times

echo "== clean release builds for $TARGET (-Zbuild-std), $ROUNDS rounds, alternating"
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$OUT/ours-$round" "$OUT/theirs-$round"
    # Alternate which goes first, so a change in the machine's load does not always favour one.
    if ((round % 2)); then
        timed "ours-$round" ours-clean ours_build "$OUT/ours-$round"
        timed "theirs-$round" theirs-clean theirs_build "$OUT/theirs-$round"
    else
        timed "theirs-$round" theirs-clean theirs_build "$OUT/theirs-$round"
        timed "ours-$round" ours-clean ours_build "$OUT/ours-$round"
    fi
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
printf 'ours   %9d bytes (unstripped %d)\n' "$ours_size" "$(stat -c %s "$ours_dll")"
printf 'theirs %9d bytes (unstripped %d)\n' "$theirs_size" "$(stat -c %s "$theirs_dll")"

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
ot=$(median "$OUT/ours-touch.times")
tt=$(median "$OUT/theirs-touch.times")
hc=$(median "$OUT/host-clean.times")
echo "== summary (medians of $ROUNDS rounds, wall clock)"
printf 'clean Windows build: ours %.1f s, theirs %.1f s, ratio %s (target: at most 0.5)\n' "$oc" "$tc" "$(ratio "$oc" "$tc")"
printf 'rebuild after touching lib.rs: ours %.1f s, theirs %.1f s, ratio %s\n' "$ot" "$tt" "$(ratio "$ot" "$tt")"
printf 'clean host (Linux) build of ours: %.1f s\n' "$hc"
printf 'stripped DLL: ours %d bytes, theirs %d bytes, ratio %s\n' "$ours_size" "$theirs_size" \
    "$(ratio "$ours_size" "$theirs_size")"
printf 'lines the author writes: ours %d, theirs %d, ratio %s\n' "$ours_lines" "$theirs_lines" \
    "$(ratio "$ours_lines" "$theirs_lines")"
