//! Type references to [`Type`]: keyword types, tags, names (generic or not) and declarators.

use super::{Declared, Resolver, Scope, Syntax, candidates, standard_types};
use crate::diag::Diagnostic;
use crate::model::{Base, DefId, Type};
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn type_ref(&mut self, scope: &Scope, t: &'a ast::TypeRef) -> Type {
        match &t.spec {
            ast::TypeSpec::Base(words) => match base_type(words) {
                Some(b) => b,
                None => {
                    self.error(scope.unit, &t.span, format!("`{}` is not a valid type", words.join(" ")));
                    Type::Void
                }
            },
            ast::TypeSpec::Struct(ast::StructType { tag, fields, .. }) => {
                self.tagged(scope, &t.spec, tag.as_ref(), fields.is_some(), "struct")
            }
            ast::TypeSpec::Union(ast::UnionType { tag, arms, .. }) => {
                self.tagged(scope, &t.spec, tag.as_ref(), arms.is_some(), "union")
            }
            ast::TypeSpec::Enum(ast::EnumType { tag, values }) => {
                self.tagged(scope, &t.spec, tag.as_ref(), values.is_some(), "enum")
            }
            ast::TypeSpec::SafeArray(inner) => Type::SafeArray(Box::new(self.type_decl(scope, inner))),
            ast::TypeSpec::Named(n) => self.type_name(scope, n),
        }
    }

    fn tagged(
        &mut self,
        scope: &Scope,
        spec: &'a ast::TypeSpec,
        tag: Option<&ast::QName>,
        has_body: bool,
        kind: &'static str,
    ) -> Type {
        if has_body {
            if let Some(&def) = self.inline_defs.get(&(spec as *const _)) {
                return Type::Named { name: self.model[def].name.clone(), def };
            }
        }
        let Some(tag) = tag else { return Type::Void };
        let name = tag.dotted();
        for q in candidates(scope.ns, &name) {
            if let Some(&def) = self.tags.get(q.as_ref()) {
                return Type::Named { name: q.into_owned(), def };
            }
        }
        // A reference to a tag never defined is an incomplete type, as in C.
        let q = Self::qualify(scope.ns, &name);
        let declared =
            Declared { unit: scope.unit, ns: scope.ns.to_vec(), syntax: Syntax::Forward(kind), decl_attrs: &[] };
        let def = self.push_def(q.clone(), &tag.span, declared);
        self.tags.insert(q.clone(), def);
        Type::Named { name: q, def }
    }

    fn type_decl(&mut self, scope: &Scope, t: &'a ast::TypeDecl) -> Type {
        let base = self.type_ref(scope, &t.ty);
        pointers_over(base, t.ty.is_const, &t.pointers)
    }

    pub(super) fn lookup_name(&self, scope: &Scope, name: &str) -> Option<DefId> {
        candidates(scope.ns, name).find_map(|q| self.names.get(q.as_ref()).copied())
    }

    pub(super) fn type_name(&mut self, scope: &Scope, n: &'a ast::TypeName) -> Type {
        let name = n.name.dotted();
        if n.args.is_empty() && scope.generics.contains(&name) {
            return Type::Param(name);
        }
        let Some(def) = self.lookup_name(scope, &name).or_else(|| self.interface_ignoring_case(scope, n)) else {
            let mut d = self.error_at(scope.unit, &n.name.span, format!("unknown type `{name}`"));
            if let Some(hint) = standard_types::hint(&name) {
                d = d.with_note(hint);
            }
            self.diags.push(d.with_label("not declared in this file or its imports"));
            return Type::Void;
        };
        let qualified = self.model[def].name.clone();
        if n.args.is_empty() {
            Type::Named { name: qualified, def }
        } else {
            let args = n.args.iter().map(|a| self.type_decl(scope, a)).collect();
            Type::Generic { name: qualified, def, args }
        }
    }

    /// MIDL takes a name that matches no type but an interface's ignoring case for that interface,
    /// with a warning; the first such interface declared wins. Only reached when no name matches
    /// exactly.
    fn interface_ignoring_case(&mut self, scope: &Scope, n: &ast::TypeName) -> Option<DefId> {
        let name = n.name.dotted();
        let def = candidates(scope.ns, &name)
            .filter_map(|q| {
                self.names
                    .iter()
                    .filter(|&(k, &d)| {
                        k.eq_ignore_ascii_case(&q)
                            && matches!(
                                self.declared[d.index()].syntax,
                                Syntax::Interface(_) | Syntax::Forward("interface")
                            )
                    })
                    .map(|(_, &d)| d)
                    .min_by_key(|d| d.index())
            })
            .next()?;
        let message =
            format!("`{name}` resolves to interface `{}`, whose name differs only in case", self.model[def].name);
        let (file, range) = self.origin(scope.unit, &n.name.span);
        self.diags.push(Diagnostic::warning(file, range, message));
        Some(def)
    }

    pub(super) fn declarator_type(
        &mut self,
        scope: &Scope,
        base: Type,
        base_const: bool,
        d: &'a ast::Declarator,
    ) -> Type {
        let mut t = pointers_over(base, base_const, &d.pointers);
        for s in d.suffixes.iter().rev() {
            t = match s {
                ast::Suffix::Array(size, _) => {
                    let len = size.as_ref().and_then(|e| self.int_expr(scope, e)).map(|v| v as u64);
                    Type::Array { of: Box::new(t), len }
                }
                ast::Suffix::Params(list) => Type::Function { ret: Box::new(t), params: self.params(scope, list) },
            };
        }
        match &d.nested {
            Some(inner) => self.declarator_type(scope, t, false, inner),
            None => t,
        }
    }
}

