#!/usr/bin/env bash
# The sample store as a real Windows DLL under Wine's COM, driven like Windows Media Player drives
# it. Cross-builds the store DLL and the Player harness with Debian's Rust, builds a proxy/stub DLL
# from contentpartner.idl with widl and mingw gcc, and in a Wine prefix under target/:
#   regsvr32 and every registry value; the harness in-process (CLSCTX_INPROC_SERVER, from an STA
#   and from the MTA) and in dllhost.exe (CLSCTX_LOCAL_SERVER, from an STA and the MTA), each with a
#   10,054-track download, every async pair, panics, SetCallback(NULL) and Release in the middle
#   of a download, and a player that ends the session from inside the store's callbacks; the
#   runtime's tests under Wine; Wine's own DOMDocument60 driven through bindings generated from its
#   msxml6.idl; regsvr32 /u, the registry as it was, and REGDB_E_CLASSNOTREG.
# Prints one line per step and a summary; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# shellcheck source=scripts/wine-lib.sh
source scripts/wine-lib.sh
DLL=$OUT/sample_store.dll
HARNESS=$OUT/cp-harness.exe
PROXY_DIR=$WIN_TARGET_DIR/proxystub
PROXY=$PROXY_DIR/contentpartner_ps.dll
CLSID='{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}'
PARTNER_IID='{55455073-41B5-4E75-87B8-F13BDB291D08}'
SUBSCRIPTION='HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic'
export WINEPREFIX=$ROOT/target/wineprefix

# 1. Packages.
needed=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev wine64 wine64-tools libwine-dev)
need_packages "${needed[@]}"

# 2. Cross-build the store DLL and the harness.
start=$(seconds)
if windows_cargo build -q --release -p sample-store -p player-harness >"$scratch/build.log" 2>&1 &&
    [ -f "$DLL" ] && [ -f "$HARNESS" ]; then
    pass build "$(basename "$DLL") ($(du -k "$DLL" | cut -f1) KiB), $(basename "$HARNESS") in $(elapsed "$start")"
else
    fail build "$(tail -n 5 "$scratch/build.log")"
    finish
fi

# 3. The proxy/stub DLL from our own contentpartner.idl: proxies, IIDs and dlldata by widl (-Oif:
# the interpreted stubs mingw can compile), linked by mingw gcc.
start=$(seconds)
if build_proxystub "$PROXY_DIR" "$scratch/proxy.log"; then
    pass "proxy/stub DLL" "$(basename "$PROXY") ($(du -k "$PROXY" | cut -f1) KiB) in $(elapsed "$start")"
else
    fail "proxy/stub DLL" "$(tail -n 5 "$scratch/proxy.log")"
    finish
fi

# 4. A Wine prefix under target/.
start=$(seconds)
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    "$WINE" wineboot --init >/dev/null 2>&1
    "$WINESERVER" -w
fi
if [ -f "$WINEPREFIX/system.reg" ]; then pass prefix "$WINEPREFIX in $(elapsed "$start")"; else fail prefix "wineboot did not make a prefix"; finish; fi

dllwin=$(winpath "$DLL")
proxywin=$(winpath "$PROXY")
# A run that died half-way leaves its registration in the reused prefix: undo it first.
"$WINE" regsvr32 /s /u "$dllwin" >/dev/null 2>&1
"$WINE" regsvr32 /s /u "$proxywin" >/dev/null 2>&1

export_registry() {
    "$WINE" reg export HKCR "$(winpath "$scratch/$1-hkcr.reg")" /y >/dev/null 2>&1 &&
        "$WINE" reg export 'HKLM\SOFTWARE' "$(winpath "$scratch/$1-hklm.reg")" /y >/dev/null 2>&1
}
export_registry before || fail "registry export" "before registration"

# 5. regsvr32 of both DLLs, and exactly the values of a type 1 store (facts 5.1).
if "$WINE" regsvr32 /s "$proxywin" >/dev/null 2>&1 &&
    [ "$(query "HKCR\\Interface\\$PARTNER_IID\\ProxyStubClsid32")" != "" ]; then
    pass "regsvr32 proxy/stub" "Interface\\$PARTNER_IID\\ProxyStubClsid32 written"
