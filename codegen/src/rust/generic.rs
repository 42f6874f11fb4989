//! WinRT parameterized interfaces and delegates: a generic declaration (`IVectorView<T>`) has no
//! ABI; each instantiation the model uses becomes an interface definition of its own, as widl
//! writes them in C: the generic's methods with the arguments substituted, and the IID WinRT
//! derives from the signature ([`signature`]).
//!
//! An instantiation is named as widl names it in C minus the two leading underscores:
//! `IVectorView<HSTRING>` is `FIVectorView_1_HSTRING`, `IMapView<HSTRING, IVectorView<HSTRING>*>`
//! `FIMapView_2_HSTRING___FIVectorView_1_HSTRING` ([`signature::widl_name`]): deterministic, one
//! name per instantiation, and the one a reader of widl's headers knows. In a module tree it lives
//! in the module of the first definition that uses it (in model order), and a later check names it
//! there.

use std::collections::HashMap;

use crate::model::{Attribute, Def, DefId, DefKind, Interface, Model, Type, signature};
use crate::source::FileId;

/// Turns every use of an instantiation in `model` into a use of a definition of it, appended to
/// the model. `placed` holds the unit of each instantiation an earlier check of a module tree
/// generated (by name); the instantiations new here are returned with the unit they get. An
/// instantiation whose signature cannot be computed is left as it is (the generator reports it).
pub fn instantiate(model: &mut Model, placed: &HashMap<String, FileId>) -> Vec<(String, FileId)> {
    let mut state = State { by_name: HashMap::new(), users: Vec::new(), placed: Vec::new() };
    let mut i = 0;
    while i < model.defs.len() {
        let id = DefId(i);
        i += 1;
        if is_generic(&model[id].kind) {
            continue;
        }
        let mut kind = model[id].kind.clone();
        let mut made = Vec::new();
        let user = (id, model[id].unit);
        types_mut(&mut kind, &mut |t| rewrite(model, placed, &mut state, &mut made, user, t));
        model[id].kind = kind;
        model.defs.extend(made);
    }
    // An instantiation is the file's own (generated there) if anything of the file's uses it.
    let mut changed = true;
    while changed {
        changed = false;
        for &(user, inst) in &state.users {
            if !model[user].imported && model[inst].imported {
                model[inst].imported = false;
                changed = true;
            }
        }
    }
    state.placed
}

/// Whether `kind` is a generic declaration, which has no ABI of its own.
pub fn is_generic(kind: &DefKind) -> bool {
    matches!(kind, DefKind::Interface(i) if !i.generic_params.is_empty())
}

/// Why `t`, an instantiation left in the model, has no Rust form.
pub fn unsupported(model: &Model, t: &Type) -> String {
    match t {
        Type::Generic { name, def, args } => match signature::instance(model, *def, args) {
            Err(why) => format!("`{}` has no IID: {why}", shown(name, args, model)),
            Ok(_) => format!("`{}` is not instantiated here", shown(name, args, model)),
        },
        Type::Param(p) => format!("generic parameter `{p}` outside its generic"),
        _ => "not a WinRT generic type".into(),
    }
}

fn shown(name: &str, args: &[Type], model: &Model) -> String {
    let Some((def, _)) = model.iter().find(|(_, d)| d.name == name) else { return name.into() };
    signature::widl_name(model, def, args).trim_start_matches('_').to_string()
}

struct State {
    /// Each instantiation made so far, by widl's name.
    by_name: HashMap<String, DefId>,
    /// (user, instantiation) pairs, for which file each instantiation belongs to.
    users: Vec<(DefId, DefId)>,
    placed: Vec<(String, FileId)>,
}

/// Replaces the instantiations in `t` (outermost ones: an argument stays a `Type::Generic`, whose
/// signature is computed from it) by the definitions of them, making those not made yet.
fn rewrite(
    model: &Model,
    placed: &HashMap<String, FileId>,
    state: &mut State,
    made: &mut Vec<Def>,
    user: (DefId, FileId),
    t: &mut Type,
) {
    match t {
        Type::Pointer { to, .. } => rewrite(model, placed, state, made, user, to),
        Type::Array { of, .. } | Type::SafeArray(of) => rewrite(model, placed, state, made, user, of),
        Type::Function { ret, params } => {
            rewrite(model, placed, state, made, user, ret);
            for p in params {
                rewrite(model, placed, state, made, user, &mut p.ty);
            }
        }
        Type::Generic { def, args, .. } => {
            let widl = signature::widl_name(model, *def, args);
            let inst = match state.by_name.get(&widl) {
                Some(&inst) => inst,
                None => {
                    let Ok(sig) = signature::instance(model, *def, args) else { return };
                    let generic = match &model[*def] {
                        d if d.is_forward() => model.find(&d.name).unwrap_or(d),
                        d => d,
                    };
                    let DefKind::Interface(g) = &generic.kind else { return };
                    let unit = placed.get(&widl).copied().unwrap_or_else(|| {
                        state.placed.push((widl.clone(), user.1));
                        user.1
                    });
                    let inst = DefId(model.defs.len() + made.len());
                    made.push(instance(model, generic, g, args, &widl, &sig, unit));
                    state.by_name.insert(widl.clone(), inst);
                    inst
                }
            };
            state.users.push((user.0, inst));
            *t = Type::Named { name: widl.trim_start_matches('_').to_string(), def: inst };
        }
        _ => {}
    }
}

