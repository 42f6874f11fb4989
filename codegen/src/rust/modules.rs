//! A module tree: one Rust module per IDL file read, named after the file. A module names what it
//! uses of another as `super::<module>::<name>`, which holds both in a crate (`cpidl crate`: the
//! modules are children of the crate root) and in [`Builder::with_imports`](crate::Builder)'s
//! `OUT_DIR` tree (children of the module the root file is `include!`d in); `crate::` would only
//! hold in the first. A definition that cannot be generated is left out with its error, and so is
//! every definition that uses one left out, so that the rest compiles.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;

use super::c_conditions::{CConditions, Hidden};
use super::layout_rows::{ModuleLayout, module_table, never_seen_held};
use super::{RustOptions, definition, render, rust_paths, types};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Def, DefId, DefKind, Model, Type};
use crate::source::{FileId, SourceMap};
use crate::{Checked, Session};

/// One module of a [`ModuleTree`].
pub struct Module {
    /// Its Rust name: the IDL file's stem in snake case, made an identifier.
    pub name: String,
    /// The IDL file it is generated from, as diagnostics name it.
    pub source: String,
    /// The module's code, formatted, under an `@generated` header.
    pub code: String,
    /// Definitions generated.
    pub generated: usize,
    /// Definitions left out (each reported in [`ModuleTree::diagnostics`]).
    pub left_out: usize,
    /// The layout table of its structs, unions and vtables, as widl's C header names them
    /// (written into a crate by `cpidl crate --layout`).
    pub layout: ModuleLayout,
    /// The `windows` crate features its code needs (with [`RustOptions::windows_crate`]).
    pub windows_features: BTreeSet<String>,
}

/// The modules of every file some IDL files read, each once, imports first.
#[derive(Default)]
pub struct ModuleTree {
    pub modules: Vec<Module>,
    /// The IDL's own problems, and the errors of each definition left out, at the definition.
    pub diagnostics: Diagnostics,
    /// Files with IDL errors, which have no module.
    pub files_with_errors: Vec<String>,
    /// The module of each file generated so far.
    names: HashMap<FileId, syn::Ident>,
    /// The names of the definitions left out of each module so far.
    left_out: HashMap<FileId, HashSet<String>>,
    /// The module (file) of each generic instantiation so far, by widl's name (generic.rs).
    instances: HashMap<String, FileId>,
}

