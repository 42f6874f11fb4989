//! The layout table of one module of a module tree (`cpidl crate --layout`): every struct's,
//! union's and vtable's size, alignment and offsets as rustc computes them, each row named as
//! widl's C header names the type and member, so that a C compiler can be asked for the same;
//! and what C cannot name, with why.

use super::layout::MAX_NESTING;
use super::names::def_name;
use super::types::ident;
use crate::model::{DefId, DefKind, Field, Model, Type};

/// The layout table of one module of a tree: a Rust file (inside the crate, beside the modules)
/// whose `LAYOUT` rows name each type and member as widl's C header does, so that a C compiler
/// can be asked for the same numbers; and `SKIPPED`, what C cannot name, with why.
pub struct ModuleLayout {
    pub code: String,
    pub rows: usize,
    pub skipped: usize,
}

/// Rows `(C type, member, value)`; member `sizeof` and `alignof` are the type's size and
/// alignment. The Rust side of each row is an expression on the types of `crate::<module>`.
#[derive(Default)]
struct Rows {
    text: String,
    rows: usize,
    skipped: Vec<(String, String)>,
}

impl Rows {
    fn push(&mut self, c_type: &str, member: &str, rust: String) {
        self.text.push_str(&format!("    ({c_type:?}, {member:?}, {rust}),\n"));
        self.rows += 1;
    }

    fn skip(&mut self, what: String, why: &str) {
        self.skipped.push((what, why.to_string()));
    }

    /// `sizeof` and `alignof` of Rust type `rust` (a path in the module) as C type `c`.
    fn size_align(&mut self, c: &str, rust: &str) {
        self.push(c, "sizeof", format!("::core::mem::size_of::<m::{rust}>()"));
        self.push(c, "alignof", format!("::core::mem::align_of::<m::{rust}>()"));
    }

    fn offset(&mut self, c: &str, member: &str, rust: &str, field: &str) {
        self.push(c, member, format!("::core::mem::offset_of!(m::{rust}, {field})"));
    }
}

