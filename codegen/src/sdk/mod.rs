//! The Windows SDK on the search path: a kit given by its folder, or on Windows the newest one
//! installed, with its `um`, `shared` and `winrt` folders in the order a Developer Command Prompt's
//! `INCLUDE` has them.

#[cfg(any(windows, test))]
mod installed;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::load::entries_ignoring_case;

/// Which Windows SDK is searched for imports and includes, after the `-I` directories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum WindowsSdk {
    /// The one MIDL's environment would use: on Windows the `INCLUDE` variable, else
    /// `WindowsSdkDir` with `WindowsSDKVersion`, else the newest version under the registry's
    /// `KitsRoot10`; none off Windows.
    #[default]
    Installed,
    /// The kit at this folder: a kit root (`Windows Kits/10`), its `Include` folder (the newest
    /// version in it is taken) or one version folder (`Include/10.0.22621.0`). A copy of one made
    /// on Linux will do.
    At(PathBuf),
    /// No SDK: the standard imports come from the `-I` directories or the built-in prelude.
    None,
}

impl WindowsSdk {
    /// The directories the SDK adds to the search path, in order; an error says why a folder given
    /// is not a kit.
    pub fn include_dirs(&self) -> Result<Vec<PathBuf>, String> {
        match self {
            #[cfg(windows)]
            WindowsSdk::Installed => Ok(installed::from_environment()),
            #[cfg(not(windows))]
            WindowsSdk::Installed => Ok(Vec::new()),
            WindowsSdk::At(dir) => kit_dirs(dir),
            WindowsSdk::None => Ok(Vec::new()),
        }
    }
}

/// The folders of an SDK version, as a Developer Command Prompt's `INCLUDE` lists them (winsdk.bat
/// puts the Universal CRT first); `true` for those every kit has.
const VERSION_DIRS: [(&str, bool); 5] =
    [("ucrt", false), ("um", true), ("shared", true), ("winrt", true), ("cppwinrt", false)];

/// The search directories of the kit at `dir`, in any of the layouts [`WindowsSdk::At`] takes.
fn kit_dirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    version_dirs(dir)
        .or_else(|| newest_version(dir))
        .or_else(|| child_dir(dir, "Include").and_then(|include| newest_version(&include)))
        .ok_or_else(|| {
            format!(
                "`{}` is not a Windows SDK: expected a folder with `um`, `shared` and `winrt` (a version \
                 such as `Include/10.0.22621.0`), an `Include` folder of such versions, or a kit root \
                 (`Windows Kits/10`) with one",
                dir.display()
            )
        })
}

/// The [`VERSION_DIRS`] of a version folder that has at least `um`, `shared` and `winrt`.
fn version_dirs(dir: &Path) -> Option<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for (name, required) in VERSION_DIRS {
        match child_dir(dir, name) {
            Some(d) => dirs.push(d),
            None if required => return None,
            None => {}
        }
    }
    Some(dirs)
}

/// The [`version_dirs`] of the highest version folder (`10.0.22621.0`, compared part by part as
/// numbers) in `dir` that has them.
fn newest_version(dir: &Path) -> Option<Vec<PathBuf>> {
    let mut versions: Vec<([u32; 4], PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| Some((version(e.file_name().to_str()?)?, e.path())))
        .collect();
    versions.sort();
    versions.iter().rev().find_map(|(_, path)| version_dirs(path))
}

/// `10.0.22621.0` as its four numbers.
fn version(name: &str) -> Option<[u32; 4]> {
    let mut parts = name.split('.').map(|p| p.parse::<u32>().ok());
    let v = [parts.next()??, parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(v)
}

/// The folder `name` in `dir`, its name matched ignoring case as Windows does (a kit spells it
/// `Include`, winsdk.bat `include`); among several, the first in byte order.
fn child_dir(dir: &Path, name: &str) -> Option<PathBuf> {
    let exact = dir.join(name);
    if exact.is_dir() {
        return Some(exact);
    }
    entries_ignoring_case(dir, name).into_iter().map(|n| dir.join(n)).find(|p| p.is_dir())
}
