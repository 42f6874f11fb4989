# Shared by the scripts that test the store under Wine (windows-e2e.sh, install-e2e.sh): the
# cross-build, Wine's paths, and one PASS/FAIL line per step with a summary. Sourced with ROOT set
# to the repository; the sourcing script sets WINEPREFIX.
# Wine 8 lacks bcryptprimitives.dll, which the std of x86_64-pc-windows-gnu imports; the std of the
# win7 target does not.
TARGET=x86_64-win7-windows-gnu
# The Windows build's target directory (WIN_TARGET_DIR to choose another).
WIN_TARGET_DIR=${WIN_TARGET_DIR:-$ROOT/target-win}
OUT=$WIN_TARGET_DIR/$TARGET/release
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
# Debian's Rust 1.96 is the toolchain with the std sources -Zbuild-std needs.
windows_cargo() {
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_DIR=$WIN_TARGET_DIR \
        CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_RUNNER=$WINE /usr/bin/cargo -Zbuild-std "$@" --locked --target "$TARGET"
}

scratch=$(mktemp -d)
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
finish() {
    # Wine 8's dllhost.exe does not exit when its last object goes.
    "$WINESERVER" -k >/dev/null 2>&1
    rm -rf "$scratch"
    printf '%s passed, %s failed\n' "$passed" "$failed"
    [ "$failed" -eq 0 ]
    exit $?
}
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f s", b - a }'; }

# A registry key's values as `reg query` prints them, one per line, without Wine's CRs.
query() { "$WINE" reg query "$@" 2>/dev/null | tr -d '\r' | sed '/^$/d'; }
# The Windows path of a file under the Unix root.
winpath() { printf 'Z:%s' "$1" | tr '/' '\\'; }

# The harness's bound on each wait, in seconds (its calls get three times as long): generous, since
# a call across processes under Wine on a loaded 2-core machine can take seconds.
HARNESS_TIMEOUT=${HARNESS_TIMEOUT:-20}

# The harness, its report kept in a file: dllhost.exe inherits the handles and outlives it, so a
# pipe would never close. Prints the checks named by the pattern, and the summary.
harness() {
    local name=$1 pattern=$2 start report
    shift 2
    start=$(seconds)
    report="$scratch/$name.txt"
    "$WINE" "${HARNESS:?}" --timeout "$HARNESS_TIMEOUT" "$@" >"$report" 2>"$scratch/$name.err"
    local code=$?
    tr -d '\r' <"$report" | grep -E "$pattern" | sed 's/^ */    /'
    local summary
    summary=$(tr -d '\r' <"$report" | tail -n 1)
    if [ "$code" -eq 0 ]; then
        pass "$name" "$summary; $(elapsed "$start") in all"
    else
        fail "$name" "exit $code: $(tr -d '\r' <"$report" | grep -c '^  FAIL') checks failed
$(tr -d '\r' <"$report" | grep '^  FAIL' | head -n 10)
$(tail -n 5 "$scratch/$name.err")"
    fi
}

# The proxy/stub DLL for the contentpartner interfaces, built into DIR (log in LOG): proxies, IIDs and dlldata by widl (-Oif: the interpreted stubs mingw
# can compile), linked by mingw gcc. Never `-o /dev/null` for widl: on an error it deletes it.
build_proxystub() {
    local dir=$1 log=$2
    mkdir -p "$dir"
    widl() { widl-stable -m64 -Oif -I /usr/include/wine/wine/windows "$@"; }
    widl -h -o "$dir/contentpartner.h" contentpartner.idl &&
        widl -u -o "$dir/contentpartner_i.c" contentpartner.idl &&
        widl -p -o "$dir/contentpartner_p.c" contentpartner.idl &&
        widl-stable -m64 --dlldata-only -o "$dir/dlldata.c" contentpartner &&
        x86_64-w64-mingw32-gcc -O2 -shared -DWIN32 -DREGISTER_PROXY_DLL -I "$dir" \
            -include scripts/proxystub/iunknown_proxies.h \
            "$dir/contentpartner_p.c" "$dir/dlldata.c" "$dir/contentpartner_i.c" \
            scripts/proxystub/contentpartner_ps.def -o "$dir/contentpartner_ps.dll" \
            -lrpcrt4 -loleaut32 -luuid -lole32 >"$log" 2>&1
}

# Installs the Debian packages named that are missing: a PASS line, or a FAIL line and the end.
need_packages() {
    local installed
    if installed=$(bash scripts/ensure-packages.sh "$@"); then
        pass packages "${installed:+installed $installed; }$* present"
    else
        fail packages "could not install the missing ones of $*"
        finish
    fi
}
