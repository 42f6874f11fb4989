#!/usr/bin/env bash
# Front end against widl: every IDL file of Wine's corpus that `widl-stable -h` accepts, one
# process per file, `cpidl check` against `widl-stable -h` with the same include path, in
# alternating rounds; then cpidl's batch mode (all files in one process, imports parsed once).
#
#   scripts/bench-frontend.sh [ROUNDS]        (default 3 rounds; CORPUS=dir overrides the corpus)
#
# Prints each round's totals and the ratio cpidl / widl (the target is at most 0.5).
set -euo pipefail

rounds=${1:-3}
corpus=${CORPUS:-/usr/include/wine/wine/windows}
root=$(cd "$(dirname "$0")/.." && pwd)

command -v widl-stable >/dev/null || { echo "widl-stable not found (Debian: apt-get install wine64-tools)" >&2; exit 1; }
[ -d "$corpus" ] || { echo "no IDL corpus at $corpus" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# widl removes its output file when it fails, so it always writes into the scratch directory
# (never -o /dev/null: as root, a failing run would delete /dev/null).
files=()
for f in "$corpus"/*.idl; do
    if widl-stable -h -I "$corpus" -o "$scratch/accept.h" "$f" >/dev/null 2>&1; then
        files+=("$f")
    fi
done
total=$(find "$corpus" -maxdepth 1 -name '*.idl' | wc -l)
echo "corpus: $corpus, ${#files[@]} of $total files accepted by widl-stable -h"

(cd "$root" && cargo build --release --quiet -p contentpartner-codegen --bin cpidl)
cpidl="$root/target/release/cpidl"

# Every accepted file must pass our check too, or the timings would compare different work.
if ! "$cpidl" check -I "$corpus" "${files[@]}" >/dev/null 2>"$scratch/batch.err"; then
    echo "cpidl rejects files widl accepts:" >&2
    cat "$scratch/batch.err" >&2
    exit 1
fi

now() { date +%s.%N; }
# calc EXPR: floating-point arithmetic on the figures (awk is everywhere bc may not be).
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

run_widl() {
    local f
    for f in "${files[@]}"; do
        widl-stable -h -I "$corpus" -o "$scratch/out.h" "$f" >/dev/null 2>&1
    done
}

run_cpidl() {
    local f
    for f in "${files[@]}"; do
        "$cpidl" check -I "$corpus" "$f" >/dev/null 2>&1
    done
}

printf '%-7s %12s %12s %8s\n' round "widl (s)" "cpidl (s)" ratio
widl_sum=0
cpidl_sum=0
for ((r = 1; r <= rounds; r++)); do
    t0=$(now)
    run_widl
    t1=$(now)
    run_cpidl
    t2=$(now)
    w=$(calc "$t1 - $t0")
    c=$(calc "$t2 - $t1")
    widl_sum=$(calc "$widl_sum + $w")
    cpidl_sum=$(calc "$cpidl_sum + $c")
    printf '%-7s %12.2f %12.2f %8.2f\n' "$r" "$w" "$c" "$(calc "$c / $w")"
done
printf '%-7s %12.2f %12.2f %8.2f   (target: at most 0.5)\n' all "$widl_sum" "$cpidl_sum" \
    "$(calc "$cpidl_sum / $widl_sum")"

for ((r = 1; r <= rounds; r++)); do
    t0=$(now)
    "$cpidl" check -I "$corpus" "${files[@]}" >/dev/null 2>&1
    t1=$(now)
    printf 'batch %d: cpidl check -I %s <%d files>: %.2f s\n' "$r" "$corpus" "${#files[@]}" "$(calc "$t1 - $t0")"
done
