//! src/win32.rs holds the runtime's Win32 imports as windows-bindgen generated them. Regenerate
//! them here and fail on any difference, so the checked-in file never drifts by hand.
//! (windows-bindgen formats with rustfmt, which reads the workspace's rustfmt.toml.) A check made
//! on the build host, which has rustfmt; not part of the Windows run under Wine.
#![cfg(not(windows))]

use std::path::Path;

/// The windows-bindgen invocation that produced src/win32.rs.
fn args(out: &Path) -> Vec<String> {
    let mut args: Vec<String> =
        ["--out", &out.display().to_string(), "--sys", "--flat", "--no-comment", "--filter"].map(String::from).to_vec();
    args.extend(
        [
            "Windows.Win32.Foundation.SysAllocStringLen",
            "Windows.Win32.Foundation.SysFreeString",
            "Windows.Win32.Foundation.SysStringLen",
            "Windows.Win32.System.Com.CoTaskMemAlloc",
            "Windows.Win32.System.Com.CoTaskMemFree",
            "Windows.Win32.System.Variant.VariantClear",
            "Windows.Win32.System.Variant.VariantCopy",
            "Windows.Win32.System.Variant.VariantCopyInd",
            "Windows.Win32.System.Com.CoGetCurrentLogicalThreadId",
            "Windows.Win32.System.Com.CoInitializeEx",
            "Windows.Win32.System.Com.CoUninitialize",
            "Windows.Win32.System.Com.COINIT_MULTITHREADED",
            "Windows.Win32.System.Com.COINIT_APARTMENTTHREADED",
            "Windows.Win32.UI.WindowsAndMessaging.MsgWaitForMultipleObjects",
            "Windows.Win32.UI.WindowsAndMessaging.PeekMessageW",
            "Windows.Win32.UI.WindowsAndMessaging.TranslateMessage",
            "Windows.Win32.UI.WindowsAndMessaging.DispatchMessageW",
            "Windows.Win32.UI.WindowsAndMessaging.PM_REMOVE",
            "Windows.Win32.UI.WindowsAndMessaging.QS_ALLINPUT",
            "Windows.Win32.System.Com.CoCreateInstance",
            "Windows.Win32.System.Com.CLSCTX_INPROC_SERVER",
            "Windows.Win32.System.Com.CLSCTX_LOCAL_SERVER",
            "Windows.Win32.System.Registry.RegCreateKeyExW",
            "Windows.Win32.System.Registry.RegSetValueExW",
            "Windows.Win32.System.Registry.RegDeleteValueW",
            "Windows.Win32.System.Registry.RegDeleteKeyW",
            "Windows.Win32.System.Registry.RegQueryInfoKeyW",
            "Windows.Win32.System.Registry.RegOpenKeyExW",
            "Windows.Win32.System.Registry.RegQueryValueExW",
            "Windows.Win32.System.Registry.RegEnumKeyExW",
            "Windows.Win32.System.Registry.RegCloseKey",
            "Windows.Win32.System.Registry.HKEY_CLASSES_ROOT",
            "Windows.Win32.System.Registry.HKEY_LOCAL_MACHINE",
            "Windows.Win32.System.Registry.KEY_ALL_ACCESS",
            "Windows.Win32.System.Registry.KEY_READ",
            "Windows.Win32.System.Registry.REG_SZ",
            "Windows.Win32.System.Registry.REG_DWORD",
            "Windows.Win32.System.Registry.REG_OPTION_NON_VOLATILE",
            "Windows.Win32.Foundation.ERROR_ACCESS_DENIED",
            "Windows.Win32.Foundation.ERROR_FILE_NOT_FOUND",
            "Windows.Win32.Foundation.ERROR_NO_MORE_ITEMS",
            "Windows.Win32.System.LibraryLoader.GetModuleHandleExW",
            "Windows.Win32.System.LibraryLoader.GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS",
            "Windows.Win32.System.LibraryLoader.GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT",
            "Windows.Win32.System.LibraryLoader.GetModuleFileNameW",
            "Windows.Win32.UI.WindowsAndMessaging.RegisterWindowMessageA",
            "Windows.Win32.UI.WindowsAndMessaging.PostMessageA",
            "Windows.Win32.UI.WindowsAndMessaging.HWND_BROADCAST",
        ]
        .map(String::from),
    );
    args
}

#[test]
fn checked_in_win32_imports_are_what_windows_bindgen_generates() {
    let out = std::env::temp_dir().join(format!("cp-win32-{}.rs", std::process::id()));
    let _warnings = windows_bindgen::bindgen(args(&out));
    let fresh = std::fs::read_to_string(&out).expect("windows-bindgen wrote its output");
    let _ = std::fs::remove_file(&out);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/win32.rs");
    assert!(
        fresh.contains("fn SysAllocStringLen") && fresh.contains("fn CoTaskMemFree"),
        "unexpected output:\n{fresh}"
    );
    contentpartner_codegen::checked_in::verify(&path, &fresh).unwrap_or_else(|e| panic!("windows-bindgen: {e}"));
}
