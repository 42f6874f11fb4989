//! The layout table of one module of a module tree (`cpidl crate --layout`): every struct's,
//! union's and vtable's size, alignment and offsets as rustc computes them, each row named as
//! widl's C header names the type and member, so that a C compiler can be asked for the same;
//! and what C cannot name, with why.

use super::c_conditions::Hidden;
use super::layout::MAX_NESTING;
use super::names::def_name;
use super::types::ident;
use crate::model::{DefId, DefKind, Field, Model, Type};

/// The layout table of one module of a tree: a Rust file (inside the crate, beside the modules)
/// whose `LAYOUT` rows name each type and member as widl's C header does, so that a C compiler
/// can be asked for the same numbers; `SKIPPED`, what C cannot name, with why; and `REPACKED`,
/// the records the IDL packs itself with `#pragma pack`, which MIDL's header packs as the rows
/// do and widl's leaves unpacked: a C view of widl's header needs the pack put back around them.
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
    /// `(C type, pack)` of the records whose pack widl's header does not have.
    repacked: Vec<(String, u8)>,
    /// `(C type, [])` of the definitions C never sees (the IDL's stand-ins for C's types).
    stand_ins: Vec<(String, Vec<String>)>,
    /// `(stand-in's C type, record's C type)`: a record holding a stand-in by value.
    held: Vec<(String, String)>,
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
/// that C may not see (`c_conditions.rs`): its rows are skipped, and so are those of a record
/// holding by value one that C never sees (C's type of that name is another).
pub(crate) fn module_table(
    model: &Model,
    ids: &[DefId],
    module: &str,
    tagged: &dyn Fn(DefId) -> bool,
    hidden: &dyn Fn(DefId) -> Option<Hidden>,
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
        let condition = hidden(named);
        // C has its own type of a stand-in's name (or none): its rows say whether the two agree.
        if let Some(c) = condition.as_ref().filter(|h| h.never && named == id).and_then(|_| stand_in(model, id, tagged))
        {
            rows.size_align(&c, &rust);
            rows.stand_ins.push((c.clone(), Vec::new()));
            continue;
        }
        if let Some(condition) = condition.filter(|_| laid_out) {
            rows.skip(
                d.name.clone(),
                &format!(
                    "widl's header declares it under `{}` of cpp_quote, which C may not take",
                    condition.directive
                ),
            );
            continue;
        }
        if named == id && laid_out && !matches!(d.kind, DefKind::Interface(_)) {
            for (_, def, _) in never_seen_held(model, id, hidden, 0) {
                let (Some(inner), Ok(holder)) = (stand_in(model, def, tagged), c_type(model, id, tagged, 0)) else {
                    continue;
                };
                rows.held.push((inner, holder));
            }
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
                let (pack, widl_pack) = match &d.kind {
                    DefKind::Struct(s) => (s.pack, s.widl_header_pack),
                    DefKind::Union(u) => (u.pack, u.widl_header_pack),
                    _ => unreachable!("a struct or a union, matched above"),
                };
                // A nested record is packed where the one it is part of is.
                if pack != widl_pack && named == id {
                    rows.repacked.push((c_name(&d.name), pack.unwrap_or(0)));
                }
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
    code.push_str(
        "];\n\n/// `(C type, pack)`: the records the IDL packs with its own `#pragma pack`, which widl's \
         header leaves out (0: the target's default).\npub const REPACKED: &[(&str, u8)] = &[\n",
    );
    for (c, pack) in &rows.repacked {
        code.push_str(&format!("    ({c:?}, {pack}),\n"));
    }
    code.push_str(
        "];\n\n/// `(C type, records)`: the IDL's stand-ins for C's types (declared under `#if 0` of cpp_quote), \
         and the records of the module that hold one by value, where C's record holds C's type.\n\
         pub const STAND_INS: &[(&str, &[&str])] = &[\n",
    );
    let mut stand_ins = rows.stand_ins;
    for (inner, holder) in rows.held {
        match stand_ins.iter_mut().find(|(c, _)| *c == inner) {
            Some((_, holders)) if !holders.contains(&holder) => holders.push(holder),
            Some(_) => {}
            None => stand_ins.push((inner, vec![holder])),
        }
    }
    for (c, holders) in &stand_ins {
        code.push_str(&format!("    ({c:?}, &{holders:?}),\n"));
    }
    code.push_str("];\n");
    ModuleLayout { code, rows: rows.rows, skipped: rows.skipped.len() }
}

/// The members of struct or union `id` (at `depth` of nesting) that hold by value, in it or in
/// a record it holds, a definition C never sees: each with that definition and its condition.
pub(crate) fn never_seen_held(
    model: &Model,
    id: DefId,
    hidden: &dyn Fn(DefId) -> Option<Hidden>,
    depth: usize,
) -> Vec<(String, DefId, Hidden)> {
    let fields: Vec<&Field> = match &model[id].kind {
        DefKind::Struct(s) => s.fields.iter().collect(),
        DefKind::Union(u) => u.arms.iter().filter_map(|a| a.field.as_ref()).collect(),
        _ => return Vec::new(),
    };
    let by_value = |ty: &Type| -> Vec<(DefId, Hidden)> {
        let mut ty = ty;
        for _ in 0..MAX_NESTING {
            match ty {
                Type::Array { of, .. } => ty = of,
                Type::Named { def, .. } => {
                    if let Some(h) = hidden(*def).filter(|h| h.never) {
                        return vec![(*def, h)];
                    }
                    match &model[*def].kind {
                        DefKind::Typedef(t) => ty = t,
                        DefKind::Struct(_) | DefKind::Union(_) if depth < MAX_NESTING => {
                            let inner = never_seen_held(model, *def, hidden, depth + 1);
                            return inner.into_iter().map(|(_, def, h)| (def, h)).collect();
                        }
                        _ => return Vec::new(),
                    }
                }
                _ => return Vec::new(),
            }
        }
        Vec::new()
    };
    let mut held = Vec::new();
    for f in fields {
        let name = f.name.clone().unwrap_or_else(|| "<unnamed>".into());
        held.extend(by_value(&f.ty).into_iter().map(|(def, h)| (name.clone(), def, h)));
    }
    held
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

/// How C names the stand-in `id` (a definition C never sees): a typedef by its name, a record as
/// `c_type` does.
fn stand_in(model: &Model, id: DefId, tagged: &dyn Fn(DefId) -> bool) -> Option<String> {
    match &model[id].kind {
        DefKind::Typedef(_) => Some(c_name(&model[id].name)),
        DefKind::Struct(_) | DefKind::Union(_) => c_type(model, id, tagged, 0).ok(),
        _ => None,
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