/// The layout table of the definitions `ids` of module `module` (those generated): every struct
/// and union (size, alignment, each named field's offset) and every interface's vtable (each own
/// slot's offset, size, alignment). `tagged(id)` says whether a struct or union is declared with
/// a tag (`struct tagFOO`) rather than only named by its typedef, which decides how C names it;
/// `hidden(id)`, the C condition of cpp_quote under which widl's header declares a definition
/// that C may not see (`c_conditions.rs`): its rows are skipped.
pub(crate) fn module_table(
    model: &Model,
    ids: &[DefId],
    module: &str,
    tagged: &dyn Fn(DefId) -> bool,
    hidden: &dyn Fn(DefId) -> Option<String>,
) -> ModuleLayout {
    let mut rows = Rows::default();
    let module = ident(module);
    for &id in ids {
        let d = &model[id];
        let rust = ident(&def_name(model, id)).to_string();
        let laid_out = matches!(&d.kind, DefKind::Struct(_) | DefKind::Union(_) | DefKind::Interface(_));
        // An anonymous type is where the named one it is part of is.
        let mut named = id;
        for _ in 0..MAX_NESTING {
            if !model[named].name.starts_with("<anonymous ") {
                break;
            }
            let Some((parent, _)) = super::names::parent_of(model, named) else { break };
            named = parent;
        }
        if let Some(condition) = hidden(named).filter(|_| laid_out) {
            rows.skip(
                d.name.clone(),
                &format!("widl's header declares it under `{condition}` of cpp_quote, which C may not take"),
            );
            continue;
        }
        match &d.kind {
            DefKind::Interface(i) if i.generic_params.is_empty() && i.base.is_some() && d.name != "IUnknown" => {
                // widl names a WinRT delegate's interface `I{Name}`, and an instantiation `__{Name}`.
                let c = match d.name.rsplit_once('.') {
                    _ if i.instance => format!("__{}", d.name),
                    Some((ns, last)) if i.delegate => c_name(&format!("{ns}.I{last}")),
                    _ if i.delegate => format!("I{}", d.name),
                    _ => c_name(&d.name),
                };
                let c = format!("{c}Vtbl");
                let vtbl = ident(&format!("{}_Vtbl", def_name(model, id))).to_string();
                // Inherited slots are inside `base__`; C's flat vtable has them at the same offsets.
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    rows.offset(&c, &m.abi_name, &vtbl, &ident(&m.abi_name).to_string());
                }
                match i.pack.filter(|&n| n < 8) {
                    // Rust's vtable is not packed: its fields are borrowed, and a pack moves none.
                    Some(n) => {
                        rows.push(&c, "sizeof", format!("::core::mem::size_of::<m::{vtbl}>()"));
                        rows.skip(
                            format!("{}.alignof", d.name),
                            &format!("C packs the vtable to {n}; Rust's is not packed (only its alignment differs)"),
                        );
                    }
                    None => rows.size_align(&c, &vtbl),
                }
            }
            DefKind::Struct(_) | DefKind::Union(_) => {
                let c = match c_type(model, id, tagged, 0) {
                    Ok(c) => c,
                    Err(why) => {
                        rows.skip(d.name.clone(), why);
                        continue;
                    }
                };
                rows.size_align(&c, &rust);
                let u = match &d.kind {
                    DefKind::Union(u) => u,
                    DefKind::Struct(s) => {
                        fields_rows(model, &mut rows, &c, &rust, &d.name, &s.fields);
                        continue;
                    }
                    _ => unreachable!("a struct or a union, matched above"),
                };
                let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
                match &u.discriminant {
                    None => fields_rows(model, &mut rows, &c, &rust, &d.name, &fields),
                    Some((_, disc)) => {
                        rows.offset(&c, disc, &rust, &ident(disc).to_string());
                        // C's member of the arms is named as the IDL names it; Rust's is
                        // `tagged_union`, of type `{Name}_tagged_union`.
                        let arms = u.arms_name.as_deref().unwrap_or("tagged_union");
                        rows.offset(&c, arms, &rust, "tagged_union");
                        let (c_arms, rust_arms) = (
                            format!("__typeof__((*({c}*)0).{arms})"),
                            ident(&format!("{}_tagged_union", def_name(model, id))).to_string(),
                        );
                        rows.size_align(&c_arms, &rust_arms);
                        fields_rows(model, &mut rows, &c_arms, &rust_arms, &d.name, &fields);
                    }
                }
            }
            _ => {}
        }
    }
    let mut code = format!(
        "// @generated by cpidl crate --layout: the layout of `{module}` as `(C type, member, value)`.\n\
         use crate::{module} as m;\n\n/// `(C type, member, value)`: a field's or slot's offset, or `sizeof`, `alignof`.\n\
         pub const LAYOUT: &[(&str, &str, usize)] = &[\n{}];\n\n/// `(what, why)`: what C cannot name.\n\
         pub const SKIPPED: &[(&str, &str)] = &[\n",
        rows.text
    );
    for (what, why) in &rows.skipped {
        code.push_str(&format!("    ({what:?}, {why:?}),\n"));
    }
    code.push_str("];\n");
    ModuleLayout { code, rows: rows.rows, skipped: rows.skipped.len() }
}

/// The offset rows of a record's fields: named ones, and those of an unnamed struct or union
/// member, which C names as members of the record (at the member's offset plus theirs); bit
/// fields and other unnamed members skipped.
fn fields_rows(model: &Model, rows: &mut Rows, c: &str, rust: &str, name: &str, fields: &[Field]) {
    fields_at_offset(model, rows, c, rust, "", name, fields, 0);
}

