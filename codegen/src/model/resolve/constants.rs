//! Constants: `const` declarations and enumerators, each evaluated once on first use (so they may
//! refer to each other in any order), and the scope constant expressions see.

use std::borrow::Cow;

use super::types::base_type;
use super::{ConstSrc, Resolver, Scope, Syntax, candidates};
use crate::load::UnitId;
use crate::model::eval::{self, Env, EvalError, Value};
use crate::model::{Base, DefId, Type};
use crate::syntax::ast::{self, Span};

impl<'a> Resolver<'a> {
    pub(super) fn eval_in(&mut self, scope: &Scope, e: &ast::Expr) -> Result<Value, EvalError> {
        let mut env = ConstEnv { r: self, ns: scope.ns.to_vec(), unit: scope.unit };
        eval::eval(e, &mut env)
    }

    pub(super) fn int_expr(&mut self, scope: &Scope, e: &ast::Expr) -> Option<i64> {
        match self.eval_in(scope, e) {
            Ok(Value::Int(v)) => Some(v),
            Ok(_) => {
                self.error(scope.unit, &e.span, "expected an integer constant");
                None
            }
            Err(err) => {
                self.error(scope.unit, &err.span, err.message);
                None
            }
        }
    }

    pub(super) fn lookup_const(&self, scope: &Scope, name: &str) -> Option<String> {
        candidates(scope.ns, name).find(|q| self.consts.contains_key(q.as_ref())).map(Cow::into_owned)
    }

    /// The value of constant `q` (evaluating it, and the enum it belongs to, on first use).
    pub(super) fn const_value(&mut self, q: &str, span: Span, unit: UnitId) -> Option<Value> {
        if let Some(v) = self.values.get(q) {
            return Some(v.clone());
        }
        match self.consts.get(q).copied()? {
            ConstSrc::Enumerator(id) => {
                self.eval_enum(id);
                self.values.get(q).cloned()
            }
            ConstSrc::Const(id) => {
                if !self.evaluating.insert(id) {
                    self.error(unit, &span, format!("constant `{q}` depends on itself"));
                    return None;
                }
                let p = &self.declared[id.index()];
                let (cunit, ns) = (p.unit, p.ns.clone());
                let Syntax::Const(_, expr) = p.syntax else { return None };
                let scope = Scope { unit: cunit, ns: &ns, generics: &[] };
                let v = match self.eval_in(&scope, expr) {
                    Ok(v) => v,
                    Err(e) => {
                        self.error(cunit, &e.span, e.message);
                        Value::Int(0)
                    }
                };
                self.evaluating.remove(&id);
                self.values.insert(q.to_string(), v.clone());
                Some(v)
            }
        }
    }

    /// The value of a GUID's braced initializer; `None` when `ty` is no GUID, whose declaration is
    /// then a variable (the model holds no other aggregate values).
    pub(super) fn guid_initializer(
        &mut self,
        scope: &Scope,
        ty: &ast::TypeRef,
        items: &[ast::Initializer],
    ) -> Option<Value> {
        use ast::Initializer as I;
        let ([I::Expr(d1), I::Expr(d2), I::Expr(d3), I::List(bytes, _)], true) = (items, self.is_guid(scope, ty))
        else {
            return None;
        };
        let exprs = [d1, d2, d3].into_iter().chain(bytes.iter().filter_map(|b| match b {
            I::Expr(e) => Some(e),
            I::List(..) => None,
        }));
        let mut fields = Vec::new();
        for (e, bits) in exprs.zip([32u32, 16, 16].into_iter().chain([8; 8])) {
            let v = self.int_expr(scope, e).unwrap_or(0);
            if !(0..1i64 << bits).contains(&v) {
                self.error(scope.unit, &e.span, format!("`{v}` does not fit in a GUID's {bits}-bit field"));
            }
            fields.push(v & ((1i64 << bits) - 1));
        }
        let bytes: String = fields[5..].iter().map(|b| format!("{b:02x}")).collect();
        let f = &fields;
        Some(Value::Guid(format!("{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{bytes}", f[0], f[1], f[2], f[3], f[4])))
    }

    /// Whether `ty` names `GUID` or a typedef of it (`IID`, `CLSID`...).
    fn is_guid(&self, scope: &Scope, ty: &ast::TypeRef) -> bool {
        let mut spec = &ty.spec;
        // The bound stops typedef cycles.
        for _ in 0..64 {
            let ast::TypeSpec::Named(n) = spec else { return false };
            let Some(def) = self.lookup_name(scope, &n.name.dotted()) else { return false };
            if self.model[def].name == "GUID" {
                return true;
            }
            match self.declared[def.index()].syntax {
                Syntax::Typedef(tr, d) if d.pointers.is_empty() && d.suffixes.is_empty() => spec = &tr.spec,
                _ => return false,
            }
        }
        false
    }

