//! Struct layout: computed here as MSVC computes it for x64 (`/env win64`), `#pragma pack`
//! included, which tells the generator when a pack must become `packed(N)`; and a table of the
//! generated layout as rustc computes it (the byte offset of every vtable slot and struct field,
//! and every struct's size), for checking against an independent C compiler.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::def_name;
use super::records::storage;
use super::types::ident;
use crate::model::{Base, DefId, DefKind, Field, Model, Type};

/// Where a struct's or union's fields go, and its size and alignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub size: usize,
    pub align: usize,
    /// Each field's byte offset, in field order.
    pub offsets: Vec<usize>,
}

/// Nesting of types laid out inside one another; deeper is not laid out (a cycle, or hostile input).
const MAX_NESTING: usize = 64;

/// The layout of `fields` as a struct (or a union) under `#pragma pack(pack)`: each field aligned
/// to the smaller of its own alignment and the pack, as MSVC does, bit fields in their storage
/// units. `None` where a field's layout is not known here: interfaces by value.
pub fn fields_layout(model: &Model, fields: &[Field], pack: Option<u8>, union: bool) -> Option<Layout> {
    fields_at(model, fields, pack, union, 0)
}

fn fields_at(model: &Model, fields: &[Field], pack: Option<u8>, union: bool, depth: usize) -> Option<Layout> {
    let cap = pack.map_or(usize::MAX, usize::from);
    let (fields, _) = storage(model, fields);
    let (mut size, mut align, mut offsets) = (0usize, 1usize, Vec::with_capacity(fields.len()));
    for f in &fields {
        let (fsize, falign) = type_layout(model, &f.ty, depth + 1)?;
        let falign = falign.min(cap);
        let offset = if union { 0 } else { size.checked_next_multiple_of(falign)? };
        offsets.push(offset);
        size = size.max(offset.checked_add(fsize)?);
        align = align.max(falign);
    }
    Some(Layout { size: size.checked_next_multiple_of(align)?, align, offsets })
}

/// Size and alignment of a value of type `t` on x64.
fn type_layout(model: &Model, t: &Type, depth: usize) -> Option<(usize, usize)> {
    if depth > MAX_NESTING {
        return None;
    }
    let scalar = |n| Some((n, n));
    match t {
        Type::Base(b) => match b {
            Base::Int { bits, .. } => scalar(usize::from(*bits) / 8),
            Base::IntPtr { .. } | Base::Handle => scalar(8),
            Base::Float | Base::ErrorStatus => scalar(4),
            Base::Double => scalar(8),
            Base::Char | Base::Boolean | Base::Byte => scalar(1),
            Base::WChar => scalar(2),
        },
        Type::Pointer { .. } | Type::SafeArray(_) => scalar(8),
        Type::Array { of, len: Some(n) } => {
            let (size, align) = type_layout(model, of, depth + 1)?;
            Some((size.checked_mul(usize::try_from(*n).ok()?)?, align))
        }
        Type::Named { def, .. } => match &model[*def].kind {
            DefKind::Typedef(inner) => type_layout(model, inner, depth + 1),
            DefKind::Enum(_) => scalar(4),
            DefKind::Struct(s) => fields_at(model, &s.fields, s.pack, false, depth).map(|l| (l.size, l.align)),
            DefKind::Union(u) => {
                let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
                let arms = fields_at(model, &fields, u.pack, true, depth)?;
                let Some((disc, _)) = &u.discriminant else { return Some((arms.size, arms.align)) };
                // Encapsulated: the discriminant, then the union, as one struct.
                let (dsize, dalign) = type_layout(model, disc, depth + 1)?;
                let cap = u.pack.map_or(usize::MAX, usize::from);
                let (dalign, ualign) = (dalign.min(cap), arms.align.min(cap));
                let offset = dsize.checked_next_multiple_of(ualign)?;
                let align = dalign.max(ualign);
                Some((offset.checked_add(arms.size)?.checked_next_multiple_of(align)?, align))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `pub const LAYOUT: &[(&str, &str, usize)]` rows: `(type, member, offset)`; a struct's size is
/// the row whose member is `sizeof`. The bindings must be in scope where this is included.
pub fn table(model: &Model) -> String {
    let mut rows: Vec<TokenStream> = Vec::new();
    for (id, d) in model.iter() {
        if d.imported {
            continue;
        }
        match &d.kind {
            DefKind::Interface(i) if i.generic_params.is_empty() => {
                let vtbl = ident(&format!("{}_Vtbl", def_name(model, id)));
                let vname = format!("{}Vtbl", d.name);
                // Inherited slots are inside `base__`; list the interface's own ones.
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    let f = ident(&m.abi_name);
                    let fname = &m.abi_name;
                    rows.push(quote!((#vname, #fname, ::core::mem::offset_of!(#vtbl, #f))));
                }
                rows.push(quote!((#vname, "sizeof", ::core::mem::size_of::<#vtbl>())));
            }
            DefKind::Struct(st) => {
                let s = ident(&def_name(model, id));
                let sname = &d.name;
                for f in st.fields.iter().filter(|f| f.bits.is_none()).filter_map(|f| f.name.as_ref()) {
                    let fi = ident(f);
                    rows.push(quote!((#sname, #f, ::core::mem::offset_of!(#s, #fi))));
                }
                rows.push(quote!((#sname, "sizeof", ::core::mem::size_of::<#s>())));
            }
            _ => {}
        }
    }
    let file: syn::File = syn::parse2(quote! {
        /// `(type, member, byte offset)` of every generated vtable slot and struct field.
        pub const LAYOUT: &[(&str, &str, usize)] = &[#(#rows),*];
    })
    .expect("the layout table parses");
    prettyplease::unparse(&file)
}

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
/// a tag (`struct tagFOO`) rather than only named by its typedef, which decides how C names it.
pub(crate) fn module_table(model: &Model, ids: &[DefId], module: &str, tagged: &dyn Fn(DefId) -> bool) -> ModuleLayout {
    let mut rows = Rows::default();
    let module = ident(module);
    for &id in ids {
        let d = &model[id];
        let rust = ident(&def_name(model, id)).to_string();
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
                rows.size_align(&c, &vtbl);
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
                        fields_rows(&mut rows, &c, &rust, &d.name, &s.fields);
                        continue;
                    }
                    _ => unreachable!("a struct or a union, matched above"),
                };
                let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
                match &u.discriminant {
                    None => fields_rows(&mut rows, &c, &rust, &d.name, &fields),
                    Some((_, disc)) => {
                        rows.offset(&c, disc, &rust, &ident(disc).to_string());
                        // widl names the union member after the IDL's arm name, which the model
                        // does not keep (Rust calls it `tagged_union`).
                        rows.skip(
                            format!("{}.<arms>", d.name),
                            "the name of an encapsulated union's arms is not in the model",
                        );
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

/// The offset rows of a record's fields: named ones, bit fields and unnamed ones skipped.
fn fields_rows(rows: &mut Rows, c: &str, rust: &str, name: &str, fields: &[Field]) {
    for (i, f) in fields.iter().enumerate() {
        match (&f.name, f.bits, &f.ty) {
            (_, _, Type::Void) => {}
            (Some(n), Some(_), _) => rows.skip(format!("{name}.{n}"), "a bit field has no offset in C"),
            (None, _, _) => rows.skip(format!("{name}.<field {i}>"), "an unnamed member"),
            (Some(n), None, _) => rows.offset(c, n, rust, &ident(n).to_string()),
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
        DefKind::Union(_) => return Err("inside an encapsulated union's arms, whose name is not in the model"),
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
