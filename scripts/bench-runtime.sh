#!/usr/bin/env bash
# The runtime's benchmarks of issue 6, with the figures and ratios printed at the end:
#  - call overhead: Notify (no strings) and GetItemInfo (BSTR in, VARIANT in, VT_BSTR out) into
#    our store object, a windows-core #[implement] object and a raw vtable, in one divan run, and
#    the instructions per call under callgrind (repeatable on a loaded machine) when valgrind is
#    installed;
#  - download plumbing: tracks per second from Download to the last DownloadTrack (divan), and
#    peak memory at 10k, 100k and 1M tracks, one process each.
# Targets: ours at most 1.05 x windows-core for Notify; at least 2,000,000 tracks/s at 100k tracks;
# no growth of the download's peak memory with the track count.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT

echo "== cargo bench -p contentpartner --bench call_overhead"
cargo bench -q -p contentpartner --bench call_overhead | tee "$LOG/calls.txt"
echo "== cargo bench -p contentpartner --bench download"
cargo bench -q -p contentpartner --bench download | tee "$LOG/download.txt"
echo "== cargo bench -p contentpartner --bench download_memory"
cargo bench -q -p contentpartner --bench download_memory | tee "$LOG/memory.txt"

# Divan's rows: a name after "─ ", then fastest, slowest, median, mean. Prints "group/name median_ns".
medians() {
    awk '
        function ns(v, unit) { return unit == "ns" ? v : unit == "µs" ? v * 1e3 : unit == "ms" ? v * 1e6 : v * 1e9 }
        /─ / {
            name = $0; sub(/.*─ /, "", name); sub(/ .*/, "", name)
            n = 0; rest = $0
            while (match(rest, /[0-9.]+ (ns|µs|ms|s) /)) {
                split(substr(rest, RSTART, RLENGTH), t, " "); v[++n] = ns(t[1], t[2]); rest = substr(rest, RSTART + RLENGTH)
            }
            if (n == 0) group = name; else print group "/" name, v[3]
        }' "$1"
}
medians "$LOG/calls.txt" >"$LOG/calls.med"
medians "$LOG/download.txt" >"$LOG/download.med"
median() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

echo
echo "== Call overhead (divan medians, one run)"
printf '%-10s %12s %14s %10s %16s %12s\n' method "ours ns" "windows-core" raw "ours/windows-core" "ours/raw"
for m in notify item_info; do
    o=$(median "$LOG/calls.med" "$m/ours")
    w=$(median "$LOG/calls.med" "$m/windows_core")
    r=$(median "$LOG/calls.med" "$m/raw")
    awk -v m="$m" -v o="$o" -v w="$w" -v r="$r" \
        'BEGIN { printf "%-10s %12.2f %14.2f %10.2f %16.3f %12.3f\n", m, o, w, r, o / w, o / r }'
done

if command -v valgrind >/dev/null; then
    bin=$(cargo bench -q -p contentpartner --bench call_overhead --no-run --message-format=json |
        grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
    instructions() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --calls "$@" 2>&1 |
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    }
    echo
    echo "== Call overhead (callgrind: instructions per call, (I(200k) - I(100k)) / 100k)"
    printf '%-10s %12s %14s %10s %16s %12s\n' method ours windows-core raw "ours/windows-core" "ours/raw"
    for m in notify item_info; do
        declare -A per=()
        for o in ours windows_core raw; do
            a=$(instructions "$m" "$o" 100000)
            b=$(instructions "$m" "$o" 200000)
            per[$o]=$(((b - a) / 100000))
        done
        awk -v m="$m" -v o="${per[ours]}" -v w="${per[windows_core]}" -v r="${per[raw]}" \
            'BEGIN { printf "%-10s %12d %14d %10d %16.3f %12.3f\n", m, o, w, r, o / w, o / r }'
    done
else
    echo "(valgrind not installed: no instruction counts)"
fi

echo
echo "== Download plumbing (divan medians, albums of 12 tracks)"
printf '%9s %12s %14s\n' tracks "median ms" "tracks/s"
for n in 10000 100000 1000000; do
    t=$(median "$LOG/download.med" "download/$n")
    awk -v n="$n" -v t="$t" 'BEGIN { printf "%9d %12.2f %14.0f\n", n, t / 1e6, n / (t / 1e9) }'
done

echo
echo "== Download peak memory (one process per count; KiB)"
cat "$LOG/memory.txt"
