//! Finding the installed kit on Windows, in the order MIDL's environment has it: a Developer
//! Command Prompt's `INCLUDE`, then the `WindowsSdkDir` and `WindowsSDKVersion` it is built from,
//! then the installer's `KitsRoot10` registry value. The choice takes the values as parameters, so
//! it is tested on every platform; only reading them is Windows code.

use std::path::{Path, PathBuf};

use super::{child_dir, kit_dirs, version_dirs};

/// The search directories the environment's values give: every `INCLUDE` directory (MIDL searches
/// them all), else the version `WindowsSDKVersion` (`10.0.22621.0\`) of the kit `WindowsSdkDir`,
/// else the newest version under `kits_root()`, read only if needed; empty if none is a kit.
pub(super) fn discover(
    include: Option<&str>,
    sdk_dir: Option<&str>,
    sdk_version: Option<&str>,
    kits_root: impl FnOnce() -> Option<String>,
) -> Vec<PathBuf> {
    let include: Vec<PathBuf> =
        include.unwrap_or("").split(';').map(str::trim).filter(|d| !d.is_empty()).map(PathBuf::from).collect();
    if !include.is_empty() {
        return include;
    }
    let from_vars = sdk_dir.zip(sdk_version).and_then(|(dir, version)| {
        let include = child_dir(Path::new(dir), "Include")?;
        version_dirs(&include.join(version.trim_end_matches(['\\', '/'])))
    });
    from_vars.or_else(|| kit_dirs(Path::new(&kits_root()?)).ok()).unwrap_or_default()
}

/// [`discover`] with this process's environment and registry.
#[cfg(windows)]
pub(super) fn from_environment() -> Vec<PathBuf> {
    let var = |name| std::env::var(name).ok();
    discover(var("INCLUDE").as_deref(), var("WindowsSdkDir").as_deref(), var("WindowsSDKVersion").as_deref(), || {
        registry::kits_root()
    })
}

/// The one registry value discovery reads, through windows-sys (already the runtime's dependency).
#[cfg(windows)]
mod registry {
    use windows_sys::Win32::Foundation::ERROR_SUCCESS;
    use windows_sys::Win32::System::Registry::{HKEY_LOCAL_MACHINE, RRF_RT_REG_SZ, RegGetValueW};

    /// The 64-bit view's key, then the 32-bit installer's under WOW6432Node, named outright: the
    /// RRF_SUBKEY_WOW64* flags do not reach WOW6432Node before Windows 10.
    const KEYS: [&str; 2] = [
        r"SOFTWARE\Microsoft\Windows Kits\Installed Roots",
        r"SOFTWARE\WOW6432Node\Microsoft\Windows Kits\Installed Roots",
    ];

    /// `KitsRoot10` (`C:\Program Files (x86)\Windows Kits\10\`), from the first key that has it.
    pub(super) fn kits_root() -> Option<String> {
        KEYS.iter().find_map(|key| string_value(key, "KitsRoot10"))
    }

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain([0]).collect()
    }

    /// A REG_SZ value under HKLM, asking its size first.
    fn string_value(key: &str, value: &str) -> Option<String> {
        let (key, value) = (wide(key), wide(value));
        let size = get(&key, &value, &mut [])?;
        let mut buf = vec![0u16; (size as usize).div_ceil(2)];
        let written = get(&key, &value, &mut buf)? as usize / 2;
        // RRF_RT_REG_SZ ends the string with a NUL, counted in the size.
        let text = &buf[..written.min(buf.len())];
        Some(String::from_utf16_lossy(text.strip_suffix(&[0]).unwrap_or(text)))
    }

    /// The value `value` of `key` (both NUL-terminated) into `buf`, or only its size if `buf` is
    /// empty: the bytes it takes.
    fn get(key: &[u16], value: &[u16], buf: &mut [u16]) -> Option<u32> {
        let data = if buf.is_empty() { std::ptr::null_mut() } else { buf.as_mut_ptr().cast() };
        let mut bytes = u32::try_from(buf.len() * 2).ok()?;
        // SAFETY: both names are NUL-terminated UTF-16 that outlive the call; `data` is null (the
        // size is asked for) or `buf`, which holds the `bytes` bytes the call may write.
        let status = unsafe {
            RegGetValueW(
                HKEY_LOCAL_MACHINE,
                key.as_ptr(),
                value.as_ptr(),
                RRF_RT_REG_SZ,
                std::ptr::null_mut(),
                data,
                &mut bytes,
            )
        };
        (status == ERROR_SUCCESS).then_some(bytes)
    }
}
