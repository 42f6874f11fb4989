//! Syntax trees to [`Model`]: declare every name, then bind every reference and evaluate every
//! constant. Problems are collected, never fatal, so one run reports all of them.

mod attributes;
mod constants;
mod declare;
mod define;
mod interfaces;
mod slots;
mod standard_types;
#[cfg(test)]
mod tests;
mod types;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::eval::Value;
use super::{Def, DefId, DefKind, Model};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{Reached, Unit, UnitId};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::{self, Span};

/// The model of what a root file's check reads (`reached`: its units, imports first, ending with
/// the root), its problems pushed to `diags`. `units` are all the loader's, indexed by [`UnitId`].
pub fn resolve(units: &[Unit], reached: &[Reached], sources: &SourceMap, diags: &mut Diagnostics) -> Model {
    let mut r = Resolver {
        units,
        root: reached.last().map(|r| r.unit),
        sources,
        model: Model::default(),
        names: HashMap::new(),
        tags: HashMap::new(),
        declared: Vec::new(),
        inline_defs: HashMap::new(),
        consts: HashMap::new(),
        values: HashMap::new(),
        evaluating: HashSet::new(),
        diags,
    };
    // Built-in units (the prelude, the type libraries) come last, to yield to the files.
    let (files, built_in): (Vec<&Reached>, Vec<&Reached>) =
        reached.iter().partition(|r| !units[r.unit.index()].built_in);
    for reach in files.into_iter().chain(built_in) {
        for items in reach.item_lists(units) {
            r.declare_items(reach.unit, items, &[]);
        }
    }
    // Only what was declared: what `define` adds on the way (implicit forward declarations) is
    // complete already.
    for id in 0..r.declared.len() {
        r.define(DefId(id));
    }
    r.assign_slots();
    debug_assert!(!r.model.defs.iter().any(|d| matches!(d.kind, DefKind::Pending)), "every declaration is defined");
    r.model
}

/// What a declared name is defined from, kept from `declare` until `define` runs.
#[derive(Clone, Copy)]
enum Syntax<'a> {
    Typedef(&'a ast::TypeRef, &'a ast::Declarator),
    /// A tagged type with a body: struct, union or enum.
    Tagged(&'a ast::TypeSpec),
    Interface(&'a ast::Interface),
    Dispinterface(&'a ast::Dispinterface),
    Class(&'a [ast::ClassMember], bool),
    Const(&'a ast::TypeRef, &'a ast::Expr),
    /// `const GUID g = {...};`: a constant if the type is a GUID, else a variable.
    GuidInit(&'a ast::TypeRef, &'a ast::Declarator, &'a [ast::Initializer]),
    /// `declare_guid(NAME, guid)`.
    Guid(&'a ast::AttrArg),
    Module(&'a [ast::Decl]),
    Library,
    ApiContract,
    Delegate(&'a ast::TypeRef, &'a ast::ParamList, &'a [ast::Ident]),
    Function(&'a ast::TypeRef, &'a ast::Declarator),
    /// A declaration without a body, of the kind named.
    Forward(&'static str),
    /// An entry of a `declare { }` block.
    Declare(&'a ast::TypeName),
}

/// A definition's syntax and the scope it was declared in.
struct Declared<'a> {
    unit: UnitId,
    ns: Vec<String>,
    syntax: Syntax<'a>,
    decl_attrs: &'a [ast::Attribute],
}

#[derive(Clone, Copy)]
enum ConstSrc {
    Const(DefId),
    Enumerator(DefId),
}

struct Resolver<'a> {
    units: &'a [Unit],
    /// The file being checked; every other unit is an import.
    root: Option<UnitId>,
    sources: &'a SourceMap,
    model: Model,
    /// Ordinary names (typedefs, interfaces, classes...) to their definition; a real definition
    /// always wins over a forward declaration.
    names: HashMap<String, DefId>,
    /// `struct`, `union` and `enum` tags.
    tags: HashMap<String, DefId>,
    /// Per definition (same index as `model.defs`), what it is made from.
    declared: Vec<Declared<'a>>,
    /// Tagged types defined inline, by the address of their syntax node.
    inline_defs: HashMap<*const ast::TypeSpec, DefId>,
    consts: HashMap<String, ConstSrc>,
    values: HashMap<String, Value>,
    evaluating: HashSet<DefId>,
    diags: &'a mut Diagnostics,
}

/// Where a name is being resolved: its file, its namespace and the generic parameters in scope.
struct Scope<'n> {
    unit: UnitId,
    ns: &'n [String],
    generics: &'n [String],
}

impl<'a> Resolver<'a> {
    fn unit(&self, id: UnitId) -> &'a Unit {
        &self.units[id.index()]
    }

    /// Where `span` of a unit's preprocessed text was written: file and byte range there.
    fn origin(&self, unit: UnitId, span: &Span) -> (FileId, Span) {
        self.unit(unit).source.origin(span.clone())
    }

    /// An error at `span` of a unit, to add to before pushing.
    fn error_at(&self, unit: UnitId, span: &Span, message: impl Into<String>) -> Diagnostic {
        let (file, range) = self.origin(unit, span);
        Diagnostic::new(file, range, message)
    }

    fn error(&mut self, unit: UnitId, span: &Span, message: impl Into<String>) {
        let d = self.error_at(unit, span, message);
        self.diags.push(d);
    }

    /// Records a definition and what `define` makes it from: [`DefKind::Pending`] until then (a
    /// forward declaration is complete at once).
    fn push_def(&mut self, name: String, span: &Span, declared: Declared<'a>) -> DefId {
        let kind = match declared.syntax {
            Syntax::Forward(k) => DefKind::Forward(k),
            _ => DefKind::Pending,
        };
        let (file, range) = self.origin(declared.unit, span);
        let (line, col) = self.sources.line_col(file, range.start);
        let location = format!("{}:{line}:{col}", self.sources.name(file));
        let id = DefId(self.model.defs.len());
        self.model.defs.push(Def {
            name,
            kind,
            imported: Some(declared.unit) != self.root,
            file,
            unit: self.unit(declared.unit).source.file,
            span: range,
            location,
            attributes: Vec::new(),
        });
        self.declared.push(declared);
        id
    }

    fn qualify(ns: &[String], name: &str) -> String {
        if ns.is_empty() { name.to_string() } else { format!("{}.{name}", ns.join(".")) }
    }
}

/// Names to try for `name` seen inside namespace `ns`: innermost namespace first, `name` itself
/// last. Outside namespaces (all of classic IDL) that is the only one, and nothing is allocated.
fn candidates<'n>(ns: &'n [String], name: &'n str) -> impl Iterator<Item = Cow<'n, str>> {
    (1..=ns.len())
        .rev()
        .map(move |n| Cow::Owned(format!("{}.{name}", ns[..n].join("."))))
        .chain(std::iter::once(Cow::Borrowed(name)))
}
