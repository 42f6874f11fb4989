//! Phase 1: every name a file declares, bound to a pending definition before any is defined, so
//! references may come before declarations.

use super::{ConstSrc, Declared, Resolver, Syntax};
use crate::load::UnitId;
use crate::model::DefId;
use crate::syntax::ast::{self, Span};

impl<'a> Resolver<'a> {
    /// Whether a built-in unit's declaration gives way to `existing`, a definition of the same name
    /// from another unit. Built-in units are declared after the files, so this is how a file's
    /// `IDispatch` (from oaidl.idl) and a type library's are one type, as MIDL takes them.
    fn yields(&self, unit: UnitId, existing: Option<DefId>) -> bool {
        self.unit(unit).built_in
            && existing.is_some_and(|e| self.declared[e.index()].unit != unit && !self.model[e].is_forward())
    }

    /// Binds a constant's name, unless a built-in unit's constant meets one declared elsewhere.
    fn bind_const(&mut self, unit: UnitId, q: String, src: ConstSrc) {
        let taken = self.consts.contains_key(&q);
        if !(taken && self.unit(unit).built_in) {
            self.consts.insert(q, src);
        }
    }

    /// Declares an ordinary name; a forward declaration leaves it to a definition seen before.
    /// `None` when a built-in unit's declaration [`yields`](Self::yields) to one already made.
    pub(super) fn add_def(
        &mut self,
        unit: UnitId,
        ns: &[String],
        name: String,
        span: &Span,
        syntax: Syntax<'a>,
        attrs: &'a [ast::Attribute],
    ) -> Option<DefId> {
        if self.yields(unit, self.names.get(&name).copied()) {
            return None;
        }
        let is_forward = matches!(syntax, Syntax::Forward(_));
        let declared = Declared { unit, ns: ns.to_vec(), syntax, decl_attrs: attrs };
        let id = self.push_def(name.clone(), span, declared);
        let keep_existing = is_forward && self.names.get(&name).is_some_and(|&e| !self.model[e].is_forward());
        if !keep_existing {
            self.names.insert(name, id);
        }
        Some(id)
    }

    pub(super) fn declare_items(&mut self, unit: UnitId, items: &'a [ast::Item], ns: &[String]) {
        for item in items {
            match item {
                ast::Item::Namespace { name, items } => {
                    let mut inner = ns.to_vec();
                    inner.extend(name.parts.iter().cloned());
                    self.declare_items(unit, items, &inner);
                }
                ast::Item::Decl(d) => self.declare_decl(unit, d, ns),
                ast::Item::DeclareGuid { name, guid } => {
                    let q = Self::qualify(ns, &name.name);
                    self.add_def(unit, ns, q, &name.span, Syntax::Guid(guid), &[]);
                }
                // Named by what it declares, and bound to no name: nothing refers to it.
                ast::Item::Declare(types) => {
                    for t in types {
                        let name = format!("<declare {}>", t.name.dotted());
                        let declared = Declared { unit, ns: ns.to_vec(), syntax: Syntax::Declare(t), decl_attrs: &[] };
                        self.push_def(name, &t.span, declared);
                    }
                }
                _ => {}
            }
        }
    }

