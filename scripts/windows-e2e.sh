#!/usr/bin/env bash
# The sample store as a real Windows DLL under Wine: cross-built with Debian's Rust, registered with
# regsvr32, every registry value checked, unregistered, and the registry compared before and after.
# Prints one line per step and a summary; exits non-zero on any failure.
#
# Still to come (issue 5): the Player harness in COM mode, in-process and in dllhost.exe, the
# proxy/stub DLL built with widl, and the runtime's unit tests under Wine.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# Wine 8 lacks bcryptprimitives.dll, which the std of x86_64-pc-windows-gnu imports; the std of the
# win7 target does not.
TARGET=x86_64-win7-windows-gnu
DLL=$ROOT/target-win/$TARGET/release/sample_store.dll
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
CLSID='{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}'
SUBSCRIPTION='HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic'
export WINEPREFIX=$ROOT/target/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
finish() {
    "$WINESERVER" -k >/dev/null 2>&1
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

# 1. Packages.
needed=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev wine64)
missing=()
for pkg in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        pass packages "installed ${missing[*]}"
    else
        fail packages "could not install ${missing[*]}"
        finish
    fi
else
    pass packages "${needed[*]} present"
fi

# 2. Cross-build the store DLL with Debian's Rust and -Zbuild-std.
start=$(seconds)
if RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_DIR=$ROOT/target-win \
    /usr/bin/cargo -Zbuild-std build -q --locked --release -p sample-store --target "$TARGET" >/tmp/cp-e2e-build.log 2>&1 &&
    [ -f "$DLL" ]; then
    pass build "$(basename "$DLL") ($(du -k "$DLL" | cut -f1) KiB) in $(elapsed "$start")"
else
    fail build "$(tail -n 5 /tmp/cp-e2e-build.log)"
    finish
fi

# 3. A Wine prefix under target/.
start=$(seconds)
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    "$WINE" wineboot --init >/dev/null 2>&1
    "$WINESERVER" -w
fi
if [ -f "$WINEPREFIX/system.reg" ]; then pass prefix "$WINEPREFIX in $(elapsed "$start")"; else fail prefix "wineboot did not make a prefix"; finish; fi

scratch=$(mktemp -d)
export_registry() {
    "$WINE" reg export HKCR "$(winpath "$scratch/$1-hkcr.reg")" /y >/dev/null 2>&1 &&
        "$WINE" reg export 'HKLM\SOFTWARE' "$(winpath "$scratch/$1-hklm.reg")" /y >/dev/null 2>&1
}
export_registry before || fail "registry export" "before registration"

# 4. regsvr32, and exactly the values of a type 1 store (facts 5.1).
dllwin=$(winpath "$DLL")
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

# 5. regsvr32 /u removes all of it, and the registry is as it was.
if "$WINE" regsvr32 /s /u "$dllwin" >/dev/null 2>&1; then pass "regsvr32 /u" "$dllwin"; else fail "regsvr32 /u" "exit $?"; fi
left=""
for key in "$SUBSCRIPTION" "HKCR\\CLSID\\$CLSID" "HKCR\\AppID\\$CLSID"; do
    # `reg query` prints its "not found" message on stdout: only its exit status tells.
    "$WINE" reg query "$key" >/dev/null 2>&1 && left="$left $key"
done
if [ -z "$left" ]; then pass "nothing of ours left" "3 keys gone"; else fail "nothing of ours left" "still there:$left"; fi
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
rm -rf "$scratch"
finish
