#!/usr/bin/env bash
# Stores installed the Windows Installer way, under Wine. cp-install turns each built store DLL
# into a .reg file and a WiX fragment, from the registration export #[content_partner] puts into
# the DLL (the description DllRegisterServer writes from); then, in a Wine prefix under target/
# made afresh for every run:
#   a. regedit /s of the .reg files writes exactly what regsvr32 writes, key by key and value by
#      value, for the sample store and a second one with a name full of characters to escape;
#   b. wixl builds an MSI from the sample's fragment, msiexec /i installs it (the registry from
#      the package's own Registry table, no DllRegisterServer), cp-harness passes against the
#      installed store in-process and in dllhost.exe, and msiexec /x leaves the registry as it was;
#   c. both stores installed side by side: uninstalling one leaves the registry exactly as it was
#      with the other alone, and the other still works.
# Prints one line per step and a summary; exits non-zero on any failure. CARGO_TARGET_DIR and
# WIN_TARGET_DIR choose the host's and the Windows build's target directories.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# shellcheck source=scripts/wine-lib.sh
source scripts/wine-lib.sh
HOST_TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CP_INSTALL=$HOST_TARGET/debug/cp-install
HARNESS=$OUT/cp-harness.exe
PROXY_DIR=$WIN_TARGET_DIR/proxystub
PROXY=$PROXY_DIR/contentpartner_ps.dll
SUBSCRIPTIONS='HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions'
export WINEPREFIX=$ROOT/target/wineprefix-install

# The stores (and the package that primes Windows Installer, step 6): DLL, install folder under
# Program Files, product code and upgrade code.
declare -A DLL=([sample]=$OUT/sample_store.dll [fabrikam]=$OUT/fabrikam_store.dll)
declare -A FOLDER=([sample]="Contoso Music" [fabrikam]="Fabrikam" [prime]="cp-install prime")
declare -A PRODUCT=([sample]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D01} [fabrikam]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D02}
    [prime]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D00})
declare -A UPGRADE=([sample]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D11} [fabrikam]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D12}
    [prime]={6C1D0E57-2F4B-4C2A-9A63-5E0F1B7C9D10})
STORES=(sample fabrikam)

# 1. Packages.
needed=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev wine64 wine64-tools wixl)
need_packages "${needed[@]}"

# 2. cp-install for the build host; the two stores and the harness for Windows; the proxy/stub.
start=$(seconds)
if cargo build -q --locked -p cp-install >"$scratch/host.log" 2>&1 && [ -x "$CP_INSTALL" ]; then
    pass "build cp-install" "$CP_INSTALL in $(elapsed "$start")"
else
    fail "build cp-install" "$(tail -n 5 "$scratch/host.log")"
    finish
fi
start=$(seconds)
if windows_cargo build -q --release -p sample-store -p fabrikam-store -p player-harness >"$scratch/build.log" 2>&1 &&
    [ -f "${DLL[sample]}" ] && [ -f "${DLL[fabrikam]}" ] && [ -f "$HARNESS" ]; then
    pass "build stores" "$(basename "${DLL[sample]}"), $(basename "${DLL[fabrikam]}"), $(basename "$HARNESS") in $(elapsed "$start")"
else
    fail "build stores" "$(tail -n 5 "$scratch/build.log")"
    finish
fi
start=$(seconds)
if build_proxystub "$PROXY_DIR" "$scratch/proxy.log"; then
    pass "proxy/stub DLL" "$(basename "$PROXY") in $(elapsed "$start")"
else
    fail "proxy/stub DLL" "$(tail -n 5 "$scratch/proxy.log")"
    finish
fi