    fn declare_decl(&mut self, unit: UnitId, d: &'a ast::Decl, ns: &[String]) {
        use ast::DeclKind as K;
        let attrs = d.attrs.as_slice();
        match &d.kind {
            K::Typedef { ty, declarators } => {
                let inline = self.declare_tagged(unit, &ty.spec, ns, attrs, declarators.first());
                for decl in declarators {
                    let Some(name) = decl.ident() else {
                        self.error(unit, &decl.span, "typedef without a name");
                        continue;
                    };
                    // `typedef struct FOO { ... } FOO;` and `typedef struct { ... } FOO;`: the
                    // tagged type is FOO itself, in both name spaces.
                    let q = Self::qualify(ns, &name.name);
                    if let Some(id) = inline {
                        if self.model[id].name == q && decl.pointers.is_empty() && decl.suffixes.is_empty() {
                            if !self.yields(unit, self.names.get(&q).copied()) {
                                self.names.insert(q, id);
                            }
                            continue;
                        }
                    }
                    self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, Syntax::Typedef(ty, decl), attrs);
                }
            }
            K::Const { ty, declarator, value } => {
                let Some(name) = declarator.ident() else {
                    self.error(unit, &declarator.span, "constant without a name");
                    return;
                };
                self.declare_const(unit, ns, name, Syntax::Const(ty, value), attrs);
            }
            K::Interface(i) => {
                self.add_def(unit, ns, Self::qualify(ns, &i.name.dotted()), &i.name.span, Syntax::Interface(i), attrs);
                let inner_ns = ns.to_vec();
                for m in &i.members {
                    if let ast::Member::Decl(decl) = m {
                        self.declare_decl(unit, decl, &inner_ns);
                    }
                }
            }
            K::InterfaceFwd { name, .. } => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &name.dotted()),
                    &name.span,
                    Syntax::Forward("interface"),
                    attrs,
                );
            }
            K::Dispinterface(di) => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &di.name.dotted()),
                    &di.name.span,
                    Syntax::Dispinterface(di),
                    attrs,
                );
            }
            K::DispinterfaceFwd(name) => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &name.dotted()),
                    &name.span,
                    Syntax::Forward("dispinterface"),
                    attrs,
                );
            }
            K::Coclass { name, members, runtime } => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &name.dotted()),
                    &name.span,
                    Syntax::Class(members, *runtime),
                    attrs,
                );
            }
            K::CoclassFwd { name, runtime } => {
                let what = if *runtime { "runtimeclass" } else { "coclass" };
                self.add_def(unit, ns, Self::qualify(ns, &name.dotted()), &name.span, Syntax::Forward(what), attrs);
            }
            K::Library { name, items } => {
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, Syntax::Library, attrs);
                self.declare_items(unit, items, ns);
            }
            K::Module { name, members } => {
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, Syntax::Module(members), attrs);
                for m in members {
                    if let ast::DeclKind::Const { .. } = m.kind {
                        self.declare_decl(unit, m, ns);
                    }
                }
            }
            K::ApiContract(name) => {
                self.add_def(unit, ns, Self::qualify(ns, &name.dotted()), &name.span, Syntax::ApiContract, attrs);
            }
            K::Delegate { ret, name, generic_params, params } => {
                let what = Syntax::Delegate(ret, params, generic_params);
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, what, attrs);
            }
            K::Tagged(ty) => {
                self.declare_tagged(unit, &ty.spec, ns, attrs, None);
            }
            K::Function { ty, declarators } => {
                for ast::InitDeclarator { declarator: decl, init } in declarators {
                    let Some(name) = decl.ident() else { continue };
                    // A `const` with a C initializer is a constant when the model can hold its
                    // value: a scalar expression, or a GUID's braced list (a list of that shape
                    // for a type that proves not to be a GUID leaves a variable). Declarations
                    // with any other initializer are accepted and skipped: a variable's value (not
                    // `const`) or another aggregate's has no place in the model, and no Rust form.
                    match init {
                        None => {
                            let q = Self::qualify(ns, &name.name);
                            self.add_def(unit, ns, q, &name.span, Syntax::Function(ty, decl), attrs);
                        }
                        Some(ast::Initializer::Expr(value)) if ty.is_const => {
                            self.declare_const(unit, ns, name, Syntax::Const(ty, value), attrs);
                        }
                        Some(ast::Initializer::List(items, _)) if ty.is_const && guid_shaped(items) => {
                            self.declare_const(unit, ns, name, Syntax::GuidInit(ty, decl, items), attrs);
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }

    fn declare_const(
        &mut self,
        unit: UnitId,
        ns: &[String],
        name: &ast::Ident,
        syntax: Syntax<'a>,
        attrs: &'a [ast::Attribute],
    ) {
        let q = Self::qualify(ns, &name.name);
        if let Some(id) = self.add_def(unit, ns, q.clone(), &name.span, syntax, attrs) {
            self.bind_const(unit, q, ConstSrc::Const(id));
        }
    }

    /// Declares a struct, union or enum written with a body (and, inside it, nested ones).
    /// Returns its definition. `typedef_name` names an untagged type after its typedef.
    fn declare_tagged(
        &mut self,
        unit: UnitId,
        spec: &'a ast::TypeSpec,
        ns: &[String],
        attrs: &'a [ast::Attribute],
        typedef_name: Option<&ast::Declarator>,
    ) -> Option<DefId> {
        let (tag, has_body, kind) = match spec {
            ast::TypeSpec::Struct(s) => (s.tag.as_ref(), s.fields.is_some(), "struct"),
            ast::TypeSpec::Union(u) => (u.tag.as_ref(), u.arms.is_some(), "union"),
            ast::TypeSpec::Enum(e) => (e.tag.as_ref(), e.values.is_some(), "enum"),
            _ => return None,
        };
        if !has_body {
            return None;
        }
        let plain_typedef =
            typedef_name.filter(|d| d.pointers.is_empty() && d.suffixes.is_empty()).and_then(|d| d.ident());
        let (name, span) = match (tag, plain_typedef) {
            (Some(t), _) => (t.dotted(), t.span.clone()),
            (None, Some(n)) => (n.name.clone(), n.span.clone()),
            (None, None) => (format!("<anonymous {kind}>"), 0..0),
        };
        let q = Self::qualify(ns, &name);
        let existing = if tag.is_some() { self.tags.get(&q) } else { self.names.get(&q) }.copied();
        if self.yields(unit, existing) {
            return existing;
        }
        let declared = Declared { unit, ns: ns.to_vec(), syntax: Syntax::Tagged(spec), decl_attrs: attrs };
        let id = self.push_def(q.clone(), &span, declared);
        self.inline_defs.insert(spec as *const _, id);
        if tag.is_some() {
            self.tags.insert(q.clone(), id);
        }
        // Which tagged types are also ordinary type names: an untagged type named by its typedef,
        // an enum declared on its own (`enum E { ... };`), and every WinRT type in a namespace.
        let by_name = match tag {
            None => plain_typedef.is_some(),
            Some(_) => (kind == "enum" && typedef_name.is_none()) || !ns.is_empty(),
        };
        if by_name {
            self.names.entry(q.clone()).or_insert(id);
        }
        // Enumerators are constants; nested tagged types in fields are declared too.
        match spec {
            ast::TypeSpec::Enum(e) => {
                for v in e.values.iter().flatten() {
                    self.bind_const(unit, Self::qualify(ns, &v.name.name), ConstSrc::Enumerator(id));
                    // C puts enumerators in the enclosing scope; WinRT code refers to them qualified.
                    self.bind_const(unit, format!("{q}.{}", v.name.name), ConstSrc::Enumerator(id));
                }
            }
            ast::TypeSpec::Struct(s) => {
                for f in s.fields.iter().flatten() {
                    if let Some(ty) = &f.ty {
                        self.declare_tagged(unit, &ty.spec, ns, &[], None);
                    }
                }
            }
            ast::TypeSpec::Union(u) => {
                for arm in u.arms.iter().flatten() {
                    if let Some(ty) = &arm.field.ty {
                        self.declare_tagged(unit, &ty.spec, ns, &[], None);
                    }
                }
            }
            _ => {}
        }
        Some(id)
    }
}

/// `{Data1, Data2, Data3, {8 bytes}}`: the braced list a GUID is written as in C.
fn guid_shaped(items: &[ast::Initializer]) -> bool {
    use ast::Initializer as I;
    matches!(items, [I::Expr(_), I::Expr(_), I::Expr(_), I::List(bytes, _)]
        if bytes.len() == 8 && bytes.iter().all(|b| matches!(b, I::Expr(_))))
}