    pub(super) fn eval_enum(&mut self, id: DefId) {
        let p = &self.declared[id.index()];
        let (unit, ns) = (p.unit, p.ns.clone());
        let Syntax::Tagged(ast::TypeSpec::Enum(e)) = p.syntax else { return };
        let Some(values) = &e.values else { return };
        let first = Self::qualify(&ns, values.first().map(|v| v.name.name.as_str()).unwrap_or(""));
        if self.values.contains_key(&first) || !self.evaluating.insert(id) {
            return;
        }
        let scope = Scope { unit, ns: &ns, generics: &[] };
        let enum_name = self.model[id].name.clone();
        let mut next = 0i64;
        for v in values {
            let value = match &v.value {
                Some(expr) => self.int_expr(&scope, expr).unwrap_or(next),
                None => next,
            };
            next = value.wrapping_add(1);
            self.values.insert(Self::qualify(&ns, &v.name.name), Value::Int(value));
            self.values.insert(format!("{enum_name}.{}", v.name.name), Value::Int(value));
        }
        self.evaluating.remove(&id);
    }
}

struct ConstEnv<'r, 'a> {
    r: &'r mut Resolver<'a>,
    ns: Vec<String>,
    unit: UnitId,
}

impl Env for ConstEnv<'_, '_> {
    fn constant(&mut self, name: &str, span: &Span) -> Result<Value, EvalError> {
        let scope = Scope { unit: self.unit, ns: &self.ns, generics: &[] };
        let Some(q) = self.r.lookup_const(&scope, name) else {
            // widl's built-in constants.
            return match name {
                "TRUE" => Ok(Value::Int(1)),
                "FALSE" | "NULL" => Ok(Value::Int(0)),
                _ => Err(EvalError { span: span.clone(), message: format!("unknown constant `{name}`") }),
            };
        };
        self.r.const_value(&q, span.clone(), self.unit).ok_or(EvalError {
            span: span.clone(),
            message: format!("`{name}` is used before its value is defined (an enumerator can only use earlier ones)"),
        })
    }

    fn int_type(&mut self, ty: &ast::TypeDecl) -> Option<(u8, bool)> {
        if !ty.pointers.is_empty() {
            return Some((64, false));
        }
        let scope = Scope { unit: self.unit, ns: &self.ns, generics: &[] };
        let mut t = match &ty.ty.spec {
            ast::TypeSpec::Base(words) => base_type(words)?,
            ast::TypeSpec::Named(n) => {
                Type::Named { name: n.name.dotted(), def: self.r.lookup_name(&scope, &n.name.dotted())? }
            }
            _ => return None,
        };
        // Follow typedefs to the integer type underneath; the bound stops typedef cycles.
        for _ in 0..64 {
            match t {
                Type::Base(b) => return int_of(b),
                Type::Named { def, .. } => match &self.r.declared[def.index()].syntax {
                    Syntax::Typedef(tr, d) if d.pointers.is_empty() && d.suffixes.is_empty() => {
                        t = match &tr.spec {
                            ast::TypeSpec::Base(w) => base_type(w)?,
                            ast::TypeSpec::Named(n) => Type::Named {
                                name: n.name.dotted(),
                                def: self.r.lookup_name(&scope, &n.name.dotted())?,
                            },
                            _ => return None,
                        };
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    fn size_of(&mut self, ty: &ast::TypeDecl) -> Option<u64> {
        if !ty.pointers.is_empty() {
            return Some(8);
        }
        match &ty.ty.spec {
            ast::TypeSpec::Base(w) => match base_type(w)? {
                Type::Base(b) => Some(match b {
                    Base::Int { bits, .. } => bits as u64 / 8,
                    Base::IntPtr { .. } | Base::Handle => 8,
                    Base::Float | Base::ErrorStatus => 4,
                    Base::Double => 8,
                    Base::Char | Base::Boolean | Base::Byte => 1,
                    Base::WChar => 2,
                }),
                _ => None,
            },
            _ => self.int_type(ty).map(|(bits, _)| bits as u64 / 8),
        }
    }
}

fn int_of(b: Base) -> Option<(u8, bool)> {
    match b {
        Base::Int { bits, signed } => Some((bits, signed)),
        Base::IntPtr { signed } => Some((64, signed)),
        Base::Char => Some((8, true)),
        Base::WChar => Some((16, false)),
        Base::Boolean | Base::Byte => Some((8, false)),
        Base::ErrorStatus => Some((32, false)),
        _ => None,
    }
}
