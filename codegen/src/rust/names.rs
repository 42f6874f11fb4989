//! Rust names for IDL definitions. Most keep their IDL name; two kinds need a rule:
//!
//! - A WinRT name in a namespace (`Windows.Foundation.Point`) joins its parts with `_`
//!   (`Windows_Foundation_Point`), as a Rust identifier cannot hold a dot.
//! - An anonymous (inline, unnamed) struct, union or enum is named after where it is used:
//!   `{Parent}_{field}` for a field's type (`tagOUTER_pair`), `{Parent}_anonymous{k}` for the
//!   k-th unnamed field of its parent (the field itself is `anonymous{k}`), `{Typedef}_target`
//!   for a typedef of a pointer or array to it, and, used nowhere in a named definition,
//!   `anonymous_{kind}{index}` by its place in the model. The parent's own name follows the same
//!   rule, so nested inline types get `Outer_inner_field`.

use crate::model::{DefId, DefKind, Field, Model, Type};

/// The prefix the resolver gives an inline definition without a tag or typedef name.
pub(super) const ANONYMOUS: &str = "<anonymous ";

/// Deeper chains of inline types than this are named by their place in the model.
pub(super) const MAX_NESTING: usize = 32;

/// The Rust identifier text of definition `id` (not yet made raw where it is a keyword).
pub fn def_name(model: &Model, id: DefId) -> String {
    named_at(model, id, 0)
}

fn named_at(model: &Model, id: DefId, depth: usize) -> String {
    let d = &model[id];
    if !d.name.starts_with(ANONYMOUS) {
        return d.name.replace('.', "_");
    }
    let kind = d.name.trim_start_matches(ANONYMOUS).trim_end_matches('>');
    let fallback = || format!("anonymous_{kind}{}", id.index());
    if depth > MAX_NESTING {
        return fallback();
    }
    match parent_of(model, id) {
        Some((parent, Use::Field(field))) => format!("{}_{field}", named_at(model, parent, depth + 1)),
        Some((parent, Use::Target)) => format!("{}_target", named_at(model, parent, depth + 1)),
        None => fallback(),
    }
}

/// How a definition uses an inline type.
pub(super) enum Use {
    /// As the type of this field (its name, or `anonymous{k}`).
    Field(String),
    /// As what a typedef's pointer or array points at.
    Target,
}

/// The definition that uses anonymous definition `id` (an inline type has one place), and how.
pub(super) fn parent_of(model: &Model, id: DefId) -> Option<(DefId, Use)> {
    let imported = model[id].imported;
    model.iter().filter(|(_, d)| d.imported == imported).find_map(|(pid, d)| {
        let found = match &d.kind {
            DefKind::Struct(s) => field_use(&s.fields, id),
            DefKind::Union(u) => {
                let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
                field_use(&fields, id)
            }
            DefKind::Typedef(t) if refers_to(t, id) => Some(Use::Target),
            _ => None,
        };
        found.map(|u| (pid, u))
    })
}

/// The field of `fields` whose type is (a pointer to, an array of) `id`, named as the generator
/// names fields.
fn field_use(fields: &[Field], id: DefId) -> Option<Use> {
    let mut unnamed = 0;
    for f in fields {
        if f.name.is_none() && f.bits.is_none() {
            unnamed += 1;
        }
        if refers_to(&f.ty, id) {
            return Some(Use::Field(f.name.clone().unwrap_or_else(|| format!("anonymous{unnamed}"))));
        }
    }
    None
}

fn refers_to(t: &Type, id: DefId) -> bool {
    match t {
        Type::Named { def, .. } => *def == id,
        Type::Pointer { to, .. } => refers_to(to, id),
        Type::Array { of, .. } => refers_to(of, id),
        _ => false,
    }
}

/// `name` as a Rust identifier's text: every character outside `[A-Za-z0-9_]` becomes `_`, and a
/// leading digit gets a `_` before it.
pub fn sanitized(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}
