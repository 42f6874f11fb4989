//! Syntax trees to [`Model`]: declare every name, then bind every reference and evaluate every
//! constant. Problems are collected, never fatal, so one run reports all of them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::eval::{self, EvalError, Scope, Value};
use super::*;
use crate::diag::Diagnostic;
use crate::source::{OriginMap, SourceMap};
use crate::syntax::ast::{self, Span};

/// One parsed file handed to the resolver.
pub struct Unit<'a> {
    pub ast: &'a ast::File,
    pub text: &'a str,
    pub origins: &'a OriginMap,
    pub file: FileId,
    pub imported: bool,
}

pub fn resolve(units: &[Unit], sources: &SourceMap) -> (Model, Vec<Diagnostic>) {
    let mut r = Resolver {
        units,
        sources,
        model: Model::default(),
        names: HashMap::new(),
        tags: HashMap::new(),
        pending: Vec::new(),
        inline_defs: HashMap::new(),
        consts: HashMap::new(),
        values: HashMap::new(),
        evaluating: HashSet::new(),
        diags: Vec::new(),
    };
    for (u, unit) in units.iter().enumerate() {
        r.declare_items(u, &unit.ast.items, &[]);
    }
    for id in 0..r.pending.len() {
        r.define(id);
    }
    r.assign_slots();
    (r.model, r.diags)
}