/// The definition of `generic<args>`: its interface with the arguments substituted, its uuid the
/// IID of `sig`, imported until something of the file's own uses it.
fn instance(model: &Model, generic: &Def, g: &Interface, args: &[Type], widl: &str, sig: &str, unit: FileId) -> Def {
    let mut kind = DefKind::Interface(Interface { generic_params: Vec::new(), instance: true, ..g.clone() });
    // At the ABI a runtime class is its default interface, as in widl's C.
    let abi: Vec<Type> = args.iter().map(|a| default_interface(model, a).unwrap_or_else(|| a.clone())).collect();
    types_mut(&mut kind, &mut |t| substitute(t, &g.generic_params, &abi, args));
    let mut attributes: Vec<Attribute> = generic.attributes.iter().filter(|a| a.name != "uuid").cloned().collect();
    attributes.push(Attribute { name: "uuid".into(), args: vec![signature::iid(sig)] });
    Def {
        name: widl.trim_start_matches('_').to_string(),
        kind,
        imported: true,
        file: generic.file,
        unit,
        span: generic.span.clone(),
        location: generic.location.clone(),
        attributes,
    }
}

/// `IDefault *` for `Class *`, a runtime class whose default interface is `IDefault`.
fn default_interface(model: &Model, t: &Type) -> Option<Type> {
    let Type::Pointer { to, const_target } = t else { return None };
    let Type::Named { name, .. } = &**to else { return None };
    let Some(DefKind::RuntimeClass(members)) = model.find(name).map(|d| &d.kind) else { return None };
    let default = members.iter().find(|m| m.attributes.iter().any(|a| a.name == "default"))?;
    let (def, d) = model.iter().find(|(_, d)| d.name == default.name && !d.is_forward())?;
    // An instantiated default interface (`IVector<HSTRING>`) leaves the class as it is: both are
    // an interface pointer at the ABI.
    if is_generic(&d.kind) {
        return None;
    }
    let to = Box::new(Type::Named { name: d.name.clone(), def });
    Some(Type::Pointer { to, const_target: *const_target })
}

/// `t` with the generic's parameters replaced: by `abi` where the ABI passes them, by `args`,
/// as written, inside an instantiation (whose IID is computed from them: a runtime class's
/// `rc(...)`, not its default interface's).
fn substitute(t: &mut Type, params: &[String], abi: &[Type], args: &[Type]) {
    match t {
        Type::Param(p) => {
            if let Some(a) = params.iter().position(|q| q == p).and_then(|k| abi.get(k)) {
                *t = a.clone();
            }
        }
        Type::Pointer { to, .. } => substitute(to, params, abi, args),
        Type::Array { of, .. } | Type::SafeArray(of) => substitute(of, params, abi, args),
        Type::Function { ret, params: ps } => {
            substitute(ret, params, abi, args);
            for p in ps {
                substitute(&mut p.ty, params, abi, args);
            }
        }
        Type::Generic { args: inner, .. } => {
            for a in inner {
                substitute(a, params, args, args);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every type a definition holds at its top level.
fn types_mut(kind: &mut DefKind, f: &mut impl FnMut(&mut Type)) {
    match kind {
        DefKind::Typedef(t) | DefKind::Declare(t) => f(t),
        DefKind::Struct(s) => s.fields.iter_mut().for_each(|x| f(&mut x.ty)),
        DefKind::Union(u) => {
            if let Some((t, _)) = &mut u.discriminant {
                f(t);
            }
            u.arms.iter_mut().filter_map(|a| a.field.as_mut()).for_each(|x| f(&mut x.ty));
        }
        DefKind::Interface(i) => {
            for m in &mut i.methods {
                f(&mut m.ret);
                m.params.iter_mut().for_each(|p| f(&mut p.ty));
            }
        }
        DefKind::Dispinterface(di) => {
            di.properties.iter_mut().for_each(|x| f(&mut x.ty));
            for m in &mut di.methods {
                f(&mut m.ret);
                m.params.iter_mut().for_each(|p| f(&mut p.ty));
            }
        }
        DefKind::Const(c) => f(&mut c.ty),
        DefKind::Module(functions) => functions.iter_mut().for_each(|x| f(&mut x.ty)),
        DefKind::Function(x) => f(&mut x.ty),
        _ => {}
    }
}
