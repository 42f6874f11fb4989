//! Interfaces and dispinterfaces: base, methods (with their vtable names), parameters and the
//! attributes that tie parameters together.

use super::attributes::AttrSite;
use super::types::pointers_over;
use super::{Resolver, Scope, Syntax};
use crate::diag::Diagnostic;
use crate::model::{DefId, Direction, Dispinterface, Field, Interface, Method, Param, Type};
use crate::syntax::ast::{self, Span};

impl<'a> Resolver<'a> {
    pub(super) fn interface(&mut self, scope: &Scope, id: DefId, i: &'a ast::Interface) -> Interface {
        let mut base = None;
        let mut base_name = None;
        if let Some(b) = &i.base {
            match self.type_name(scope, b) {
                Type::Named { name, def } => {
                    let target = &self.model[def];
                    if target.is_forward() {
                        self.error(
                            scope.unit,
                            &b.span,
                            format!("base interface `{name}` is declared but never defined"),
                        );
                    } else if !matches!(self.declared[def.index()].syntax, Syntax::Interface(_) | Syntax::Delegate(..))
                    {
                        self.error(
                            scope.unit,
                            &b.span,
                            format!("`{name}` is not an interface, so it cannot be a base"),
                        );
                    } else if def == id {
                        self.error(scope.unit, &b.span, format!("interface `{name}` cannot derive from itself"));
                    } else {
                        base = Some(def);
                    }
                    base_name = Some(name);
                }
                Type::Generic { name, .. } => base_name = Some(name),
                _ => {}
            }
        }
        let requires = i
            .requires
            .iter()
            .map(|r| {
                self.type_name(scope, r);
                r.name.dotted()
            })
            .collect();
        let mut methods = Vec::new();
        for m in &i.members {
            if let ast::Member::Method(m) = m {
                if let Some(method) = self.method(scope, m) {
                    methods.push(method);
                }
            }
        }
        Interface {
            base,
            base_name,
            requires,
            generic_params: scope.generics.to_vec(),
            delegate: false,
            instance: false,
            methods,
            pack: self.unit(scope.unit).source.pack_at(i.name.span.start).midl,
        }
    }

    fn method(&mut self, scope: &Scope, m: &'a ast::Method) -> Option<Method> {
        let Some(name) = m.declarator.ident() else {
            self.error(scope.unit, &m.declarator.span, "method without a name");
            return None;
        };
        let Some(params) = find_params(&m.declarator) else {
            let message = format!("`{}` is declared in an interface but is not a method", name.name);
            let d = self.error_at(scope.unit, &name.span, message);
            self.diags.push(d.with_label("expected a parameter list after this name"));
            return None;
        };
        let attributes = self.attributes(scope, &m.attrs, AttrSite::Method);
        let has = |n: &str| attributes.iter().any(|a| a.name == n);
        let abi_name = if has("propget") {
            format!("get_{}", name.name)
        } else if has("propputref") {
            format!("putref_{}", name.name)
        } else if has("propput") {
            format!("put_{}", name.name)
        } else if has("eventadd") {
            format!("add_{}", name.name)
        } else if has("eventremove") {
            format!("remove_{}", name.name)
        } else {
            name.name.clone()
        };
        let ret_base = self.type_ref(scope, &m.ret);
        let ret = pointers_over(ret_base, m.ret.is_const, &m.declarator.pointers);
        let params = self.params(scope, params);
        // A [call_as] method is the wire form of a [local] one and has no slot of its own.
        let slot = if has("call_as") { None } else { Some(0) };
        Some(Method { name: name.name.clone(), abi_name, slot, ret, params, attributes })
    }

    pub(super) fn dispinterface(&mut self, scope: &Scope, di: &'a ast::Dispinterface) -> Dispinterface {
        let interface = di.interface.as_ref().map(|t| {
            self.type_name(scope, t);
            t.name.dotted()
        });
        let mut properties = Vec::new();
        for p in &di.properties {
            let base = self.type_ref(scope, &p.ret);
            let ty = self.declarator_type(scope, base, p.ret.is_const, &p.declarator);
            let attributes = self.attributes(scope, &p.attrs, AttrSite::Field);
            properties.push(Field { name: p.declarator.ident().map(|i| i.name.clone()), ty, bits: None, attributes });
        }
        let methods = di
            .methods
            .iter()
            .filter_map(|m| self.method(scope, m))
            .map(|mut m| {
                m.slot = None;
                m
            })
            .collect();
        Dispinterface { interface, properties, methods }
    }