/// What a declared name still needs from its syntax.
#[derive(Clone, Copy)]
enum Pending<'a> {
    Typedef(&'a ast::TypeRef, &'a ast::Declarator),
    /// A tagged type with a body: struct, union or enum.
    Tagged(&'a ast::TypeSpec),
    Interface(&'a ast::Interface),
    Dispinterface(&'a ast::Dispinterface),
    Class(&'a [ast::ClassMember], bool),
    Const(&'a ast::TypeRef, &'a ast::Expr),
    Module(&'a [ast::Decl]),
    Library,
    Delegate(&'a ast::TypeRef, &'a ast::ParamList, &'a [ast::Ident]),
    Function(&'a ast::TypeRef, &'a ast::Declarator),
    /// A declaration without a body, of the kind named.
    Forward(&'static str),
    Nothing,
}

struct PendingDef<'a> {
    unit: usize,
    ns: Vec<String>,
    what: Pending<'a>,
    decl_attrs: &'a [ast::Attribute],
}

#[derive(Clone, Copy)]
enum ConstSrc {
    Const(DefId),
    Enumerator(DefId),
}

struct Resolver<'a> {
    units: &'a [Unit<'a>],
    sources: &'a SourceMap,
    model: Model,
    /// Ordinary names (typedefs, interfaces, classes...) to their definition; a real definition
    /// always wins over a forward declaration.
    names: HashMap<String, DefId>,
    /// `struct`, `union` and `enum` tags.
    tags: HashMap<String, DefId>,
    pending: Vec<PendingDef<'a>>,
    /// Tagged types defined inline, by the address of their syntax node.
    inline_defs: HashMap<*const ast::TypeSpec, DefId>,
    consts: HashMap<String, ConstSrc>,
    values: HashMap<String, Value>,
    evaluating: HashSet<DefId>,
    diags: Vec<Diagnostic>,
}

const UNKNOWN_ATTR_HINT: &str = "see the MIDL attribute list; misspelled attributes are errors, as in widl";

impl<'a> Resolver<'a> {
    // -------------------------------------------------------------------------------------------
    // Diagnostics

    fn error(&mut self, unit: usize, span: &Span, message: impl Into<String>) -> &mut Diagnostic {
        let u = &self.units[unit];
        let (file, range) = u.origins.origin_range(span.clone()).unwrap_or((u.file, 0..0));
        self.diags.push(Diagnostic::new(file, range, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// A new definition's place: its file, the span of its name there, and `file:line:col`.
    fn new_def(&self, unit: usize, name: String, span: &Span, kind: DefKind) -> Def {
        let u = &self.units[unit];
        let (file, range) = u.origins.origin_range(span.clone()).unwrap_or((u.file, 0..0));
        let (line, col) = self.sources.line_col(file, range.start);
        let location = format!("{}:{line}:{col}", self.sources.name(file));
        Def { name, kind, imported: u.imported, file, span: range, location, attributes: Vec::new() }
    }

    // -------------------------------------------------------------------------------------------
    // Phase 1: declare names

    fn add_def(
        &mut self,
        unit: usize,
        ns: &[String],
        name: String,
        span: &Span,
        what: Pending<'a>,
        attrs: &'a [ast::Attribute],
    ) -> DefId {
        let id = self.model.defs.len();
        let forward = match what {
            Pending::Forward(k) => Some(k),
            _ => None,
        };
        let kind = match forward {
            Some(k) => DefKind::Forward(k),
            None => DefKind::ApiContract, // placeholder until `define` runs
        };
        let def = self.new_def(unit, name.clone(), span, kind);
        self.model.defs.push(def);
        self.pending.push(PendingDef { unit, ns: ns.to_vec(), what, decl_attrs: attrs });
        let is_forward = forward.is_some();
        let keep_existing = is_forward && self.names.get(&name).is_some_and(|&e| !self.model.defs[e].is_forward());
        if !keep_existing {
            self.names.insert(name, id);
        }
        id
    }

    fn qualify(ns: &[String], name: &str) -> String {
        if ns.is_empty() { name.to_string() } else { format!("{}.{name}", ns.join(".")) }
    }

    fn declare_items(&mut self, unit: usize, items: &'a [ast::Item], ns: &[String]) {
        for item in items {
            match item {
                ast::Item::Namespace { name, items } => {
                    let mut inner = ns.to_vec();
                    inner.extend(name.parts.iter().cloned());
                    self.declare_items(unit, items, &inner);
                }
                ast::Item::Decl(d) => self.declare_decl(unit, d, ns),
                _ => {}
            }
        }
    }

    fn declare_decl(&mut self, unit: usize, d: &'a ast::Decl, ns: &[String]) {
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
                        if self.model.defs[id].name == q && decl.pointers.is_empty() && decl.suffixes.is_empty() {
                            self.names.insert(q, id);
                            continue;
                        }
                    }
                    self.add_def(
                        unit,
                        ns,
                        Self::qualify(ns, &name.name),
                        &name.span,
                        Pending::Typedef(ty, decl),
                        attrs,
                    );
                }
            }
            K::Const { ty, declarator, value } => {
                let Some(name) = declarator.ident() else {
                    self.error(unit, &declarator.span, "constant without a name");
                    return;
                };
                let q = Self::qualify(ns, &name.name);
                let id = self.add_def(unit, ns, q.clone(), &name.span, Pending::Const(ty, value), attrs);
                self.consts.insert(q, ConstSrc::Const(id));
            }
            K::Interface(i) => {
                self.add_def(unit, ns, Self::qualify(ns, &i.name.dotted()), &i.name.span, Pending::Interface(i), attrs);
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
                    Pending::Forward("interface"),
                    attrs,
                );
            }
            K::Dispinterface(di) => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &di.name.dotted()),
                    &di.name.span,
                    Pending::Dispinterface(di),
                    attrs,
                );
            }
            K::DispinterfaceFwd(name) => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &name.dotted()),
                    &name.span,
                    Pending::Forward("dispinterface"),
                    attrs,
                );
            }
            K::Coclass { name, members, runtime } => {
                self.add_def(
                    unit,
                    ns,
                    Self::qualify(ns, &name.dotted()),
                    &name.span,
                    Pending::Class(members, *runtime),
                    attrs,
                );
            }
            K::CoclassFwd { name, runtime } => {
                let what = if *runtime { "runtimeclass" } else { "coclass" };
                self.add_def(unit, ns, Self::qualify(ns, &name.dotted()), &name.span, Pending::Forward(what), attrs);
            }
            K::Library { name, items } => {
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, Pending::Library, attrs);
                self.declare_items(unit, items, ns);
            }
            K::Module { name, members } => {
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, Pending::Module(members), attrs);
                for m in members {
                    if let ast::DeclKind::Const { .. } = m.kind {
                        self.declare_decl(unit, m, ns);
                    }
                }
            }
            K::ApiContract(name) => {
                self.add_def(unit, ns, Self::qualify(ns, &name.dotted()), &name.span, Pending::Nothing, attrs);
            }
            K::Delegate { ret, name, generic_params, params } => {
                let what = Pending::Delegate(ret, params, generic_params);
                self.add_def(unit, ns, Self::qualify(ns, &name.name), &name.span, what, attrs);
            }
            K::Tagged(ty) => {
                self.declare_tagged(unit, &ty.spec, ns, attrs, None);
            }
            K::Function { ty, declarators } => {
                for decl in declarators {
                    if let Some(name) = decl.ident() {
                        self.add_def(
                            unit,
                            ns,
                            Self::qualify(ns, &name.name),
                            &name.span,
                            Pending::Function(ty, decl),
                            attrs,
                        );
                    }
                }
            }
        }
    }

    /// Declares a struct, union or enum written with a body (and, inside it, nested ones).
    /// Returns its definition. `typedef_name` names an untagged type after its typedef.
    fn declare_tagged(
        &mut self,
        unit: usize,
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
        let id = self.model.defs.len();
        let def = self.new_def(unit, q.clone(), &span, DefKind::ApiContract);
        self.model.defs.push(def);
        self.pending.push(PendingDef { unit, ns: ns.to_vec(), what: Pending::Tagged(spec), decl_attrs: attrs });
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
                    self.consts.insert(Self::qualify(ns, &v.name.name), ConstSrc::Enumerator(id));
                    // C puts enumerators in the enclosing scope; WinRT code refers to them qualified.
                    self.consts.insert(format!("{q}.{}", v.name.name), ConstSrc::Enumerator(id));
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

    // -------------------------------------------------------------------------------------------
    // Phase 2: define

    fn define(&mut self, id: DefId) {
        let PendingDef { unit, ref ns, what, decl_attrs } = self.pending[id];
        let ns = ns.clone();
        let cx = Cx { unit, ns: &ns, generics: &[] };
        let attributes = self.attributes(&cx, decl_attrs, AttrSite::Decl);
        self.model.defs[id].attributes = attributes;
        let kind = match what {
            Pending::Forward(k) => DefKind::Forward(k),
            Pending::Nothing => match self.model.defs[id].kind {
                DefKind::Forward(k) => DefKind::Forward(k),
                _ => DefKind::ApiContract,
            },
            Pending::Library => DefKind::Library(Vec::new()),
            Pending::Typedef(ty, decl) => {
                let base = self.type_ref(&cx, ty);
                DefKind::Typedef(self.declarator_type(&cx, base, ty.is_const, decl))
            }
            Pending::Tagged(spec) => self.define_tagged(&cx, spec),
            Pending::Interface(i) => {
                let generics: Vec<String> = i.generic_params.iter().map(|g| g.name.clone()).collect();
                let cx = Cx { unit, ns: &ns, generics: &generics };
                DefKind::Interface(self.interface(&cx, id, i))
            }
            Pending::Dispinterface(di) => DefKind::Dispinterface(self.dispinterface(&cx, di)),
            Pending::Class(members, runtime) => {
                let members = members
                    .iter()
                    .map(|m| {
                        let name = self.class_member_type(&cx, m);
                        ClassMember {
                            name,
                            dispinterface: m.dispinterface,
                            attributes: self.attributes(&cx, &m.attrs, AttrSite::Decl),
                        }
                    })
                    .collect();
                if runtime { DefKind::RuntimeClass(members) } else { DefKind::Coclass(members) }
            }
            Pending::Const(ty, expr) => {
                let ty = self.type_ref(&cx, ty);
                let name = self.model.defs[id].name.clone();
                let value = self.const_value(&name, expr.span.clone(), unit).unwrap_or(Value::Int(0));
                DefKind::Const(Const { ty, value })
            }
            Pending::Module(members) => {
                let mut functions = Vec::new();
                for m in members {
                    if let ast::DeclKind::Function { ty, declarators } = &m.kind {
                        let base = self.type_ref(&cx, ty);
                        for d in declarators {
                            let Some(name) = d.ident() else { continue };
                            let t = self.declarator_type(&cx, base.clone(), ty.is_const, d);
                            let attributes = self.attributes(&cx, &m.attrs, AttrSite::Method);
                            functions.push(Function { name: name.name.clone(), ty: t, attributes });
                        }
                    }
                }
                DefKind::Module(functions)
            }
            Pending::Delegate(ret, params, generic_params) => {
                let generics: Vec<String> = generic_params.iter().map(|g| g.name.clone()).collect();
                let cx = Cx { unit, ns: &ns, generics: &generics };
                let ret = self.type_ref(&cx, ret);
                let params = self.params(&cx, params);
                let base = self.lookup_name(&cx, "IUnknown");
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
                    methods: vec![method],
                })
            }
            Pending::Function(ty, decl) => {
                let base = self.type_ref(&cx, ty);
                let t = self.declarator_type(&cx, base, ty.is_const, decl);
                let name = self.model.defs[id].name.clone();
                DefKind::Function(Function { name, ty: t, attributes: Vec::new() })
            }
        };
        self.model.defs[id].kind = kind;
    }

    /// The interface a class lists. Naming an interface declared nowhere declares it, as in widl.
    fn class_member_type(&mut self, cx: &Cx, m: &'a ast::ClassMember) -> String {
        let dotted = m.ty.name.dotted();
        if m.ty.args.is_empty() && self.lookup_name(cx, &dotted).is_none() {
            let q = if dotted.contains('.') { dotted } else { Self::qualify(cx.ns, &dotted) };
            let kind = if m.dispinterface { "dispinterface" } else { "interface" };
            let id = self.model.defs.len();
            let forward = self.new_def(cx.unit, q.clone(), &m.ty.name.span, DefKind::Forward(kind));
            self.model.defs.push(forward);
            self.pending.push(PendingDef {
                unit: cx.unit,
                ns: cx.ns.to_vec(),
                what: Pending::Nothing,
                decl_attrs: &[],
            });
            self.names.insert(q.clone(), id);
            return q;
        }
        match self.type_name(cx, &m.ty) {
            Type::Named { name, .. } | Type::Generic { name, .. } => name,
            _ => dotted,
        }
    }

    fn define_tagged(&mut self, cx: &Cx, spec: &'a ast::TypeSpec) -> DefKind {
        match spec {
            ast::TypeSpec::Struct(s) => DefKind::Struct(self.fields(cx, s.fields.as_deref().unwrap_or(&[]))),
            ast::TypeSpec::Union(u) => {
                let discriminant = u.switch.as_ref().map(|s| (self.type_ref(cx, &s.ty), s.discriminant.name.clone()));
                let mut arms = Vec::new();
                for arm in u.arms.iter().flatten() {
                    let mut cases = Vec::new();
                    let mut default = false;
                    for c in &arm.cases {
                        match c {
                            Some(e) => cases.extend(self.int_expr(cx, e)),
                            None => default = true,
                        }
                    }
                    // Non-encapsulated unions say the same with [case(...)] and [default].
                    for a in &arm.field.attrs {
                        match a.name.name.as_str() {
                            "case" => {
                                for arg in &a.args {
                                    if let ast::AttrArg::Expr(e) = arg {
                                        cases.extend(self.int_expr(cx, e));
                                    }
                                }
                            }
                            "default" => default = true,
                            _ => {}
                        }
                    }
                    let field = self.fields(cx, std::slice::from_ref(&arm.field)).into_iter().next();
                    arms.push(UnionArm { cases, default, field });
                }
                DefKind::Union(Union { discriminant, arms })
            }
            ast::TypeSpec::Enum(e) => {
                let id = self.inline_defs[&(spec as *const _)];
                self.eval_enum(id);
                let values = e
                    .values
                    .iter()
                    .flatten()
                    .map(|v| {
                        let q = Self::qualify(cx.ns, &v.name.name);
                        Enumerator {
                            name: v.name.name.clone(),
                            value: self.values.get(&q).and_then(Value::as_int).unwrap_or(0),
                        }
                    })
                    .collect();
                DefKind::Enum(values)
            }
            _ => DefKind::ApiContract,
        }
    }

    fn fields(&mut self, cx: &Cx, fields: &'a [ast::Field]) -> Vec<Field> {
        let mut out = Vec::new();
        for f in fields {
            let attributes = self.attributes(cx, &f.attrs, AttrSite::Field);
            let Some(ty) = &f.ty else {
                out.push(Field { name: None, ty: Type::Void, bits: None, attributes });
                continue;
            };
            let base = self.type_ref(cx, ty);
            if f.declarators.is_empty() {
                out.push(Field { name: None, ty: base, bits: None, attributes });
                continue;
            }
            for fd in &f.declarators {
                let t = self.declarator_type(cx, base.clone(), ty.is_const, &fd.declarator);
                let bits = fd.bits.as_ref().and_then(|b| self.int_expr(cx, b)).map(|b| b as u64);
                let name = fd.declarator.ident().map(|i| i.name.clone());
                out.push(Field { name, ty: t, bits, attributes: self.attributes(cx, &f.attrs, AttrSite::Field) });
            }
        }
        out
    }

    fn interface(&mut self, cx: &Cx, id: DefId, i: &'a ast::Interface) -> Interface {
        let mut base = None;
        let mut base_name = None;
        if let Some(b) = &i.base {
            match self.type_name(cx, b) {
                Type::Named { name, def } => {
                    let target = &self.model.defs[def];
                    if target.is_forward() {
                        self.error(cx.unit, &b.span, format!("base interface `{name}` is declared but never defined"));
                    } else if !matches!(self.pending[def].what, Pending::Interface(_) | Pending::Delegate(..)) {
                        self.error(cx.unit, &b.span, format!("`{name}` is not an interface, so it cannot be a base"));
                    } else if def == id {
                        self.error(cx.unit, &b.span, format!("interface `{name}` cannot derive from itself"));
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
                self.type_name(cx, r);
                r.name.dotted()
            })
            .collect();
        let mut methods = Vec::new();
        for m in &i.members {
            if let ast::Member::Method(m) = m {
                if let Some(method) = self.method(cx, m) {
                    methods.push(method);
                }
            }
        }
        Interface { base, base_name, requires, generic_params: cx.generics.to_vec(), delegate: false, methods }
    }

    fn method(&mut self, cx: &Cx, m: &'a ast::Method) -> Option<Method> {
        let Some(name) = m.declarator.ident() else {
            self.error(cx.unit, &m.declarator.span, "method without a name");
            return None;
        };
        let Some(params) = find_params(&m.declarator) else {
            self.error(
                cx.unit,
                &name.span,
                format!("`{}` is declared in an interface but is not a method", name.name),
            )
            .label = Some("expected a parameter list after this name".into());
            return None;
        };
        let attributes = self.attributes(cx, &m.attrs, AttrSite::Method);
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
        let ret_base = self.type_ref(cx, &m.ret);
        let ret = pointers_over(ret_base, m.ret.is_const, &m.declarator.pointers);
        let params = self.params(cx, params);
        // A [call_as] method is the wire form of a [local] one and has no slot of its own.
        let slot = if has("call_as") { None } else { Some(0) };
        Some(Method { name: name.name.clone(), abi_name, slot, ret, params, attributes })
    }

    fn dispinterface(&mut self, cx: &Cx, di: &'a ast::Dispinterface) -> Dispinterface {
        let interface = di.interface.as_ref().map(|t| {
            self.type_name(cx, t);
            t.name.dotted()
        });
        let mut properties = Vec::new();
        for p in &di.properties {
            let base = self.type_ref(cx, &p.ret);
            let ty = self.declarator_type(cx, base, p.ret.is_const, &p.declarator);
            let attributes = self.attributes(cx, &p.attrs, AttrSite::Field);
            properties.push(Field { name: p.declarator.ident().map(|i| i.name.clone()), ty, bits: None, attributes });
        }
        let methods = di
            .methods
            .iter()
            .filter_map(|m| self.method(cx, m))
            .map(|mut m| {
                m.slot = None;
                m
            })
            .collect();
        Dispinterface { interface, properties, methods }
    }

    fn params(&mut self, cx: &Cx, list: &'a ast::ParamList) -> Vec<Param> {
        let mut out = Vec::new();
        let names: Vec<&str> =
            list.params.iter().filter_map(|p| p.declarator.ident().map(|i| i.name.as_str())).collect();
        for p in &list.params {
            let base = self.type_ref(cx, &p.ty);
            let ty = self.declarator_type(cx, base, p.ty.is_const, &p.declarator);
            let attributes = self.attributes(cx, &p.attrs, AttrSite::Param);
            self.check_param_refs(cx, &p.attrs, &names);
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
    fn check_param_refs(&mut self, cx: &Cx, attrs: &'a [ast::Attribute], params: &[&str]) {
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
                    if !params.contains(&name.as_str()) && self.lookup_const(cx, &name).is_none() {
                        // widl accepts this, but no stub can marshal it: warn rather than refuse.
                        let u = &self.units[cx.unit];
                        let (file, range) = u.origins.origin_range(span.clone()).unwrap_or((u.file, 0..0));
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

    // -------------------------------------------------------------------------------------------
    // Types

    fn type_ref(&mut self, cx: &Cx, t: &'a ast::TypeRef) -> Type {
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
        let def = self.model.defs.len();
        let forward = self.new_def(cx.unit, q.clone(), &tag.span, DefKind::Forward(kind));
        self.model.defs.push(forward);
        self.pending.push(PendingDef { unit: cx.unit, ns: cx.ns.to_vec(), what: Pending::Nothing, decl_attrs: &[] });
        self.tags.insert(q.clone(), def);
        Type::Named { name: q, def }
    }

    fn type_decl(&mut self, cx: &Cx, t: &'a ast::TypeDecl) -> Type {
        let base = self.type_ref(cx, &t.ty);
        pointers_over(base, t.ty.is_const, &t.pointers)
    }

    fn lookup_name(&self, cx: &Cx, name: &str) -> Option<DefId> {
        candidates(cx.ns, name).find_map(|q| self.names.get(q.as_ref()).copied())
    }

    fn type_name(&mut self, cx: &Cx, n: &'a ast::TypeName) -> Type {
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

    fn declarator_type(&mut self, cx: &Cx, base: Type, base_const: bool, d: &'a ast::Declarator) -> Type {
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

    // -------------------------------------------------------------------------------------------
    // Attributes

    fn attributes(&mut self, cx: &Cx, attrs: &'a [ast::Attribute], site: AttrSite) -> Vec<Attribute> {
        let mut out = Vec::new();
        for a in attrs {
            let name = a.name.name.as_str();
            if KNOWN_ATTRIBUTES.binary_search(&name).is_err() {
                self.error(cx.unit, &a.name.span, format!("unknown attribute `{name}`"))
                    .notes
                    .push(UNKNOWN_ATTR_HINT.into());
                continue;
            }
            let mut args = Vec::new();
            for arg in &a.args {
                args.push(match arg {
                    ast::AttrArg::Uuid(u, _) => u.to_ascii_lowercase(),
                    ast::AttrArg::Expr(e) => {
                        self.units[cx.unit].text.get(e.span.clone()).unwrap_or("").trim().to_string()
                    }
                    ast::AttrArg::Type(t) => {
                        self.units[cx.unit].text.get(t.span.clone()).unwrap_or("").trim().to_string()
                    }
                    ast::AttrArg::Empty(_) => String::new(),
                });
            }
            if let Some(problem) = self.check_attribute(cx, a, site) {
                self.error(cx.unit, &a.span, problem);
                continue;
            }
            if name == "uuid" {
                args = vec![normalize_uuid(&a.args)];
            }
            out.push(Attribute { name: name.to_string(), args });
        }
        out
    }

    /// What is wrong with an attribute's arguments, if anything.
    fn check_attribute(&mut self, cx: &Cx, a: &'a ast::Attribute, site: AttrSite) -> Option<String> {
        let name = a.name.name.as_str();
        let args = &a.args;
        match name {
            "uuid" => {
                let ok = args.len() == 1 && valid_uuid(&normalize_uuid(args));
                (!ok).then(|| "`uuid` takes one GUID, such as `uuid(00000000-0000-0000-c000-000000000046)`".into())
            }
            "in" | "out" | "retval" | "object" | "local" | "propget" | "propput" | "propputref" | "oleautomation"
            | "dual" | "hidden" | "restricted" => (!args.is_empty()).then(|| format!("`{name}` takes no arguments")),
            "pointer_default" => {
                let ok = matches!(args.as_slice(), [ast::AttrArg::Expr(ast::Expr { kind: ast::ExprKind::Ident(k), .. })] if matches!(k.as_str(), "ref" | "unique" | "ptr"));
                (!ok).then(|| "`pointer_default` takes `ref`, `unique` or `ptr`".into())
            }
            "helpstring" | "helpfile" | "dllname" | "progid" | "vi_progid" => {
                let ok =
                    matches!(args.as_slice(), [ast::AttrArg::Expr(ast::Expr { kind: ast::ExprKind::Str { .. }, .. })]);
                (!ok).then(|| format!("`{name}` takes one string literal"))
            }
            "id" | "helpcontext" | "helpstringcontext" => {
                let [ast::AttrArg::Expr(e)] = args.as_slice() else {
                    return Some(format!("`{name}` takes one integer constant"));
                };
                match self.eval_in(cx, e) {
                    Ok(Value::Int(_)) => None,
                    Ok(_) => Some(format!("`{name}` takes an integer constant, not a string or float")),
                    Err(e) => Some(format!("`{name}`: {}", e.message)),
                }
            }
            "size_is" | "length_is" | "max_is" | "first_is" | "last_is" => {
                if args.is_empty() || args.iter().any(|x| matches!(x, ast::AttrArg::Uuid(..))) {
                    return Some(format!(
                        "`{name}` takes one expression per pointer level, such as `{name}(count)` or `{name}(, *pcount)`"
                    ));
                }
                if site == AttrSite::Decl {
                    return Some(format!("`{name}` belongs on a parameter or field, not here"));
                }
                None
            }
            _ => None,
        }
    }

    // -------------------------------------------------------------------------------------------
    // Constants

    fn eval_in(&mut self, cx: &Cx, e: &ast::Expr) -> Result<Value, EvalError> {
        let mut scope = ResolverScope { r: self, ns: cx.ns.to_vec(), unit: cx.unit };
        eval::eval(e, &mut scope)
    }

    fn int_expr(&mut self, cx: &Cx, e: &ast::Expr) -> Option<i64> {
        match self.eval_in(cx, e) {
            Ok(Value::Int(v)) => Some(v),
            Ok(_) => {
                self.error(cx.unit, &e.span, "expected an integer constant");
                None
            }
            Err(err) => {
                self.error(cx.unit, &err.span, err.message);
                None
            }
        }
    }

    fn lookup_const(&self, cx: &Cx, name: &str) -> Option<String> {
        candidates(cx.ns, name).find(|q| self.consts.contains_key(q.as_ref())).map(Cow::into_owned)
    }

    /// The value of constant `q` (evaluating it, and the enum it belongs to, on first use).
    fn const_value(&mut self, q: &str, span: Span, unit: usize) -> Option<Value> {
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
                let p = &self.pending[id];
                let (cunit, ns) = (p.unit, p.ns.clone());
                let Pending::Const(_, expr) = p.what else { return None };
                let cx = Cx { unit: cunit, ns: &ns, generics: &[] };
                let v = match self.eval_in(&cx, expr) {
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

    fn eval_enum(&mut self, id: DefId) {
        let p = &self.pending[id];
        let (unit, ns) = (p.unit, p.ns.clone());
        let Pending::Tagged(ast::TypeSpec::Enum(e)) = p.what else { return };
        let Some(values) = &e.values else { return };
        let first = Self::qualify(&ns, values.first().map(|v| v.name.name.as_str()).unwrap_or(""));
        if self.values.contains_key(&first) || !self.evaluating.insert(id) {
            return;
        }
        let cx = Cx { unit, ns: &ns, generics: &[] };
        let enum_name = self.model.defs[id].name.clone();
        let mut next = 0i64;
        for v in values {
            let value = match &v.value {
                Some(expr) => self.int_expr(&cx, expr).unwrap_or(next),
                None => next,
            };
            next = value.wrapping_add(1);
            self.values.insert(Self::qualify(&ns, &v.name.name), Value::Int(value));
            self.values.insert(format!("{enum_name}.{}", v.name.name), Value::Int(value));
        }
        self.evaluating.remove(&id);
    }

    // -------------------------------------------------------------------------------------------
    // Vtable slots

    fn assign_slots(&mut self) {
        let mut first_slot: HashMap<DefId, Option<usize>> = HashMap::new();
        for id in 0..self.model.defs.len() {
            self.slot_base(id, &mut first_slot, &mut Vec::new());
        }
        for (&id, &base) in &first_slot {
            let Some(mut next) = base else { continue };
            if let DefKind::Interface(i) = &mut self.model.defs[id].kind {
                for m in i.methods.iter_mut().filter(|m| m.slot.is_some()) {
                    m.slot = Some(next);
                    next += 1;
                }
            }
        }
        self.disambiguate_abi_names(&first_slot);
    }

    /// A method that reuses the name of a base interface's method needs another name in a vtable
    /// struct: `IFoo2_Name`, as widl writes it in C headers.
    fn disambiguate_abi_names(&mut self, slotted: &HashMap<DefId, Option<usize>>) {
        let raw: HashMap<DefId, Vec<String>> = slotted
            .iter()
            .filter(|(_, base)| base.is_some())
            .filter_map(|(&id, _)| match &self.model.defs[id].kind {
                DefKind::Interface(i) => Some((id, i.methods.iter().map(|m| m.abi_name.clone()).collect())),
                _ => None,
            })
            .collect();
        for (&id, _) in raw.iter() {
            let inherited = self.model.bases(id);
            let taken: HashSet<&str> =
                inherited.iter().filter_map(|b| raw.get(b)).flatten().map(String::as_str).collect();
            let short = self.model.defs[id].name.rsplit('.').next().unwrap_or("").to_string();
            let renamed: Vec<bool> = raw[&id].iter().map(|n| taken.contains(n.as_str())).collect();
            if let DefKind::Interface(i) = &mut self.model.defs[id].kind {
                for (m, clash) in i.methods.iter_mut().zip(renamed) {
                    if clash && m.slot.is_some() {
                        m.abi_name = format!("{short}_{}", m.abi_name);
                    }
                }
            }
        }
    }

    /// The first slot of interface `id`'s own methods; `None` when its chain is broken.
    fn slot_base(
        &mut self,
        id: DefId,
        memo: &mut HashMap<DefId, Option<usize>>,
        stack: &mut Vec<DefId>,
    ) -> Option<usize> {
        if let Some(&v) = memo.get(&id) {
            return v;
        }
        let DefKind::Interface(i) = &self.model.defs[id].kind else { return None };
        let (base, name) = (i.base, self.model.defs[id].name.clone());
        if stack.contains(&id) {
            let d = &self.model.defs[id];
            self.diags.push(Diagnostic::new(
                d.file,
                d.span.clone(),
                format!("interface `{name}` inherits from itself"),
            ));
            memo.insert(id, None);
            return None;
        }
        stack.push(id);
        let result = match base {
            None => Some(0),
            Some(b) => {
                let bb = self.slot_base(b, memo, stack);
                bb.map(|s| s + own_slots(&self.model.defs[b]))
            }
        };
        stack.pop();
        memo.insert(id, result);
        result
    }
}

fn own_slots(d: &Def) -> usize {
    match &d.kind {
        DefKind::Interface(i) => i.methods.iter().filter(|m| m.slot.is_some()).count(),
        _ => 0,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AttrSite {
    Decl,
    Method,
    Param,
    Field,
}

struct Cx<'n> {
    unit: usize,
    ns: &'n [String],
    generics: &'n [String],
}

struct ResolverScope<'r, 'a> {
    r: &'r mut Resolver<'a>,
    ns: Vec<String>,
    unit: usize,
}

impl Scope for ResolverScope<'_, '_> {
    fn constant(&mut self, name: &str, span: &Span) -> Result<Value, EvalError> {
        let cx = Cx { unit: self.unit, ns: &self.ns, generics: &[] };
        let Some(q) = self.r.lookup_const(&cx, name) else {
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
        let cx = Cx { unit: self.unit, ns: &self.ns, generics: &[] };
        let mut t = match &ty.ty.spec {
            ast::TypeSpec::Base(words) => base_type(words)?,
            ast::TypeSpec::Named(n) => {
                Type::Named { name: n.name.dotted(), def: self.r.lookup_name(&cx, &n.name.dotted())? }
            }
            _ => return None,
        };
        // Follow typedefs to the integer type underneath; the bound stops typedef cycles.
        for _ in 0..64 {
            match t {
                Type::Base(b) => return int_of(b),
                Type::Named { def, .. } => match &self.r.pending[def].what {
                    Pending::Typedef(tr, d) if d.pointers.is_empty() && d.suffixes.is_empty() => {
                        t = match &tr.spec {
                            ast::TypeSpec::Base(w) => base_type(w)?,
                            ast::TypeSpec::Named(n) => {
                                Type::Named { name: n.name.dotted(), def: self.r.lookup_name(&cx, &n.name.dotted())? }
                            }
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

/// Names to try for `name` seen inside namespace `ns`: innermost namespace first, `name` itself
/// last. Outside namespaces (all of classic IDL) that is the only one, and nothing is allocated.
fn candidates<'n>(ns: &'n [String], name: &'n str) -> impl Iterator<Item = Cow<'n, str>> {
    (1..=ns.len())
        .rev()
        .map(move |n| Cow::Owned(format!("{}.{name}", ns[..n].join("."))))
        .chain(std::iter::once(Cow::Borrowed(name)))
}

/// The parameter list of a method declarator: `Name(params)`.
fn find_params(d: &ast::Declarator) -> Option<&ast::ParamList> {
    match d.suffixes.first() {
        Some(ast::Suffix::Params(p)) if d.nested.is_none() => Some(p),
        _ => None,
    }
}

fn pointers_over(mut t: Type, base_const: bool, pointers: &[ast::Pointer]) -> Type {
    let mut target_const = base_const;
    for p in pointers {
        t = Type::Pointer { to: Box::new(t), const_target: target_const };
        target_const = p.is_const;
    }
    t
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

/// The type named by MIDL's type keywords, `None` for an invalid combination.
fn base_type(words: &[String]) -> Option<Type> {
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

fn normalize_uuid(args: &[ast::AttrArg]) -> String {
    match args {
        [ast::AttrArg::Uuid(u, _)] => u.to_ascii_lowercase(),
        [ast::AttrArg::Expr(ast::Expr { kind: ast::ExprKind::Str { value, .. }, .. })] => {
            value.trim_matches(|c| c == '{' || c == '}').to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

fn valid_uuid(u: &str) -> bool {
    let groups: Vec<&str> = u.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Every attribute name MIDL and widl accept in the classic and WinRT dialects, sorted (it is
/// searched by bisection for every attribute of every file).
const KNOWN_ATTRIBUTES: &[&str] = &[
    "activatable",
    "aggregatable",
    "agile",
    "allocate",
    "annotation",
    "apartment",
    "appobject",
    "async",
    "async_uuid",
    "auto_handle",
    "bindable",
    "both",
    "broadcast",
    "byte_count",
    "call_as",
    "callback",
    "case",
    "cleanup",
    "code",
    "comm_status",
    "composable",
    "context_handle",
    "context_handle_noserialize",
    "context_handle_serialize",
    "contract",
    "contractversion",
    "control",
    "custom",
    "decode",
    "default",
    "default_overload",
    "defaultbind",
    "defaultcollelem",
    "defaultvalue",
    "defaultvtable",
    "deprecated",
    "disable_consistency_check",
    "displaybind",
    "dllname",
    "dual",
    "enable_allocate",
    "encode",
    "endpoint",
    "entry",
    "eventadd",
    "eventremove",
    "exclusiveto",
    "explicit_handle",
    "fault_status",
    "first_is",
    "flags",
    "force_allocate",
    "free",
    "handle",
    "helpcontext",
    "helpfile",
    "helpstring",
    "helpstringcontext",
    "helpstringdll",
    "hidden",
    "id",
    "idempotent",
    "ignore",
    "iid_is",
    "immediatebind",
    "implicit_handle",
    "in",
    "in_line",
    "input_sync",
    "last_is",
    "lcid",
    "length_is",
    "licensed",
    "local",
    "marshaling_behavior",
    "max_is",
    "maybe",
    "message",
    "methods",
    "min_is",
    "mta",
    "neutral",
    "nocode",
    "nonbrowsable",
    "noncreatable",
    "nonextensible",
    "notify",
    "notify_flag",
    "object",
    "odl",
    "oleautomation",
    "optimize",
    "optional",
    "out",
    "out_of_line",
    "overload",
    "partial_ignore",
    "pointer_default",
    "progid",
    "propget",
    "propput",
    "propputref",
    "protected",
    "proxy",
    "ptr",
    "public",
    "range",
    "readonly",
    "ref",
    "represent_as",
    "requestedit",
    "restricted",
    "retval",
    "size_is",
    "source",
    "static",
    "strict_context_handle",
    "string",
    "switch_is",
    "switch_type",
    "threading",
    "transmit_as",
    "uidefault",
    "unique",
    "user_marshal",
    "usesgetlasterror",
    "uuid",
    "v1_enum",
    "vararg",
    "version",
    "vi_progid",
    "wire_marshal",
];

#[cfg(test)]
mod tests {
    #[test]
    fn known_attributes_are_sorted_for_bisection() {
        assert!(super::KNOWN_ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
    }
}
