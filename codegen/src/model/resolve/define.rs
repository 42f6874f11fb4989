//! Phase 2: each declared name made into its [`DefKind`] from its syntax, every name in it bound
//! now that all are declared.

use super::attributes::{AttrSite, normalize_uuid, valid_uuid};
use super::{Declared, Resolver, Scope, Syntax};
use crate::model::eval::Value;
use crate::model::{
    ClassMember, Const, DefId, DefKind, Enumerator, Field, Function, Interface, Method, Struct, Type, Union, UnionArm,
};
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn define(&mut self, id: DefId) {
        let Declared { unit, ref ns, syntax, decl_attrs } = self.declared[id.index()];
        let ns = ns.clone();
        let scope = Scope { unit, ns: &ns, generics: &[] };
        let site = match syntax {
            Syntax::Typedef(_, d) if !d.pointers.is_empty() || !d.suffixes.is_empty() => AttrSite::PointerTypedef,
            _ => AttrSite::Decl,
        };
        let attributes = self.attributes(&scope, decl_attrs, site);
        self.model[id].attributes = attributes;
        let kind = match syntax {
            Syntax::Forward(k) => DefKind::Forward(k),
            Syntax::Declare(t) => DefKind::Declare(self.type_name(&scope, t)),
            Syntax::ApiContract => DefKind::ApiContract,
            Syntax::Library => DefKind::Library(Vec::new()),
            Syntax::Typedef(ty, decl) => {
                let base = self.type_ref(&scope, ty);
                DefKind::Typedef(self.declarator_type(&scope, base, ty.is_const, decl))
            }
            Syntax::Tagged(spec) => self.define_tagged(&scope, spec),
            Syntax::Interface(i) => {
                let generics: Vec<String> = i.generic_params.iter().map(|g| g.name.clone()).collect();
                let scope = Scope { unit, ns: &ns, generics: &generics };
                DefKind::Interface(self.interface(&scope, id, i))
            }
            Syntax::Dispinterface(di) => DefKind::Dispinterface(self.dispinterface(&scope, di)),
            Syntax::Class(members, runtime) => {
                let members = members
                    .iter()
                    .map(|m| {
                        let (name, args) = self.class_member_type(&scope, m);
                        ClassMember {
                            name,
                            args,
                            dispinterface: m.dispinterface,
                            attributes: self.attributes(&scope, &m.attrs, AttrSite::Decl),
                        }
                    })
                    .collect();
                if runtime { DefKind::RuntimeClass(members) } else { DefKind::Coclass(members) }
            }
            Syntax::Guid(guid) => {
                let mut text = normalize_uuid(std::slice::from_ref(guid));
                if !valid_uuid(&text) {
                    self.error(
                        unit,
                        guid.span(),
                        "`declare_guid` takes a GUID, like 5144C348-169E-4359-A79D-5482461D9929",
                    );
                    text = "00000000-0000-0000-0000-000000000000".into();
                }
                let ty = match self.names.get("GUID") {
                    Some(&def) => Type::Named { name: "GUID".into(), def },
                    None => Type::Void,
                };
                DefKind::Const(Const { ty, value: Value::Guid(text) })
            }
            Syntax::Const(ty, expr) => {
                let ty = self.type_ref(&scope, ty);
                let name = self.model[id].name.clone();
                let value = self.const_value(&name, expr.span.clone(), unit).unwrap_or(Value::Int(0));
                DefKind::Const(Const { ty, value })
            }
            Syntax::Module(members) => {
                let mut functions = Vec::new();
                for m in members {
                    if let ast::DeclKind::Function { ty, declarators } = &m.kind {
                        let base = self.type_ref(&scope, ty);
                        for ast::InitDeclarator { declarator: d, .. } in declarators {
                            let Some(name) = d.ident() else { continue };
                            let t = self.declarator_type(&scope, base.clone(), ty.is_const, d);
                            let attributes = self.attributes(&scope, &m.attrs, AttrSite::Method);
                            functions.push(Function { name: name.name.clone(), ty: t, attributes });
                        }
                    }
                }
                DefKind::Module(functions)
            }
            Syntax::Delegate(ret, params, generic_params) => {
                let generics: Vec<String> = generic_params.iter().map(|g| g.name.clone()).collect();
                let scope = Scope { unit, ns: &ns, generics: &generics };
                let ret = self.type_ref(&scope, ret);
                let params = self.params(&scope, params);
                let base = self.lookup_name(&scope, "IUnknown");
                let method = Method {
                    name: "Invoke".into(),
                    abi_name: "Invoke".into(),
                    slot: Some(0),
                    ret,
                    params,
                    attributes: Vec::new(),
                };
                DefKind::Interface(Interface {
                    base,
                    base_name: base.map(|_| "IUnknown".into()),
                    requires: Vec::new(),
                    generic_params: generics,
                    delegate: true,
                    instance: false,
                    methods: vec![method],
                    pack: None,
                })
            }
            Syntax::Function(ty, decl) => self.variable(&scope, id, ty, decl),
            Syntax::GuidInit(ty, decl, items) => match self.guid_initializer(&scope, ty, items) {
                Some(value) => DefKind::Const(Const { ty: self.type_ref(&scope, ty), value }),
                None => self.variable(&scope, id, ty, decl),
            },
        };
        self.model[id].kind = kind;
    }

    fn variable(&mut self, scope: &Scope, id: DefId, ty: &'a ast::TypeRef, decl: &'a ast::Declarator) -> DefKind {
        let base = self.type_ref(scope, ty);
        let t = self.declarator_type(scope, base, ty.is_const, decl);
        let name = self.model[id].name.clone();
        DefKind::Function(Function { name, ty: t, attributes: Vec::new() })
    }

    /// The interface a class lists, and its arguments if it is an instantiation. Naming an
    /// interface declared nowhere declares it, as in widl.
    fn class_member_type(&mut self, scope: &Scope, m: &'a ast::ClassMember) -> (String, Vec<Type>) {
        let dotted = m.ty.name.dotted();
        if m.ty.args.is_empty() && self.lookup_name(scope, &dotted).is_none() {
            let q = if dotted.contains('.') { dotted } else { Self::qualify(scope.ns, &dotted) };
            let kind = if m.dispinterface { "dispinterface" } else { "interface" };
            self.add_def(scope.unit, scope.ns, q.clone(), &m.ty.name.span, Syntax::Forward(kind), &[]);
            return (q, Vec::new());
        }
        match self.type_name(scope, &m.ty) {
            Type::Named { name, .. } => (name, Vec::new()),
            Type::Generic { name, args, .. } => (name, args),
            _ => (dotted, Vec::new()),
        }
    }

    fn define_tagged(&mut self, scope: &Scope, spec: &'a ast::TypeSpec) -> DefKind {
        match spec {
            ast::TypeSpec::Struct(s) => {
                let pack = self.unit(scope.unit).source.pack_at(s.span.start);
                DefKind::Struct(Struct {
                    fields: self.fields(scope, s.fields.as_deref().unwrap_or(&[])),
                    pack: pack.midl,
                    widl_header_pack: pack.widl_header,
                })
            }
            ast::TypeSpec::Union(u) => {
                let discriminant =
                    u.switch.as_ref().map(|s| (self.type_ref(scope, &s.ty), s.discriminant.name.clone()));
                let mut arms = Vec::new();
                for arm in u.arms.iter().flatten() {
                    let mut cases = Vec::new();
                    let mut default = false;
                    for c in &arm.cases {
                        match c {
                            Some(e) => cases.extend(self.int_expr(scope, e)),
                            None => default = true,
                        }
                    }
                    // Non-encapsulated unions say the same with [case(...)] and [default].
                    for a in &arm.field.attrs {
                        match a.name.name.as_str() {
                            "case" => {
                                for arg in &a.args {
                                    if let ast::AttrArg::Expr(e) = arg {
                                        cases.extend(self.int_expr(scope, e));
                                    }
                                }
                            }
                            "default" => default = true,
                            _ => {}
                        }
                    }
                    let field = self.fields(scope, std::slice::from_ref(&arm.field)).into_iter().next();
                    arms.push(UnionArm { cases, default, field });
                }
                let pack = self.unit(scope.unit).source.pack_at(u.span.start);
                // widl's (and MIDL's) name for the arms' union when the IDL gives none.
                let arms_name =
                    u.switch.as_ref().map(|s| s.arm_name.as_ref().map_or("tagged_union", |n| &n.name).to_string());
                DefKind::Union(Union {
                    discriminant,
                    arms_name,
                    arms,
                    pack: pack.midl,
                    widl_header_pack: pack.widl_header,
                })
            }
            ast::TypeSpec::Enum(e) => {
                let id = self.inline_defs[&(spec as *const _)];
                self.eval_enum(id);
                let values = e
                    .values
                    .iter()
                    .flatten()
                    .map(|v| {
                        let q = Self::qualify(scope.ns, &v.name.name);
                        Enumerator {
                            name: v.name.name.clone(),
                            value: self.values.get(&q).and_then(Value::as_int).unwrap_or(0),
                        }
                    })
                    .collect();
                DefKind::Enum(values)
            }
            _ => unreachable!("only structs, unions and enums are declared as tagged types"),
        }
    }

    fn fields(&mut self, scope: &Scope, fields: &'a [ast::Field]) -> Vec<Field> {
        let mut out = Vec::new();
        for f in fields {
            let attributes = self.attributes(scope, &f.attrs, AttrSite::Field);
            let Some(ty) = &f.ty else {
                out.push(Field { name: None, ty: Type::Void, bits: None, attributes });
                continue;
            };
            let base = self.type_ref(scope, ty);
            if f.declarators.is_empty() {
                out.push(Field { name: None, ty: base, bits: None, attributes });
                continue;
            }
            for fd in &f.declarators {
                let t = self.declarator_type(scope, base.clone(), ty.is_const, &fd.declarator);
                let bits = fd.bits.as_ref().and_then(|b| self.int_expr(scope, b)).map(|b| b as u64);
                let name = fd.declarator.ident().map(|i| i.name.clone());
                out.push(Field { name, ty: t, bits, attributes: self.attributes(scope, &f.attrs, AttrSite::Field) });
            }
        }
        out
    }
}