/// As [`fields_rows`], in a record whose offset in C's type `c` is the Rust expression `base`
/// (`""` for 0) followed by offsets in the record's Rust type `rust`.
#[allow(clippy::too_many_arguments)]
fn fields_at_offset(
    model: &Model,
    rows: &mut Rows,
    c: &str,
    rust: &str,
    base: &str,
    name: &str,
    fields: &[Field],
    depth: usize,
) {
    // Rust names the unnamed members `anonymous1`, `anonymous2`... (records.rs); bit fields are
    // named by their storage unit.
    let mut anonymous = 0;
    for (i, f) in fields.iter().enumerate() {
        let offset = |field: &str| format!("{base}::core::mem::offset_of!(m::{rust}, {field})");
        match (&f.name, f.bits, &f.ty) {
            (_, _, Type::Void) => {}
            (Some(n), Some(_), _) => rows.skip(format!("{name}.{n}"), "a bit field has no offset in C"),
            (None, Some(_), _) => {}
            (None, None, ty) => {
                anonymous += 1;
                let inner = match ty {
                    Type::Named { def, .. } if depth < MAX_NESTING => match &model[*def].kind {
                        DefKind::Struct(s) => Some((*def, s.fields.clone())),
                        DefKind::Union(u) if u.discriminant.is_none() => {
                            Some((*def, u.arms.iter().filter_map(|a| a.field.clone()).collect()))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                let Some((def, inner)) = inner else {
                    rows.skip(format!("{name}.<field {i}>"), "an unnamed member");
                    continue;
                };
                let base = format!("{} + ", offset(&format!("anonymous{anonymous}")));
                let inner_rust = ident(&def_name(model, def)).to_string();
                fields_at_offset(model, rows, c, &inner_rust, &base, name, &inner, depth + 1);
            }
            (Some(n), None, _) => rows.push(c, n, offset(&ident(n).to_string())),
        }
    }
}

/// How widl's header spells a definition's name: a WinRT name in a namespace as
/// `__x_ABI_C{part}_C{part}...`, any other verbatim.
fn c_name(name: &str) -> String {
    if name.contains('.') { format!("__x_ABI_C{}", name.replace('.', "_C")) } else { name.to_string() }
}

/// The C type of struct or union `id` as a type name: `struct tag`, a typedef name, or for an
/// anonymous one `__typeof__` of the member (or pointee) of its parent it is the type of.
fn c_type(model: &Model, id: DefId, tagged: &dyn Fn(DefId) -> bool, depth: usize) -> Result<String, &'static str> {
    let d = &model[id];
    if depth > MAX_NESTING {
        return Err("nested too deep");
    }
    if !d.name.starts_with("<anonymous ") {
        let encapsulated = matches!(&d.kind, DefKind::Union(u) if u.discriminant.is_some());
        // widl writes an encapsulated union as a struct of the discriminant and the union.
        let keyword = if matches!(d.kind, DefKind::Union(_)) && !encapsulated { "union" } else { "struct" };
        return Ok(if tagged(id) { format!("{keyword} {}", c_name(&d.name)) } else { c_name(&d.name) });
    }
    let Some((parent, _)) = super::names::parent_of(model, id) else { return Err("an anonymous type used nowhere") };
    let root = format!("(*({}*)0)", c_type(model, parent, tagged, depth + 1)?);
    let lvalue = match &model[parent].kind {
        DefKind::Typedef(t) => lvalue(t, id, root),
        DefKind::Struct(s) => field_lvalue(&s.fields, id, &root)?,
        DefKind::Union(u) if u.discriminant.is_none() => {
            let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
            field_lvalue(&fields, id, &root)?
        }
        DefKind::Union(u) => {
            let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
            let arms = u.arms_name.as_deref().unwrap_or("tagged_union");
            field_lvalue(&fields, id, &format!("{root}.{arms}"))?
        }
        _ => None,
    };
    lvalue.map(|e| format!("__typeof__({e})")).ok_or("an anonymous type C cannot reach")
}

/// `root.field` as the lvalue of definition `id`, through the field of `fields` of its type.
fn field_lvalue(fields: &[Field], id: DefId, root: &str) -> Result<Option<String>, &'static str> {
    for f in fields {
        if lvalue(&f.ty, id, String::new()).is_some() {
            let Some(name) = &f.name else { return Err("the type of an unnamed member") };
            return Ok(lvalue(&f.ty, id, format!("{root}.{name}")));
        }
    }
    Ok(None)
}

/// An lvalue of definition `id` from an lvalue `e` of type `t`: a pointer dereferenced, an array
/// indexed.
fn lvalue(t: &Type, id: DefId, e: String) -> Option<String> {
    match t {
        Type::Named { def, .. } if *def == id => Some(e),
        Type::Pointer { to, .. } => lvalue(to, id, format!("(*{e})")),
        Type::Array { of, .. } => lvalue(of, id, format!("({e})[0]")),
        _ => None,
    }
}