# 3. Installer data from each DLL file: a .reg for the DLL where it was built (for the comparison
# with regsvr32), one for where the package installs it, and a WiX fragment beside a copy of the
# DLL (wixl finds a File's Source relative to the directory it runs in).
made=()
for s in "${STORES[@]}"; do
    dll=${DLL[$s]} name=$(basename "${DLL[$s]}")
    pkg=$scratch/$s-package
    mkdir -p "$pkg" && cp "$dll" "$pkg/$name"
    if "$CP_INSTALL" reg "$dll" --path "$(winpath "$dll")" -o "$scratch/$s-built.reg" &&
        "$CP_INSTALL" reg "$dll" --path "C:\\Program Files\\${FOLDER[$s]}\\$name" -o "$scratch/$s-installed.reg" &&
        "$CP_INSTALL" wix "$dll" --component-id StoreComponent --file-id StoreDll --source "$name" \
            -o "$pkg/store.wxs" 2>"$scratch/$s-cp-install.err"; then
        made+=("$s: $(grep -c '<RegistryValue' "$pkg/store.wxs") values")
    else
        fail "cp-install $s" "$(cat "$scratch/$s-cp-install.err")"
    fi
done
[ "${#made[@]}" -eq "${#STORES[@]}" ] && pass "cp-install reg, wix" "$(IFS=';'; echo "${made[*]}" | sed 's/;/; /g')"

# The package around a fragment: the product, a per-machine install into Program Files, one
# feature with the fragment's component. Codepage 1252 holds the second store's "ú".
product_wxs() {
    local s=$1
    cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="${PRODUCT[$s]}" UpgradeCode="${UPGRADE[$s]}" Name="${FOLDER[$s]} store"
           Manufacturer="${FOLDER[$s]}" Version="1.0.0" Language="1033" Codepage="1252">
    <Package InstallerVersion="200" Compressed="yes" InstallScope="perMachine" />
    <Media Id="1" Cabinet="store.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="${FOLDER[$s]}" />
      </Directory>
    </Directory>
    <Feature Id="Store" Level="1">
      <ComponentRef Id="StoreComponent" />
    </Feature>
  </Product>
</Wix>
EOF
}
start=$(seconds)
built=()
for s in "${STORES[@]}"; do
    pkg=$scratch/$s-package
    product_wxs "$s" >"$pkg/product.wxs"
    if (cd "$pkg" && wixl -a x64 -o store.msi product.wxs store.wxs) >"$scratch/$s-wixl.log" 2>&1 && [ -f "$pkg/store.msi" ]; then
        built+=("$s-package/store.msi, $(du -k "$pkg/store.msi" | cut -f1) KiB")
    else
        fail "wixl $s" "$(tail -n 5 "$scratch/$s-wixl.log")"
    fi
done
[ "${#built[@]}" -eq "${#STORES[@]}" ] && pass wixl "$(IFS=';'; echo "${built[*]}" | sed 's/;/; /g') in $(elapsed "$start")"

# 4. A new prefix, its own.
start=$(seconds)
"$WINESERVER" -k >/dev/null 2>&1
rm -rf "$WINEPREFIX"
"$WINE" wineboot --init >/dev/null 2>&1
"$WINESERVER" -w
if [ -f "$WINEPREFIX/system.reg" ]; then pass prefix "$WINEPREFIX, new, in $(elapsed "$start")"; else fail prefix "wineboot did not make a prefix"; finish; fi

