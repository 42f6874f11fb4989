//! A kit's folders in each layout, and the installed kit chosen from the environment's values
//! (the choice is plain code, so it is tested here on every platform).

use std::path::{Path, PathBuf};

use super::installed::discover;
use super::{WindowsSdk, kit_dirs};

/// A kit of empty folders under the temporary directory, removed when dropped: version 9600 sorts
/// after 22621 as text but not as numbers, 26100 lacks `shared` and `winrt`, `wdf` is no version.
struct Kit(PathBuf);

impl Kit {
    fn new(name: &str) -> Kit {
        let root = std::env::temp_dir().join(format!("cp-sdk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dirs = [
            "Include/10.0.9600.0/um",
            "Include/10.0.9600.0/shared",
            "Include/10.0.9600.0/winrt",
            "Include/10.0.22621.0/ucrt",
            "Include/10.0.22621.0/um",
            "Include/10.0.22621.0/shared",
            "Include/10.0.22621.0/winrt",
            "Include/10.0.22621.0/cppwinrt",
            "Include/10.0.26100.0/um",
            "Include/wdf",
        ];
        for d in dirs {
            std::fs::create_dir_all(root.join(d)).expect("kit folder");
        }
        Kit(root)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// The folders of version `v`.
    fn version(&self, v: &str, names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(|n| self.path(&format!("Include/{v}/{n}"))).collect()
    }
}

impl Drop for Kit {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const NEWEST: &[&str] = &["ucrt", "um", "shared", "winrt", "cppwinrt"];

#[test]
fn a_kit_is_found_from_its_root_its_include_folder_or_a_version() {
    let kit = Kit::new("layouts");
    let newest = kit.version("10.0.22621.0", NEWEST);
    assert_eq!(kit_dirs(&kit.0), Ok(newest.clone()));
    assert_eq!(WindowsSdk::At(kit.path("Include")).include_dirs(), Ok(newest));
    assert_eq!(kit_dirs(&kit.path("Include/10.0.9600.0")), Ok(kit.version("10.0.9600.0", &["um", "shared", "winrt"])));
}

#[test]
fn a_folder_that_is_no_kit_is_refused_saying_what_was_expected() {
    let kit = Kit::new("refused");
    let dir = kit.path("Include/10.0.26100.0");
    assert_eq!(
        kit_dirs(&dir),
        Err(format!(
            "`{}` is not a Windows SDK: expected a folder with `um`, `shared` and `winrt` (a version such as \
             `Include/10.0.22621.0`), an `Include` folder of such versions, or a kit root (`Windows Kits/10`) \
             with one",
            dir.display()
        ))
    );
}

#[test]
fn the_include_variable_comes_first_whole() {
    let kit = Kit::new("include-var");
    let root = kit.0.display().to_string();
    assert_eq!(
        discover(Some(r"C:\VC\include; ;C:\Kits\um;"), Some(&root), Some(r"10.0.9600.0\"), || unreachable!()),
        [Path::new(r"C:\VC\include"), Path::new(r"C:\Kits\um")]
    );
}

#[test]
fn then_the_sdk_variables_name_the_version() {
    let kit = Kit::new("sdk-vars");
    // Both end in a separator, as winsdk.bat sets them.
    let root = format!("{}/", kit.0.display());
    assert_eq!(
        discover(Some(""), Some(&root), Some(r"10.0.9600.0\"), || unreachable!()),
        kit.version("10.0.9600.0", &["um", "shared", "winrt"])
    );
}

#[test]
fn then_the_newest_version_under_kits_root() {
    let kit = Kit::new("kits-root");
    let root = kit.0.display().to_string();
    let missing = kit.path("missing").display().to_string();
    let newest = kit.version("10.0.22621.0", NEWEST);
    assert_eq!(discover(None, None, None, || Some(root.clone())), newest);
    // Variables naming no kit are passed over.
    assert_eq!(discover(None, Some(&missing), Some("10.0.22621.0"), || Some(root.clone())), newest);
    assert_eq!(discover(None, None, None, || Some(missing.clone())), Vec::<PathBuf>::new());
    assert_eq!(discover(None, None, None, || None), Vec::<PathBuf>::new());
}