/// Whether struct or union `d` is declared with a tag (`struct tagFOO {`), not named only by the
/// typedef that introduces it (`typedef struct { ... } FOO`): its name follows `struct` or
/// `union` in the source.
fn tagged(sources: &SourceMap, d: &Def) -> bool {
    let before = sources.text(d.file).get(..d.span.start).unwrap_or_default().trim_end();
    ["struct", "union"]
        .iter()
        .any(|k| before.strip_suffix(k).is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')))
}

/// The structs and unions a typedef of another name names (`typedef struct tagFOO {...} FOO`):
/// C names them by their tag, even where a macro pasted it (`tag##name`), where [`tagged`]
/// cannot find `struct` before it in the source.
fn typedef_named(model: &Model) -> HashSet<DefId> {
    model
        .iter()
        .filter_map(|(_, d)| match &d.kind {
            DefKind::Typedef(Type::Named { def, .. }) if model[*def].name != d.name => Some(*def),
            _ => None,
        })
        .collect()
}

/// One definition's Rust, before what it uses is known to be there.
struct Entry {
    id: DefId,
    tokens: TokenStream,
    uses: Vec<DefId>,
    /// The windows crate features of what it names.
    windows_features: BTreeSet<String>,
    failed: bool,
}

/// The module tree of `files` and everything they import. Each file is checked with all of its
/// imports, and the files it reads that no earlier one did get their modules from its model: an
/// import's definitions are resolved where it is imported, as MIDL resolves them.
pub fn generate_tree(session: &mut Session, files: &[PathBuf], options: &RustOptions) -> ModuleTree {
    let mut tree = ModuleTree::default();
    for file in files {
        let checked = session.check_with_imports(file);
        tree.add(session.sources(), checked, options);
    }
    tree
}

impl ModuleTree {
    /// Definitions generated in every module.
    pub fn generated(&self) -> usize {
        self.modules.iter().map(|m| m.generated).sum()
    }

    /// Definitions left out of every module.
    pub fn left_out(&self) -> usize {
        self.modules.iter().map(|m| m.left_out).sum()
    }

    /// Adds the modules of the files `checked` read that have none yet, imports first. A check
    /// with errors adds none: what uses them is left out.
    fn add(&mut self, sources: &SourceMap, mut checked: Checked, options: &RustOptions) {
        self.diagnostics.extend(checked.diagnostics.iter().cloned());
        if !checked.is_ok() {
            self.files_with_errors.push(sources.name(checked.file).to_string());
            return;
        }
        let placed = super::generic::instantiate(&mut checked.model, &self.instances);
        self.instances.extend(placed);
        let new: Vec<FileId> = checked.reads.iter().filter(|f| !self.names.contains_key(f)).copied().collect();
        // All named first: MIDL lets files import each other.
        for &file in &new {
            let name = self.module_name(sources.name(file));
            self.names.insert(file, name);
        }
        let Some(paths) = rust_paths(&checked, options, self.names.clone(), &mut self.diagnostics) else { return };
        let mut entries = Vec::new();
        for &file in &new {
            // The generator writes what is not `imported` and names the rest by path.
            for d in &mut checked.model.defs {
                d.imported = d.unit != file;
            }
            entries.extend(self.entries(&checked, &paths));
        }
        // Over all the new modules at once: an import may use what the importing file declares
        // before the import (videoacc.idl and amva.h).
        self.leave_out_users(&checked, &mut entries);
        let renamed = typedef_named(&checked.model);
        // The C conditions of every file, for the definitions a layout uses too.
        let files: HashSet<FileId> = checked.model.iter().map(|(_, d)| d.file).collect();
        let conditions: HashMap<FileId, CConditions> =
            files.into_iter().map(|f| (f, CConditions::of(sources.text(f)))).collect();
        for file in new {
            let own = || entries.iter().filter(|e| checked.model[e.id].unit == file);
            let kept: Vec<TokenStream> = own().filter(|e| !e.failed).map(|e| e.tokens.clone()).collect();
            let left_out = self.left_out.entry(file).or_default();
            left_out.extend(own().filter(|e| e.failed).map(|e| checked.model[e.id].name.clone()));
            let left_out = left_out.len();
            let source = sources.name(file).to_string();
            let file_name = source.rsplit(['/', '\\']).next().unwrap_or(&source);
            let code = render(&checked, &kept, file_name).unwrap_or_else(|d| {
                self.diagnostics.push(d);
                String::new()
            });
            let name = self.names[&file].to_string().trim_start_matches("r#").to_string();
            let ids: Vec<DefId> = own().filter(|e| !e.failed).map(|e| e.id).collect();
            let hidden = |id: DefId| {
                let d = &checked.model[id];
                conditions.get(&d.file).and_then(|c| c.hiding(&d.span)).cloned()
            };
            let tagged = |id| renamed.contains(&id) || tagged(sources, &checked.model[id]);
            let layout = module_table(&checked.model, &ids, &name, &tagged, &hidden);
            self.never_seen_warnings(&checked.model, &ids, &hidden);
            let windows_features =
                own().filter(|e| !e.failed).flat_map(|e| e.windows_features.iter().cloned()).collect();
            self.modules.push(Module { name, source, code, generated: kept.len(), left_out, layout, windows_features });
        }
    }

    /// A warning on each record of `ids` that holds by value a definition of `ids` C never sees
    /// (`cpp_quote("#if 0")`, a stand-in for the IDL only): its Rust follows the IDL, and C's
    /// record holds C's own type of that name, so the two layouts may differ.
    fn never_seen_warnings(&mut self, model: &Model, ids: &[DefId], hidden: &dyn Fn(DefId) -> Option<Hidden>) {
        for &id in ids {
            let Some((field, def, condition)) =
                never_seen_held(model, id, hidden, 0).into_iter().find(|(_, def, _)| ids.contains(def))
            else {
                continue;
            };
            let (d, inner) = (&model[id], &model[def]);
            let message = format!(
                "`{}`'s member `{field}` holds `{}`, which the IDL declares under `{}` of cpp_quote, for the IDL \
                 only: the Rust follows the IDL, and C's record, which holds C's own `{}`, may be laid out otherwise",
                d.name, inner.name, condition.directive, inner.name
            );
            let note = format!("map `{}` to C's type with `extern_path` (or `--windows-crate`)", inner.name);
            self.diagnostics.push(Diagnostic::warning(d.file, d.span.clone(), message).with_note(note));
        }
    }

    /// The Rust of each definition of `checked` not marked imported, with what it uses; those whose
    /// generation fails are reported and entered left out.
    fn entries(&mut self, checked: &Checked, paths: &types::RustPaths) -> Vec<Entry> {
        let model = &checked.model;
        let mut mapper = types::Mapper::new(model, paths);
        let mut entries = Vec::new();
        for (id, d) in model.iter() {
            if d.imported
                || types::is_fixed(&d.name)
                || paths.externs.iter().any(|(n, _)| *n == d.name)
                || mapper.windows_row(id).is_some()
                || (paths.windows_crate && mapper.inside_windows_type(id))
            {
                continue;
            }
            mapper.uses.borrow_mut().clear();
            mapper.windows_features.borrow_mut().clear();
            let tokens = definition(&mut mapper, id);
            let mut diags = std::mem::take(&mut mapper.diags);
            let Some(tokens) = tokens.filter(|_| !diags.has_errors()) else {
                if diags.has_errors() {
                    self.left_out.entry(d.unit).or_default().insert(d.name.clone());
                }
                self.diagnostics.extend(diags);
                continue;
            };
            if let Err(e) = syn::parse2::<syn::File>(tokens.clone()) {
                let message = format!("internal error: the Rust of `{}` does not parse: {e}", d.name);
                diags.push(Diagnostic::new(d.file, d.span.clone(), message));
            }
            let failed = diags.has_errors();
            self.diagnostics.extend(diags);
            let windows_features = mapper.windows_features.take();
            entries.push(Entry { id, tokens, uses: mapper.uses.take(), windows_features, failed });
        }
        entries
    }

    /// Marks failed, until none is left, each entry that uses a definition left out: an entry that
    /// failed, or one left out of its module.
    fn leave_out_users(&mut self, checked: &Checked, entries: &mut [Entry]) {
        let model = &checked.model;
        let left_out = |d: &Def| self.left_out.get(&d.unit).is_some_and(|names| names.contains(&d.name));
        let imports_left_out: Vec<DefId> = model.iter().filter(|(_, d)| left_out(d)).map(|(i, _)| i).collect();
        loop {
            let mut failed: HashSet<DefId> = entries.iter().filter(|e| e.failed).map(|e| e.id).collect();
            failed.extend(&imports_left_out);
            let mut changed = false;
            for e in entries.iter_mut().filter(|e| !e.failed) {
                let Some(&used) = e.uses.iter().find(|u| failed.contains(u)) else { continue };
                let (d, u) = (&model[e.id], &model[used]);
                let message = format!("`{}` is left out: it uses `{}`, which is left out", d.name, u.name);
                self.diagnostics.push(Diagnostic::new(d.file, d.span.clone(), message));
                e.failed = true;
                changed = true;
            }
            if !changed {
                return;
            }
        }
    }

    /// The module name of an IDL file: its stem in snake case (`windows.foundation.idl` becomes
    /// `windows_foundation`, the built-in `<stdole2.tlb>` `stdole2`), made an identifier and
    /// distinct from the names taken.
    fn module_name(&self, source: &str) -> syn::Ident {
        let file = source.rsplit(['/', '\\']).next().unwrap_or(source).trim_matches(['<', '>']);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let mut base = stem.to_snake_case();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            base = format!("idl_{base}");
        }
        let taken: HashSet<String> = self.names.values().map(ToString::to_string).collect();
        let mut name = types::ident(&base);
        for n in 2.. {
            if !taken.contains(&name.to_string()) {
                break;
            }
            name = types::ident(&format!("{base}_{n}"));
        }
        name
    }
}
