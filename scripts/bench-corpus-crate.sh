#!/usr/bin/env bash
# Wine's corpus as one crate, at a git revision and at the working tree, in one run: `cpidl crate`
# (release build) over every file `widl-stable -h` accepts, the generated lines (and per line of
# those IDL files), the generation time, then `cargo check` of the crate, its dependencies built
# first so the time is the generated code's own.
#
#   scripts/bench-corpus-crate.sh [REV]     (default HEAD~1; CORPUS=dir overrides the corpus)
set -euo pipefail

rev=${1:-HEAD~1}
corpus=${CORPUS:-/usr/include/wine/wine/windows}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v widl-stable >/dev/null || { echo "widl-stable not found (Debian: apt-get install wine64-tools)" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$scratch/rev" 2>/dev/null || true; rm -rf "$scratch"' EXIT

# Never -o /dev/null: widl deletes its output on error.
files=()
for f in "$corpus"/*.idl; do
    if widl-stable -h -I "$corpus" -o "$scratch/accept.h" "$f" >/dev/null 2>&1; then files+=("$f"); fi
done
idl_lines=$(cat "${files[@]}" | wc -l)
echo "corpus: ${#files[@]} files widl-stable accepts, $idl_lines lines"

git -C "$root" worktree add -q --detach "$scratch/rev" "$rev"

# measure LABEL SOURCE-TREE: builds its cpidl, writes the crate, checks it.
measure() {
    local label=$1 tree=$2 target="$scratch/$1.target" out="$scratch/$1-crate"
    (cd "$tree" && CARGO_TARGET_DIR="$target" cargo build -q --release --locked -p contentpartner-codegen --bin cpidl)
    local start end
    start=$(date +%s.%N)
    "$target/release/cpidl" crate --name wine-corpus --out "$out" --runtime-path "$tree/runtime" -I "$corpus" "${files[@]}" \
        2>/dev/null | tail -n 1
    end=$(date +%s.%N)
    printf '\n[workspace]\n' >> "$out/Cargo.toml"
    cp "$tree/Cargo.lock" "$out/"
    local lines
    lines=$(cat "$out"/src/*.rs | wc -l)
    (cd "$out" && CARGO_TARGET_DIR="$out.target" cargo check -q --offline -p contentpartner)
    local check_start check_end
    check_start=$(date +%s.%N)
    (cd "$out" && CARGO_TARGET_DIR="$out.target" cargo check -q --offline)
    check_end=$(date +%s.%N)
    printf '%s: %s generated lines, %.2f per IDL line, generation %.1f s, cargo check %.1f s\n' "$label" "$lines" \
        "$(echo "$lines / $idl_lines" | bc -l)" "$(echo "$end - $start" | bc)" "$(echo "$check_end - $check_start" | bc)"
}

measure "$rev" "$scratch/rev"
measure "working-tree" "$root"
