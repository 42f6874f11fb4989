//! Type references to [`Type`]: keyword types, tags, names (generic or not) and declarators.

use super::{Cx, Declared, Resolver, Syntax, candidates};
use crate::model::{Base, DefId, Type};
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn type_ref(&mut self, cx: &Cx, t: &'a ast::TypeRef) -> Type {
        match &t.spec {
            ast::TypeSpec::Base(words) => match base_type(words) {
                Some(b) => b,
                None => {
                    self.error(cx.unit, &t.span, format!("`{}` is not a valid type", words.join(" ")));
                    Type::Void
                }
            },
            ast::TypeSpec::Struct(ast::StructType { tag, fields }) => {
                self.tagged(cx, &t.spec, tag.as_ref(), fields.is_some(), "struct")
            }
            ast::TypeSpec::Union(ast::UnionType { tag, arms, .. }) => {
                self.tagged(cx, &t.spec, tag.as_ref(), arms.is_some(), "union")
            }
            ast::TypeSpec::Enum(ast::EnumType { tag, values }) => {
                self.tagged(cx, &t.spec, tag.as_ref(), values.is_some(), "enum")
            }
            ast::TypeSpec::SafeArray(inner) => Type::SafeArray(Box::new(self.type_decl(cx, inner))),
            ast::TypeSpec::Named(n) => self.type_name(cx, n),
        }
    }

    fn tagged(
        &mut self,
        cx: &Cx,
        spec: &'a ast::TypeSpec,
        tag: Option<&ast::QName>,
        has_body: bool,
        kind: &'static str,
    ) -> Type {
        if has_body {
            if let Some(&def) = self.inline_defs.get(&(spec as *const _)) {
                return Type::Named { name: self.model.defs[def].name.clone(), def };
            }
        }
        let Some(tag) = tag else { return Type::Void };
        let name = tag.dotted();
        for q in candidates(cx.ns, &name) {
            if let Some(&def) = self.tags.get(q.as_ref()) {
                return Type::Named { name: q.into_owned(), def };
            }
        }
        // A reference to a tag never defined is an incomplete type, as in C.
        let q = Self::qualify(cx.ns, &name);
        let declared = Declared { unit: cx.unit, ns: cx.ns.to_vec(), syntax: Syntax::Forward(kind), decl_attrs: &[] };
        let def = self.push_def(q.clone(), &tag.span, declared);
        self.tags.insert(q.clone(), def);
        Type::Named { name: q, def }
    }

    fn type_decl(&mut self, cx: &Cx, t: &'a ast::TypeDecl) -> Type {
        let base = self.type_ref(cx, &t.ty);
        pointers_over(base, t.ty.is_const, &t.pointers)
    }

    pub(super) fn lookup_name(&self, cx: &Cx, name: &str) -> Option<DefId> {
        candidates(cx.ns, name).find_map(|q| self.names.get(q.as_ref()).copied())
    }

    pub(super) fn type_name(&mut self, cx: &Cx, n: &'a ast::TypeName) -> Type {
        let name = n.name.dotted();
        if n.args.is_empty() && cx.generics.contains(&name) {
            return Type::Param(name);
        }
        let Some(def) = self.lookup_name(cx, &name) else {
            let d = self.error(cx.unit, &n.name.span, format!("unknown type `{name}`"));
            d.label = Some("not declared in this file or its imports".into());
            return Type::Void;
        };
        let qualified = self.model.defs[def].name.clone();
        if n.args.is_empty() {
            Type::Named { name: qualified, def }
        } else {
            let args = n.args.iter().map(|a| self.type_decl(cx, a)).collect();
            Type::Generic { name: qualified, def, args }
        }
    }

    pub(super) fn declarator_type(&mut self, cx: &Cx, base: Type, base_const: bool, d: &'a ast::Declarator) -> Type {
        let mut t = pointers_over(base, base_const, &d.pointers);
        for s in d.suffixes.iter().rev() {
            t = match s {
                ast::Suffix::Array(size, _) => {
                    let len = size.as_ref().and_then(|e| self.int_expr(cx, e)).map(|v| v as u64);
                    Type::Array { of: Box::new(t), len }
                }
                ast::Suffix::Params(list) => Type::Function { ret: Box::new(t), params: self.params(cx, list) },
            };
        }
        match &d.nested {
            Some(inner) => self.declarator_type(cx, t, false, inner),
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
            "boolean" => Type::Base(Base::Boolean),
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
