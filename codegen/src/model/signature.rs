//! WinRT type signatures and the IIDs of parameterized types (an instantiation such as
//! `IVectorView<HSTRING>` has no `uuid` of its own: WinRT derives it from the generic's IID and
//! its arguments' signatures), and the names widl gives instantiations in C.
//!
//! The signature grammar is WinRT's: `i4`, `string`, `cinterface(IInspectable)`, `{iid}`,
//! `delegate({iid})`, `rc(Name;default interface)`, `enum(Name;i4)`, `struct(Name;fields)`,
//! `pinterface({piid};args)`. The IID is a name-based (version 5) UUID: the SHA-1 of a fixed
//! namespace GUID followed by the signature in UTF-8.

use sha1::{Digest, Sha1};

use super::{Base, DefId, DefKind, Model, Type};

/// The namespace of parameterized-type IIDs, `11f47ad5-7b73-42c0-abae-878b1e16adee`, in the byte
/// order it is written in (the UUID's network order, not the GUID's in-memory one).
const PINTERFACE_NAMESPACE: [u8; 16] =
    [0x11, 0xf4, 0x7a, 0xd5, 0x7b, 0x73, 0x42, 0xc0, 0xab, 0xae, 0x87, 0x8b, 0x1e, 0x16, 0xad, 0xee];