pub(super) fn pointers_over(mut t: Type, base_const: bool, pointers: &[ast::Pointer]) -> Type {
    let mut target_const = base_const;
    for p in pointers {
        t = Type::Pointer { to: Box::new(t), const_target: target_const };
        target_const = p.is_const;
    }
    t
}

/// The type named by MIDL's type keywords, `None` for an invalid combination.
pub(super) fn base_type(words: &[String]) -> Option<Type> {
    let mut signed = None;
    let mut longs = 0;
    let mut kind = None;
    for w in words {
        match w.as_str() {
            "signed" => signed = Some(true),
            "unsigned" => signed = Some(false),
            "long" => longs += 1,
            "int" if kind.is_none() => kind = Some("int"),
            other if kind.is_none() => kind = Some(other),
            _ => return None,
        }
    }
    let s = signed.unwrap_or(true);
    let int = |bits| Some(Type::Base(Base::Int { bits, signed: s }));
    match (kind, longs) {
        (None, 0) if signed.is_some() => int(32),
        (None | Some("int"), 1) => int(32),
        (None | Some("int"), 2) => int(64),
        (Some("int"), 0) => int(32),
        (Some("short"), 0) => int(16),
        (Some("small" | "__int8"), 0) => int(8),
        (Some("__int16"), 0) => int(16),
        (Some("__int32"), 0) => int(32),
        (Some("hyper" | "__int64"), 0) => int(64),
        (Some("__int3264"), 0) => Some(Type::Base(Base::IntPtr { signed: s })),
        (Some("char"), 0) => Some(Type::Base(match signed {
            None => Base::Char,
            Some(true) => Base::Int { bits: 8, signed: true },
            Some(false) => Base::Int { bits: 8, signed: false },
        })),
        (Some(other), 0) if signed.is_none() => Some(match other {
            "void" => Type::Void,
            "float" => Type::Base(Base::Float),
            "double" => Type::Base(Base::Double),
            // MIDL's `bool` is C++'s: one byte, as `boolean`.
            "boolean" | "bool" => Type::Base(Base::Boolean),
            "byte" => Type::Base(Base::Byte),
            "wchar_t" => Type::Base(Base::WChar),
            "handle_t" => Type::Base(Base::Handle),
            "error_status_t" => Type::Base(Base::ErrorStatus),
            _ => return None,
        }),
        (Some("double"), 1) if signed.is_none() => Some(Type::Base(Base::Double)),
        _ => None,
    }
}