# The registry as lines `[KEY]` and `[KEY] VALUE`, sorted: a .reg file or `reg export`s of it.
flat() {
    for f in "$@"; do iconv -f UTF-16 -t UTF-8 "$f"; done | tr -d '\r' |
        awk '/Windows Registry Editor Version/ || /^$/ { next } /^\[/ { key = $0; print; next } { print key " " $0 }' |
        LC_ALL=C sort -u
}
# HKCR and HKLM\SOFTWARE, whole, flattened into $scratch/NAME.flat.
export_all() {
    local name=$1 h
    for h in HKCR 'HKLM\SOFTWARE'; do
        "$WINE" reg export "$h" "$(winpath "$scratch/$name-${h%%\\*}.reg")" /y >/dev/null 2>&1 || return 1
    done
    flat "$scratch/$name-HKCR.reg" "$scratch/$name-HKLM.reg" >"$scratch/$name.flat"
}
# The keys a .reg file writes, as `reg` names them.
keys_of() { iconv -f UTF-16 -t UTF-8 "$1" | tr -d '\r' | sed -n 's/^\[\(.*\)\]$/\1/p'; }
# What the registry holds now under the keys of a .reg file (and below them), flattened.
store_registry() {
    local reg=$1 key n=0
    while IFS= read -r key; do
        n=$((n + 1))
        "$WINE" reg export "$key" "$(winpath "$scratch/key-$n.reg")" /y >/dev/null 2>&1 || rm -f "$scratch/key-$n.reg"
    done < <(keys_of "$reg")
    compgen -G "$scratch/key-*.reg" >/dev/null && flat "$scratch"/key-*.reg
    rm -f "$scratch"/key-*.reg
}
# PASS when two flattened registries are the same, else FAIL with the lines that differ.
same() {
    local step=$1 a=$2 b=$3 detail=$4
    if [ -s "$a" ] && cmp -s "$a" "$b"; then
        pass "$step" "$detail"
    else
        fail "$step" "the lines that differ (< $(basename "$a"), > $(basename "$b")):
$(diff "$a" "$b" | grep '^[<>]' | head -n 20)"
    fi
}
counts() { printf '%s keys, %s values' "$(grep -vc '\] ' "$1")" "$(grep -c '\] ' "$1")"; }
# msiexec /i or /x of a store's package, quiet, with a verbose log.
msi() {
    local verb=$1 s=$2
    "$WINE" msiexec "/$verb" "$(winpath "$scratch/$s-package/store.msi")" /qn /l*v "$(winpath "$scratch/$s-msiexec-$verb.log")" >/dev/null 2>&1
}
msi_errors() { iconv -f UTF-16 -t UTF-8 "$scratch/$1-msiexec-$2.log" 2>/dev/null | tr -d '\r' | grep -iE 'error|failed|return value 3' | head -n 5; }
installed_dll() { printf '%s/drive_c/Program Files/%s/%s' "$WINEPREFIX" "${FOLDER[$1]}" "$(basename "${DLL[$1]}")"; }

# 5. (a) regsvr32, undone, then regedit /s of the .reg files: the same registry, whole.
export_all initial || fail "registry export" "initial"
for s in "${STORES[@]}"; do "$WINE" regsvr32 /s "$(winpath "${DLL[$s]}")" >/dev/null 2>&1 || fail "regsvr32 $s" "exit $?"; done
export_all regsvr32
for s in "${STORES[@]}"; do "$WINE" regsvr32 /s /u "$(winpath "${DLL[$s]}")" >/dev/null 2>&1; done
for s in "${STORES[@]}"; do "$WINE" regedit /s "$(winpath "$scratch/$s-built.reg")" >/dev/null 2>&1 || fail "regedit $s" "exit $?"; done
export_all regedit
for s in "${STORES[@]}"; do
    store_registry "$scratch/$s-built.reg" >"$scratch/$s-regedit.keys"
    flat "$scratch/$s-built.reg" >"$scratch/$s-built.keys"
    same "regedit /s $s.reg = its text" "$scratch/$s-built.keys" "$scratch/$s-regedit.keys" \
        "$(counts "$scratch/$s-built.keys") written as the file says"
done
same "regedit /s = regsvr32" "$scratch/regsvr32.flat" "$scratch/regedit.flat" \
    "HKCR and HKLM\\SOFTWARE identical, every key and value, both stores registered"
for s in "${STORES[@]}"; do "$WINE" regsvr32 /s /u "$(winpath "${DLL[$s]}")" >/dev/null 2>&1; done
export_all unregistered
same "regsvr32 /u after regedit /s" "$scratch/initial.flat" "$scratch/unregistered.flat" \
    "the registry as before: the .reg wrote nothing DllUnregisterServer does not remove"