/// The IID of a parameterized type with signature `signature`, as the model writes a uuid (lower
/// case, no braces).
pub fn iid(signature: &str) -> String {
    let mut hash = Sha1::new();
    hash.update(PINTERFACE_NAMESPACE);
    hash.update(signature.as_bytes());
    let digest = hash.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    // RFC 4122: version 5 in the high nibble of byte 6, the variant in the top bits of byte 8.
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The signature of instantiation `generic<args>`: `pinterface({piid};arg;...)`.
pub fn instance(model: &Model, generic: DefId, args: &[Type]) -> Result<String, String> {
    let d = resolved(model, &model[generic].name, generic);
    let Some(uuid) = d.uuid() else {
        return Err(format!("the generic `{}` has no uuid", d.name));
    };
    let mut sig = format!("pinterface({{{uuid}}}");
    for a in args {
        sig.push(';');
        sig.push_str(&signature(model, a)?);
    }
    sig.push(')');
    Ok(sig)
}

/// The WinRT signature of type `t` as a generic argument; an error for what WinRT cannot pass.
pub fn signature(model: &Model, t: &Type) -> Result<String, String> {
    match t {
        Type::Base(b) => base(*b),
        Type::Generic { def, args, .. } => instance(model, *def, args),
        // Reference types are written as pointers in IDL (`IInspectable *`); the signature is the
        // type's.
        // Checked before the target's signature is computed: a struct may point at itself.
        Type::Pointer { to, .. } if is_reference(model, to) => signature(model, to),
        Type::Named { name, def } => named(model, name, *def),
        Type::Param(p) => Err(format!("generic parameter `{p}` is not bound")),
        _ => Err("the type has no WinRT signature".into()),
    }
}

/// Whether `t` is a WinRT reference type: an interface, a delegate, a runtime class.
fn is_reference(model: &Model, t: &Type) -> bool {
    match t {
        Type::Generic { .. } => true,
        Type::Named { name, def } => match &resolved(model, name, *def).kind {
            DefKind::Interface(_) | DefKind::RuntimeClass(_) => true,
            DefKind::Forward(k) => matches!(*k, "interface" | "runtimeclass"),
            _ => false,
        },
        _ => false,
    }
}

fn base(b: Base) -> Result<String, String> {
    Ok(match b {
        Base::Int { bits: 8, signed: true } | Base::Char => "i1",
        Base::Int { bits: 8, signed: false } | Base::Byte => "u1",
        Base::Int { bits: 16, signed: true } => "i2",
        Base::Int { bits: 16, signed: false } => "u2",
        Base::Int { bits: 32, signed: true } => "i4",
        Base::Int { bits: 32, signed: false } => "u4",
        Base::Int { bits: 64, signed: true } => "i8",
        Base::Int { bits: 64, signed: false } => "u8",
        Base::Float => "f4",
        Base::Double => "f8",
        Base::Boolean => "b1",
        Base::WChar => "c2",
        _ => return Err(format!("`{b:?}` has no WinRT signature")),
    }
    .into())
}

fn named(model: &Model, name: &str, def: DefId) -> Result<String, String> {
    // WinRT's own types, whatever their C typedefs are.
    match name {
        "HSTRING" => return Ok("string".into()),
        "GUID" | "IID" | "CLSID" | "_GUID" => return Ok("g16".into()),
        "IInspectable" => return Ok("cinterface(IInspectable)".into()),
        _ => {}
    }
    let d = resolved(model, name, def);
    let uuid = || d.uuid().ok_or_else(|| format!("`{name}` has no uuid"));
    match &d.kind {
        DefKind::Typedef(inner) => signature(model, inner),
        DefKind::Enum(_) => Ok(format!("enum({name};{})", if d.has_attr("flags") { "u4" } else { "i4" })),
        DefKind::Struct(s) => {
            let fields: Result<Vec<String>, String> = s.fields.iter().map(|f| signature(model, &f.ty)).collect();
            Ok(format!("struct({name};{})", fields?.join(";")))
        }
        DefKind::Interface(i) if !i.generic_params.is_empty() => Err(format!("`{name}` is generic")),
        DefKind::Interface(i) if i.delegate => Ok(format!("delegate({{{}}})", uuid()?)),
        DefKind::Interface(_) => Ok(format!("{{{}}}", uuid()?)),
        DefKind::RuntimeClass(members) => {
            let default = members
                .iter()
                .find(|m| m.attributes.iter().any(|a| a.name == "default"))
                .ok_or_else(|| format!("runtime class `{name}` has no default interface"))?;
            let iface = model
                .iter()
                .find(|(_, d)| d.name == default.name && !d.is_forward())
                .ok_or_else(|| format!("the default interface `{}` of `{name}` is not defined", default.name))?;
            // An instantiation (`IVectorView<T *>`) is signed `pinterface(...)`, as anywhere.
            let iface = if default.args.is_empty() {
                named(model, &default.name, iface.0)?
            } else {
                instance(model, iface.0, &default.args)?
            };
            Ok(format!("rc({name};{iface})"))
        }
        DefKind::Forward(_) => Err(format!("`{name}` is declared and never defined")),
        _ => Err(format!("`{name}` has no WinRT signature")),
    }
}

/// widl's C name of instantiation `generic<args>`: `__F` and the generic's unqualified name, the
/// number of arguments, then each argument's name (namespaces joined by `__C`, an instantiation's
/// own `__F...` name), all joined by `_`: `__FIMapView_2_HSTRING___FIVectorView_1_HSTRING`.
pub fn widl_name(model: &Model, generic: DefId, args: &[Type]) -> String {
    let full = &model[generic].name;
    let short = full.rsplit('.').next().unwrap_or(full);
    let i = if is_delegate(model, full, generic) { "I" } else { "" };
    let mut name = format!("__F{i}{short}_{}", args.len());
    for a in args {
        name.push('_');
        name.push_str(&arg_name(model, a));
    }
    name
}

fn arg_name(model: &Model, t: &Type) -> String {
    match t {
        // widl names a struct or enum by its own name, everything else by its qualified one.
        Type::Named { name, def } => match &resolved(model, name, *def).kind {
            _ if is_record(model, t) => name.rsplit('.').next().unwrap_or(name).to_string(),
            // A delegate is an interface in C, `I` before its name.
            _ if is_delegate(model, name, *def) => match name.rsplit_once('.') {
                Some((ns, last)) => format!("{}__CI{last}", ns.replace('.', "__C")),
                None => format!("I{name}"),
            },
            _ => name.replace('.', "__C"),
        },
        Type::Pointer { to, .. } => arg_name(model, to),
        Type::Generic { def, args, .. } => widl_name(model, *def, args),
        Type::Base(b) => match b {
            Base::Boolean => "boolean".into(),
            Base::Byte => "byte".into(),
            Base::Float => "float".into(),
            Base::Double => "double".into(),
            Base::Int { bits, signed } => format!("{}int{bits}", if *signed { "" } else { "u" }),
            other => format!("{other:?}"),
        },
        Type::Param(p) => p.clone(),
        _ => "unknown".into(),
    }
}

/// Whether `t` is a struct or an enum, through typedefs (`typedef enum X X;`).
fn is_record(model: &Model, t: &Type) -> bool {
    match t {
        Type::Named { name, def } => match &resolved(model, name, *def).kind {
            DefKind::Struct(_) | DefKind::Enum(_) => true,
            DefKind::Typedef(inner) => is_record(model, inner),
            _ => false,
        },
        _ => false,
    }
}

fn is_delegate(model: &Model, name: &str, def: DefId) -> bool {
    matches!(&resolved(model, name, def).kind, DefKind::Interface(i) if i.delegate)
}

/// Definition `def`, or where it is a forward declaration the definition of its name.
fn resolved<'m>(model: &'m Model, name: &str, def: DefId) -> &'m super::Def {
    let d = &model[def];
    if d.is_forward() { model.find(name).unwrap_or(d) } else { d }
}

#[cfg(test)]
mod tests;
