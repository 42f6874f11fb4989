//! WinRT generic interfaces and delegates (fixtures of this test's own in `tests/generic/`): each
//! instantiation a module tree uses or declares is an interface of its own, in the module of the
//! file that first needs it, with the IID widl gives it.

#[path = "support/crates.rs"]
mod crates;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use contentpartner_codegen::rust::{ModuleTree, RustOptions, generate_tree};
use contentpartner_codegen::{Options, Session};

const FILES: [&str; 2] = ["fabrikam_base.idl", "fabrikam_shelf.idl"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generic").join(name)
}

fn tree() -> (ModuleTree, Vec<String>) {
    let mut session = Session::new(Options::default());
    let files: Vec<PathBuf> = FILES.iter().map(|f| fixture(f)).collect();
    let tree = generate_tree(&mut session, &files, &RustOptions::default());
    let headlines = tree.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    (tree, headlines)
}

fn module<'t>(tree: &'t ModuleTree, name: &str) -> &'t str {
    &tree.modules.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no module `{name}`")).code
}

/// Each interface a module defines, with its IID, from the doc line the generator writes.
fn iids(code: &str) -> BTreeMap<String, String> {
    code.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("/// The COM interface `")?;
            let (name, rest) = rest.split_once("`, IID `{")?;
            Some((name.to_string(), rest.split_once('}')?.0.to_string()))
        })
        .collect()
}

#[test]
fn instantiations_are_interfaces_with_widls_iids() {
    let (tree, headlines) = tree();
    // The runtime class itself may be left out (a generator without runtime classes); its use as an
    // argument is not.
    assert!(headlines.iter().all(|h| h.contains("error: Fabrikam.Novel: WinRT runtime classes")), "{headlines:#?}");
    assert!(tree.left_out() <= 1);
    let base = iids(module(&tree, "fabrikam_base"));
    let shelf = iids(module(&tree, "fabrikam_shelf"));
    // From the DEFINE_GUID lines of `widl-stable -h -DWITH_WINE_HSTRING -I
    // /usr/include/wine/wine/windows -I codegen/tests/generic -o DIR/X.h
    // codegen/tests/generic/X.idl` for both fixtures. widl's names
    // for generics outside Windows.Foundation are `__x_ABI_CFabrikam_CCollections_CIBag_1_HSTRING`
    // and so on; ours are the `__F` form without its underscores, for every namespace.
    let expected_base = [
        ("FIBag_1_HSTRING", "3f38e1aa-cdee-50b2-9b88-319856353c07"),
        ("FIBagCursor_1_HSTRING", "9bc782c2-8905-5acb-bce0-54ff0d16edb5"),
        ("FIBag_1_Size", "c8de4ad2-6097-591a-bd23-a57b91d59ced"),
        ("FIBagCursor_1_Size", "f31dd4cb-b6f3-535c-8e91-bfaf239a8456"),
    ];
    let expected_shelf = [
        ("FIBag_1_Fabrikam__CIBook", "cbb1974c-37a5-5460-8ee9-0098b6d72cc0"),
        ("FIBagCursor_1_Fabrikam__CIBook", "2b5d82e8-8b60-58b0-88de-68f6dcc30153"),
        ("FIBag_1_Finish", "637b3f3c-f7ce-5d82-8641-c1ef2c80d5f5"),
        ("FIBagCursor_1_Finish", "92af0faa-68b5-5907-bf28-7cc4b106a402"),
        ("FIBag_1_INT32", "e87e56b2-fe50-5bf8-abea-371446b38b5b"),
        ("FIBagCursor_1_INT32", "0fefa29b-d826-5d69-bc5c-97ef7d8eed86"),
        ("FIPair_2_HSTRING___FIBag_1_INT32", "41afb833-92ca-5274-a037-73bc4c4c7d5b"),
        ("FIChanged_1_Fabrikam__CIBook", "4a644f2a-a7fc-5775-813c-410a95f1dcf2"),
        // A runtime class: `rc(Fabrikam.Novel;{iid of IBook})` in the signature, IBook at the ABI.
        ("FIBag_1_Fabrikam__CNovel", "c2f362c7-9af5-58ad-9f90-3040eef362b5"),
        ("FIBagCursor_1_Fabrikam__CNovel", "fe3bb789-472f-5236-a06c-b3e48d65e6d1"),
        // A runtime class whose default interface is an instantiation:
        // `rc(Fabrikam.Library;pinterface({iid of IBag};{iid of IBook}))`.
        ("FIBag_1_Fabrikam__CLibrary", "82864175-8abf-58bc-ab7d-f568130a898f"),
        ("FIBagCursor_1_Fabrikam__CLibrary", "00832db1-1e4c-56e4-a07b-55b1369c333e"),
    ];
    for (iids, expected) in [(&base, &expected_base[..]), (&shelf, &expected_shelf[..])] {
        for (name, iid) in expected {
            assert_eq!(iids.get(*name).map(String::as_str), Some(*iid), "{name} in {iids:#?}");
        }
        let made = iids.keys().filter(|k| !k.contains('.') && k.starts_with('F')).count();
        assert_eq!(made, expected.len(), "{iids:#?}");
    }
    // The generic declarations themselves have no ABI.
    assert!(!base.keys().any(|k| k.starts_with("Fabrikam.Collections")), "{base:#?}");
}

#[test]
fn a_file_names_the_instantiations_of_its_imports_there() {
    let (tree, _) = tree();
    let shelf = module(&tree, "fabrikam_shelf");
    assert!(shelf.contains("super::fabrikam_base::FIBag_1_HSTRING"), "{shelf}");
    assert!(!shelf.contains("define_interface!(\n    FIBag_1_HSTRING,"), "{shelf}");
    // The generic's methods with the argument substituted: `Get([out, retval] T *value)`.
    let base = module(&tree, "fabrikam_base");
    assert!(
        base.contains("value: *mut super::fabrikam_base::Fabrikam_Size") || base.contains("value: *mut Fabrikam_Size"),
        "{base}"
    );
}

#[test]
fn the_tree_compiles() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generic-crate");
    let mut args: Vec<&OsStr> = Vec::new();
    let files: Vec<PathBuf> = FILES.iter().map(|f| fixture(f)).collect();
    args.extend(files.iter().map(|f| f.as_os_str()));
    let run = crates::cpidl_crate("generic_fixture", &out, true, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let check = crates::cargo_check(&out);
    assert!(check.status.success(), "cargo check:\n{}", String::from_utf8_lossy(&check.stderr));
}