# 6. (b) Windows Installer keeps books under Installer\ keys that stay, empty, once any package
# was installed, as on every Windows: a package of one file installed and removed first makes
# them, so that the comparisons below see only what a store's package leaves.
prime=$scratch/prime-package
mkdir -p "$prime" && echo "primes Windows Installer's own keys" >"$prime/prime.txt"
product_wxs prime >"$prime/product.wxs"
cat >"$prime/store.wxs" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
      <Component Id="StoreComponent" Guid="*" Win64="yes">
        <File Id="Prime" Source="prime.txt" KeyPath="yes" />
      </Component>
    </DirectoryRef>
  </Fragment>
</Wix>
EOF
if (cd "$prime" && wixl -a x64 -o store.msi product.wxs store.wxs) >"$scratch/prime-wixl.log" 2>&1 &&
    msi i prime && msi x prime && export_all primed; then
    left=$(diff "$scratch/unregistered.flat" "$scratch/primed.flat" | grep '^[<>]')
    # Nothing but keys without values under the Installer keys.
    if grep -Evxq '> \[[^]]*\\Installer(\\[^]]*)?\]' <<<"$left"; then
        fail "Windows Installer's own keys" "more than empty Installer keys left:
$(head -n 10 <<<"$left")"
    else
        pass "Windows Installer's own keys" "$(wc -l <<<"$left") empty keys under its Installer keys, left by one package installed and removed"
    fi
else
    fail "Windows Installer's own keys" "$(tail -n 5 "$scratch/prime-wixl.log")$(msi_errors prime i)$(msi_errors prime x)"
fi

if "$WINE" regsvr32 /s "$(winpath "$PROXY")" >/dev/null 2>&1; then pass "regsvr32 proxy/stub" "$(winpath "$PROXY")"; else fail "regsvr32 proxy/stub" "exit $?"; fi
export_all before-install

start=$(seconds)
if msi i sample && [ -f "$(installed_dll sample)" ]; then
    pass "msiexec /i sample" "in $(elapsed "$start"): C:\\Program Files\\${FOLDER[sample]}\\$(basename "${DLL[sample]}")"
else
    fail "msiexec /i sample" "$(msi_errors sample i)"
fi
store_registry "$scratch/sample-installed.reg" >"$scratch/sample-msi.keys"
flat "$scratch/sample-installed.reg" >"$scratch/sample-installed.keys"
same "the package's registry = cp-install reg" "$scratch/sample-installed.keys" "$scratch/sample-msi.keys" \
    "$(counts "$scratch/sample-installed.keys"), the server path the installed file's"

scenario='runs where|CoCreateInstance|round trip|once per track|panic|SetCallback\(NULL\)|Release in the middle|from inside'
harness "installed, in-process (CLSCTX_INPROC_SERVER)" "$scenario" --com inproc
# Wine 8.0 looks for syswow64\dllhost.exe when DllSurrogate is empty (the value a store must
# write, correct on Windows): this prefix spells the path out, as windows-e2e.sh does.
appid=$(keys_of "$scratch/sample-installed.reg" | sed -n 's/^HKEY_CLASSES_ROOT\\AppID\\//p')
clsid=$(keys_of "$scratch/sample-installed.reg" | sed -n 's/^HKEY_CLASSES_ROOT\\CLSID\\\([^\\]*\)$/\1/p')
"$WINE" reg add "HKCR\\AppID\\$appid" /v DllSurrogate /t REG_SZ /d 'C:\windows\system32\dllhost.exe' /f >/dev/null 2>&1
harness "installed, out-of-process (CLSCTX_LOCAL_SERVER, dllhost.exe)" "$scenario" --com local
"$WINESERVER" -k >/dev/null 2>&1