else
    fail "regsvr32 proxy/stub" "no ProxyStubClsid32 for IWMPContentPartner"
fi
if "$WINE" regsvr32 /s "$dllwin" >/dev/null 2>&1; then pass regsvr32 "$dllwin"; else fail regsvr32 "exit $?"; fi

expect() {
    local name=$1 key=$2 want=$3 got
    got=$(query "$key" /s)
    if [ "$got" = "$want" ]; then
        pass "$name" "$(printf '%s' "$want" | grep -c REG_) values as expected"
    else
        fail "$name" "expected:
$want
got:
$got"
    fi
}
expect "Subscriptions key" "$SUBSCRIPTION" "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\ContosoMusic
    Capabilities    REG_DWORD    0x58
    FriendlyName    REG_SZ    Contoso Music
    SubscriptionObjectGUID    REG_SZ    $CLSID"
expect "CLSID key" "HKCR\\CLSID\\$CLSID" "HKEY_CLASSES_ROOT\\CLSID\\$CLSID
    (Default)    REG_SZ    Contoso Music
    AppID    REG_SZ    $CLSID
HKEY_CLASSES_ROOT\\CLSID\\$CLSID\\InprocServer32
    (Default)    REG_SZ    $dllwin
    ThreadingModel    REG_SZ    Apartment"
expect "AppID key" "HKCR\\AppID\\$CLSID" "HKEY_CLASSES_ROOT\\AppID\\$CLSID
    (Default)    REG_SZ    Contoso Music
    DllSurrogate    REG_SZ    "

scenario='runs where|CoCreateInstance|round trip|once per track|panic|SetCallback\(NULL\)|Release in the middle|from inside'

# 6. In-process, from a single-threaded apartment that pumps messages (the player's UI thread,
# where every callback is marshaled in) and from the multithreaded apartment.
harness "in-process, STA player (CLSCTX_INPROC_SERVER)" "$scenario" --com inproc --apartment sta --store ContosoMusic
harness "in-process, MTA player (CLSCTX_INPROC_SERVER)" "$scenario" --com inproc --apartment mta --store ContosoMusic

# 7. Out-of-process in dllhost.exe. Wine 8.0 looks for syswow64\dllhost.exe when DllSurrogate is
# empty (the value a store must write, correct on Windows): this prefix spells the path out.
"$WINE" reg add "HKCR\\AppID\\$CLSID" /v DllSurrogate /t REG_SZ /d 'C:\windows\system32\dllhost.exe' /f >/dev/null 2>&1
harness "out-of-process, STA player (CLSCTX_LOCAL_SERVER, dllhost.exe)" "$scenario" --com local --apartment sta --store ContosoMusic
harness "out-of-process, MTA player (CLSCTX_LOCAL_SERVER, dllhost.exe)" "$scenario" --com local --apartment mta --store ContosoMusic
"$WINESERVER" -k >/dev/null 2>&1