    pub(super) fn params(&mut self, scope: &Scope, list: &'a ast::ParamList) -> Vec<Param> {
        let mut out = Vec::new();
        let names: Vec<&str> =
            list.params.iter().filter_map(|p| p.declarator.ident().map(|i| i.name.as_str())).collect();
        for p in &list.params {
            let base = self.type_ref(scope, &p.ty);
            let ty = self.declarator_type(scope, base, p.ty.is_const, &p.declarator);
            let attributes = self.attributes(scope, &p.attrs, AttrSite::Param);
            self.check_param_refs(scope, &p.attrs, &names);
            let has = |n: &str| attributes.iter().any(|a| a.name == n);
            let direction = match (has("in"), has("out")) {
                (_, false) => Direction::In,
                (false, true) => Direction::Out,
                (true, true) => Direction::InOut,
            };
            let levels = |n: &str| -> Vec<Option<String>> {
                attributes
                    .iter()
                    .find(|a| a.name == n)
                    .map(|a| a.args.iter().map(|s| (!s.is_empty()).then(|| s.clone())).collect())
                    .unwrap_or_default()
            };
            let pointer = ["unique", "ref", "ptr"].iter().find(|n| has(n)).map(|n| n.to_string());
            let iid_is = attributes.iter().find(|a| a.name == "iid_is").and_then(|a| a.args.first().cloned());
            let known = ["in", "out", "retval", "size_is", "length_is", "unique", "ref", "ptr", "iid_is", "string"];
            out.push(Param {
                name: p.declarator.ident().map(|i| i.name.clone()),
                direction,
                retval: has("retval"),
                size_is: levels("size_is"),
                length_is: levels("length_is"),
                pointer,
                iid_is,
                string: has("string"),
                other_attributes: attributes.into_iter().filter(|a| !known.contains(&a.name.as_str())).collect(),
                ty,
            });
        }
        out
    }

    /// Identifiers in a parameter's size and switch attributes must name a parameter or constant.
    fn check_param_refs(&mut self, scope: &Scope, attrs: &'a [ast::Attribute], params: &[&str]) {
        for a in attrs {
            if !matches!(
                a.name.name.as_str(),
                "size_is" | "length_is" | "max_is" | "min_is" | "first_is" | "last_is" | "iid_is" | "switch_is"
            ) {
                continue;
            }
            for arg in &a.args {
                let ast::AttrArg::Expr(e) = arg else { continue };
                let mut idents = Vec::new();
                collect_idents(e, &mut idents);
                for (name, span) in idents {
                    if !params.contains(&name.as_str()) && self.lookup_const(scope, &name).is_none() {
                        // widl accepts this, but no stub can marshal it: warn rather than refuse.
                        let (file, range) = self.origin(scope.unit, &span);
                        let message = format!(
                            "`{}` refers to `{name}`, which is neither a parameter nor a constant",
                            a.name.name
                        );
                        self.diags.push(
                            Diagnostic::warning(file, range, message).with_label("not a parameter of this method"),
                        );
                    }
                }
            }
        }
    }
}

/// The parameter list of a method declarator: `Name(params)`.
fn find_params(d: &ast::Declarator) -> Option<&ast::ParamList> {
    match d.suffixes.first() {
        Some(ast::Suffix::Params(p)) if d.nested.is_none() => Some(p),
        _ => None,
    }
}

fn collect_idents(e: &ast::Expr, out: &mut Vec<(String, Span)>) {
    use ast::ExprKind as E;
    match &e.kind {
        E::Ident(n) => out.push((n.clone(), e.span.clone())),
        E::Unary(_, x) | E::Cast(_, x) | E::Member(x, _) | E::PtrMember(x, _) => collect_idents(x, out),
        E::Binary(_, a, b) | E::Index(a, b) => {
            collect_idents(a, out);
            collect_idents(b, out);
        }
        E::Ternary(a, b, c) => {
            collect_idents(a, out);
            collect_idents(b, out);
            collect_idents(c, out);
        }
        _ => {}
    }
}