start=$(seconds)
if msi x sample && [ ! -e "$(installed_dll sample)" ]; then
    pass "msiexec /x sample" "in $(elapsed "$start"); the DLL removed"
else
    fail "msiexec /x sample" "exit status or the DLL left: $(ls "$(dirname "$(installed_dll sample)")" 2>&1)"
fi
export_all uninstalled
same "registry before install = after uninstall" "$scratch/before-install.flat" "$scratch/uninstalled.flat" \
    "HKCR and HKLM\\SOFTWARE identical, the Subscriptions key included"
if "$WINE" reg query "$SUBSCRIPTIONS" >/dev/null 2>&1; then
    fail "the Subscriptions key" "$SUBSCRIPTIONS is still there"
else
    pass "the Subscriptions key" "gone with its last store, as after regsvr32 /u"
fi
harness "uninstalled, in-process" "CoCreateInstance" --com inproc --expect-unregistered "$clsid"

# 7. (c) Both stores installed; the second removed: the registry is as with the first alone.
msi i sample || fail "msiexec /i sample" "$(msi_errors sample i)"
export_all sample-alone
store_registry "$scratch/sample-installed.reg" >"$scratch/sample-alone.keys"
if msi i fabrikam && [ -f "$(installed_dll fabrikam)" ]; then
    pass "msiexec /i fabrikam" "beside the sample: $(query "$SUBSCRIPTIONS" | grep -c '\\Subscriptions\\') stores under Subscriptions"
else
    fail "msiexec /i fabrikam" "$(msi_errors fabrikam i)"
fi
for s in "${STORES[@]}"; do
    store_registry "$scratch/$s-installed.reg" >"$scratch/$s-both.keys"
    flat "$scratch/$s-installed.reg" >"$scratch/$s-installed.keys"
    same "side by side: $s's registry = cp-install reg" "$scratch/$s-installed.keys" "$scratch/$s-both.keys" \
        "$(counts "$scratch/$s-installed.keys")"
done
if msi x fabrikam && [ ! -e "$(installed_dll fabrikam)" ]; then
    pass "msiexec /x fabrikam" "the DLL removed"
else
    fail "msiexec /x fabrikam" "exit status or the DLL left: $(msi_errors fabrikam x)"
fi
store_registry "$scratch/sample-installed.reg" >"$scratch/sample-after.keys"
same "the sample's keys untouched" "$scratch/sample-alone.keys" "$scratch/sample-after.keys" \
    "$(counts "$scratch/sample-alone.keys") as before the second store came and went"
store_registry "$scratch/fabrikam-installed.reg" >"$scratch/fabrikam-after.keys"
if [ ! -s "$scratch/fabrikam-after.keys" ]; then pass "the second store's keys gone" "$(keys_of "$scratch/fabrikam-installed.reg" | wc -l) keys"; else fail "the second store's keys gone" "left: $(head -n 5 "$scratch/fabrikam-after.keys")"; fi
export_all fabrikam-gone
same "registry = with the sample alone" "$scratch/sample-alone.flat" "$scratch/fabrikam-gone.flat" \
    "HKCR and HKLM\\SOFTWARE identical to before the second store was installed"
harness "the remaining store, in-process" "$scenario" --com inproc --store ContosoMusic
"$WINESERVER" -k >/dev/null 2>&1
msi x sample || fail "msiexec /x sample" "$(msi_errors sample x)"
export_all both-gone
same "registry before both = after both" "$scratch/before-install.flat" "$scratch/both-gone.flat" \
    "HKCR and HKLM\\SOFTWARE identical, the Subscriptions key gone with the last store"

if "$WINE" regsvr32 /s /u "$(winpath "$PROXY")" >/dev/null 2>&1 && export_all end; then
    same "regsvr32 /u proxy/stub" "$scratch/primed.flat" "$scratch/end.flat" "the registry as after the prefix was made and primed"
else
    fail "regsvr32 /u proxy/stub" "exit $?"
fi

finish