# 7b. The harness against a store that is not ours: benches/windows-store, the same store written
# with the windows crate alone (its own CLSID and key, registered beside the sample). Every rule
# that applies is checked; the sample's own answers are not. Its known protocol violations are
# pinned here with their reasons, so a new one (or a fixed one) fails this step:
# - it joins its workers in SetCallback(NULL) without dispatching calls, so from an STA player
#   SetCallback(NULL) in the middle of a download deadlocks (its worker is calling into that STA),
#   and out-of-process SetCallback(NULL) from inside DownloadTrack deadlocks (the RPC thread waits
#   for the worker, which waits for the player, which waits for the RPC thread);
# - one stop flag for all sessions: SetCallback(new) from inside DownloadTrack revives the old
#   session's download, which goes on to the old player.
# A deadlock ends that run: the watchdog names the call (after three times the harness's timeout).
WS_DLL=$OUT/windows_store.dll
WS_KEY=ContosoMusicWindowsCrate
WS_CLSID='{6A2B9C41-3E57-4D8F-A1C0-5B7E9D2F4C63}'
start=$(seconds)
if windows_cargo build -q --release --manifest-path benches/windows-store/Cargo.toml >"$scratch/ws-build.log" 2>&1 &&
    "$WINE" regsvr32 /s "$(winpath "$WS_DLL")" >/dev/null 2>&1; then
    pass "windows-crate store: build and regsvr32" "$(basename "$WS_DLL") ($(du -k "$WS_DLL" | cut -f1) KiB) in $(elapsed "$start")"
    "$WINE" reg add "HKCR\\AppID\\$WS_CLSID" /v DllSurrogate /t REG_SZ /d 'C:\windows\system32\dllhost.exe' /f >/dev/null 2>&1
    # The harness's FAIL lines for one run against it, by check name, sorted.
    ws_failures() {
        local report="$scratch/ws-$1.txt"
        shift
        "$WINE" "$HARNESS" "$@" --store "$WS_KEY" --timeout "$HARNESS_TIMEOUT" >"$report" 2>/dev/null
        tr -d '\r' <"$report" | sed -n 's/^  FAIL \([^:]*\):.*/\1/p' | sort | paste -sd ';'
        tr -d '\r' <"$report" | grep -E ' passed, ' | tail -n 1 >"$report.summary"
    }
    ws_expect() {
        local name=$1 expected=$2 got
        shift 2
        start=$(seconds)
        got=$(ws_failures "$name" "$@")
        if [ "$got" = "$expected" ]; then
            pass "windows-crate store, $name" "$(cat "$scratch/ws-$name.txt.summary"); the known violations: ${expected:-none}; $(elapsed "$start")"
        else
            fail "windows-crate store, $name" "expected the failures [$expected], got [$got]"
        fi
        "$WINESERVER" -k >/dev/null 2>&1
    }
    ws_expect "in-process, MTA player" "SetCallback(new) from inside DownloadTrack" --com inproc --apartment mta
    ws_expect "in-process, STA player" "SetCallback(NULL)" --com inproc --apartment sta
    ws_expect "out-of-process, STA player" "SetCallback(NULL) inside DownloadTrack" --com local --apartment sta
    ws_expect "out-of-process, MTA player" "SetCallback(NULL) inside DownloadTrack" --com local --apartment mta

    # Same-run speed: one 3,000-track download out-of-process from an STA player (WMP's UI
    # thread), ours and theirs alternated five times.
    ours=() theirs=()
    timed() { "$WINE" "$HARNESS" --com local --apartment sta --store "$1" --time-download 3000 --timeout "$HARNESS_TIMEOUT" 2>/dev/null | tr -d '\r' |
        sed -n 's/.*download timed: 3000 tracks in \([0-9]*\) ms.*/\1/p'; "$WINESERVER" -k >/dev/null 2>&1; }
    for _ in 1 2 3 4 5; do
        ours+=("$(timed ContosoMusic)")
        theirs+=("$(timed "$WS_KEY")")
    done
    pairs=$(paste -d/ <(printf '%s\n' "${ours[@]}") <(printf '%s\n' "${theirs[@]}") | paste -sd ' ')
    ratio=$(paste <(printf '%s\n' "${ours[@]}") <(printf '%s\n' "${theirs[@]}") |
        awk '$1 > 0 && $2 > 0 { printf "%.2f\n", $1 / $2 }' | sort -n | awk '{ r[NR] = $1 } END { if (NR == 5) print r[3] }')
    if [ -n "$ratio" ]; then
        pass "same-run download speed, out-of-process" "3,000 tracks, ours/theirs in ms: $pairs; median ratio $ratio"
    else
        fail "same-run download speed, out-of-process" "a timing is missing: $pairs"
    fi

    if "$WINE" regsvr32 /s /u "$(winpath "$WS_DLL")" >/dev/null 2>&1; then
        pass "windows-crate store: regsvr32 /u" "$(basename "$WS_DLL")"
    else
        fail "windows-crate store: regsvr32 /u" "exit $?"
    fi
