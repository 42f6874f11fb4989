//! The `windows` crate's Win32 types, for [`RustOptions::windows_crate`](super::RustOptions): an
//! imported definition whose name Microsoft's metadata has is that crate's type, so generated
//! interfaces take and return what a user of the crate already holds.
//!
//! The table (`windows_crate.txt`, regenerated from windows-bindgen 0.66's bundled metadata by
//! `tests/windows_crate_table.rs`) holds only the kinds whose Rust form has our ABI: interfaces
//! (windows-core interfaces with the same `_Vtbl` and `_Impl` siblings), `#[repr(C)]` structs and
//! unions, 32-bit enums and handles (`#[repr(transparent)]` newtypes). Each row also names the
//! crate features the type is gated on, which a crate of bindings enables.

use std::collections::HashMap;
use std::sync::OnceLock;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::Mapper;
use crate::model::{DefId, DefKind};

/// One Win32 type of the windows crate.
#[derive(Debug)]
pub struct Row {
    /// `i` interface, `e` enum, `h` handle; a record by what the crate derives for it: `s` a
    /// struct that is Copy and Debug, `p` Copy only, `n` neither, `u` a union that is Copy, `v` one
    /// that is not.
    pub kind: char,
    /// Its namespace under `Windows.` (`Win32.System.Com`).
    pub namespace: &'static str,
    /// The other namespaces the crate gates it on, comma-separated; `-` for none.
    features: &'static str,
}

/// The windows crate's version the paths are those of.
pub const VERSION: &str = "0.62";

fn table() -> &'static HashMap<&'static str, Row> {
    static TABLE: OnceLock<HashMap<&'static str, Row>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = HashMap::new();
        let mut namespace = "";
        for line in include_str!("windows_crate.txt").lines().filter(|l| !l.starts_with('#')) {
            if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                namespace = section;
                continue;
            }
            let mut parts = line.split(' ');
            let (Some(name), Some(kind), Some(features)) = (parts.next(), parts.next(), parts.next()) else {
                panic!("windows_crate.txt: `{line}` is not NAME KIND FEATURES");
            };
            let kind = kind.chars().next().expect("a kind letter");
            rows.insert(name, Row { kind, namespace, features });
        }
        rows
    })
}

/// The windows crate's type named `name`, if it has one.
pub fn lookup(name: &str) -> Option<&'static Row> {
    table().get(name)
}

impl Row {
    /// `::windows::Win32::System::Com::<name><suffix>`.
    pub fn path(&self, name: &str, suffix: &str) -> syn::Path {
        let path = format!("::windows::{}::{name}{suffix}", self.namespace.replace('.', "::"));
        syn::parse_str(&path).expect("a namespace and a name make a path")
    }

    /// Whether the crate's type is `Copy`, and `Debug`: what a generated record holding it by
    /// value can derive.
    pub fn derives(&self) -> (bool, bool) {
        match self.kind {
            'p' | 'u' => (true, false),
            'n' | 'v' => (false, false),
            _ => (true, true),
        }
    }

    /// The cargo features of the windows crate the type needs: its namespace's and its gates'
    /// (each enables its parent namespaces' itself: `Win32_System_Com` enables `Win32_System`).
    pub fn features(&self) -> impl Iterator<Item = String> + '_ {
        let gates = self.features.split(',').filter(|f| *f != "-");
        std::iter::once(self.namespace).chain(gates).map(|n| n.replace('.', "_"))
    }
}

impl Mapper<'_> {
    /// The windows crate's type that imported definition `def` is, with `--windows-crate`: one of
    /// the table's of the same kind (an interface for an interface), not fixed or `extern_path`ed.
    pub fn windows_row(&self, def: DefId) -> Option<&'static Row> {
        let d = &self.model[def];
        // In a module tree each file's definitions are generated not `imported`, the root's
        // imports included: those are imports all the same.
        let imported = d.imported || (!self.paths.modules.is_empty() && d.unit != self.paths.root);
        if !self.paths.windows_crate
            || !imported
            || d.name == "IUnknown"
            || super::types::well_known(&d.name, &self.paths.ole).is_some()
        {
            return None;
        }
        if self.paths.externs.iter().any(|(n, _)| *n == d.name) {
            return None;
        }
        let row = lookup(&d.name)?;
        let interface = matches!(d.kind, DefKind::Interface(_) | DefKind::Forward("interface"));
        (interface == (row.kind == 'i')).then_some(row)
    }

    /// Whether inline definition `def` is part of a windows crate type (the first named definition
    /// it is inline in is one), so that only that type, not generated, uses it.
    pub fn inside_windows_type(&self, def: DefId) -> bool {
        let mut id = def;
        for _ in 0..=super::names::MAX_NESTING {
            if !self.model[id].name.starts_with(super::names::ANONYMOUS) {
                return self.windows_row(id).is_some();
            }
            let Some((parent, _)) = super::names::parent_of(self.model, id) else { return false };
            id = parent;
        }
        false
    }

    /// [`windows_row`](Self::windows_row)'s path with `suffix`, its features noted as used.
    pub(super) fn windows_path(&self, def: DefId, suffix: &str) -> Option<TokenStream> {
        let row = self.windows_row(def)?;
        self.windows_features.borrow_mut().extend(row.features());
        let path = row.path(&self.model[def].name, suffix);
        Some(quote!(#path))
    }
}

#[cfg(test)]
mod tests;