else
    fail "windows-crate store: build and regsvr32" "$(tail -n 5 "$scratch/ws-build.log")"
fi

# 7c. A COM server nobody here wrote: Wine's DOMDocument60 (msxml3.dll), driven by bindings that
# examples/msxml-client's build script generates from Wine's msxml6.idl. It loads an XML text,
# selects a node by XPath and reads its text once per way (the dual interface's vtable, the
# dispinterface wrapper's IDispatch::Invoke by DISPID, and --windows-crate bindings on a `windows`
# crate object); the results must be equal.
start=$(seconds)
if windows_cargo build -q --release --manifest-path examples/msxml-client/Cargo.toml >"$scratch/msxml-build.log" 2>&1; then
    "$WINE" "$OUT/msxml-client.exe" >"$scratch/msxml.txt" 2>&1
    code=$?
    tr -d '\r' <"$scratch/msxml.txt" | sed 's/^/    /'
    if [ "$code" -eq 0 ]; then
        pass "msxml6 DOMDocument60 through generated bindings" "$(tr -d '\r' <"$scratch/msxml.txt" | tail -n 1 | sed 's/^ok //'); $(elapsed "$start")"
    else
        fail "msxml6 DOMDocument60 through generated bindings" "exit $code"
    fi
else
    fail "msxml6 DOMDocument60 through generated bindings" "build: $(tail -n 5 "$scratch/msxml-build.log")"
fi
"$WINESERVER" -k >/dev/null 2>&1

# 8. The runtime's tests on Windows: oleaut32's BSTRs, the registry, apartments, the global
# interface table and a single-threaded player's marshaled callbacks (with the proxy/stub
# registered), for real.
start=$(seconds)
if windows_cargo test -p contentpartner >"$scratch/tests.log" 2>&1; then
    counts=$(tr -d '\r' <"$scratch/tests.log" | awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }')
    pass "runtime tests under Wine" "$counts in $(elapsed "$start")"
else
    fail "runtime tests under Wine" "$(tr -d '\r' <"$scratch/tests.log" | grep -E 'FAILED|panicked|error' | head -n 10)"
fi
# 9. regsvr32 /u removes all of it; the class is then unknown, and the registry is as it was.
if "$WINE" regsvr32 /s /u "$dllwin" >/dev/null 2>&1; then pass "regsvr32 /u" "$dllwin"; else fail "regsvr32 /u" "exit $?"; fi
left=""
for key in "$SUBSCRIPTION" "HKCR\\CLSID\\$CLSID" "HKCR\\AppID\\$CLSID"; do
    # `reg query` prints its "not found" message on stdout: only its exit status tells.
    "$WINE" reg query "$key" >/dev/null 2>&1 && left="$left $key"
done
if [ -z "$left" ]; then pass "nothing of ours left" "3 keys gone"; else fail "nothing of ours left" "still there:$left"; fi
harness "unregistered, in-process" "CoCreateInstance" --com inproc --expect-unregistered "$CLSID"
harness "unregistered, out-of-process" "CoCreateInstance" --com local --expect-unregistered "$CLSID"
"$WINESERVER" -k >/dev/null 2>&1
if "$WINE" regsvr32 /s /u "$proxywin" >/dev/null 2>&1; then pass "regsvr32 /u proxy/stub" "$proxywin"; else fail "regsvr32 /u proxy/stub" "exit $?"; fi
if export_registry after && cmp -s "$scratch/before-hkcr.reg" "$scratch/after-hkcr.reg" &&
    cmp -s "$scratch/before-hklm.reg" "$scratch/after-hklm.reg"; then
    pass "registry before = after" "HKCR and HKLM\\SOFTWARE exports identical"
else
    changes=$(for h in hkcr hklm; do
        diff <(iconv -f UTF-16LE -t UTF-8 "$scratch/before-$h.reg") <(iconv -f UTF-16LE -t UTF-8 "$scratch/after-$h.reg")
    done | grep '^[<>]' | head -n 20)
    fail "registry before = after" "the exports differ:
$changes"
fi

finish
