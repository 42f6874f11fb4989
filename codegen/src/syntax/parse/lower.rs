//! Pest pairs to the syntax tree: the walk's context, items, attributes and declarations. The
//! grammar guarantees each pair's shape; the `expect`s state that shape. Types and expressions are
//! lowered in their own modules.

use pest::iterators::Pair;

use super::super::ast::*;
use super::Rule;
use super::literals::unescape;

/// The walk over the pairs of one parse.
pub(super) struct Lowering {
    /// Where the parsed text starts in the file's text: spans are shifted by it.
    base: usize,
}

impl Lowering {
    pub(super) fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.base + s.start()..self.base + s.end()
    }

    pub(super) fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident { name: p.as_str().to_string(), span: self.span(&p) }
    }

    pub(super) fn qname(&self, p: Pair<Rule>) -> QName {
        let span = self.span(&p);
        let parts = p.into_inner().map(|i| i.as_str().to_string()).collect();
        QName { parts, span }
    }
}

/// The items of an `items` pair, from a parse of the text that starts at `base`.
pub(super) fn build_items(items: Pair<Rule>, base: usize) -> Vec<Item> {
    Lowering { base }.items(items)
}

impl Lowering {
    fn items(&self, p: Pair<Rule>) -> Vec<Item> {
        p.into_inner().filter_map(|i| self.item(i)).collect()
    }

    fn item(&self, p: Pair<Rule>) -> Option<Item> {
        Some(match p.as_rule() {
            Rule::import => Item::Import(self.strings_of(p)),
            Rule::importlib => Item::ImportLib(self.strings_of(p).remove(0)),
            Rule::cpp_quote => Item::CppQuote(self.strings_of(p).remove(0)),
            Rule::declare_guid => {
                let mut inner = p.into_inner().skip(1);
                let name = self.ident(inner.next().expect("declare_guid name"));
                let guid = self.attr_arg(inner.next().expect("declare_guid guid"));
                Item::DeclareGuid { name, guid }
            }
            Rule::midl_pragma => Item::MidlPragma(self.span(&p)),
            Rule::namespace_def => {
                let mut inner = p.into_inner().skip(1);
                let name = self.qname(inner.next().expect("namespace name"));
                let items = self.items(inner.next().expect("namespace items"));
                Item::Namespace { name, items }
            }
            Rule::declare_block => Item::Declare(
                p.into_inner()
                    .filter(|e| e.as_rule() == Rule::declare_entry)
                    .map(|e| self.type_name(e.into_inner().nth(1).expect("declared type")))
                    .collect(),
            ),
            Rule::decl => Item::Decl(Box::new(self.decl(p))),
            Rule::empty_item | Rule::EOI => return None,
            _ => return None,
        })
    }

    fn strings_of(&self, p: Pair<Rule>) -> Vec<StringLit> {
        p.into_inner().filter(|i| i.as_rule() == Rule::string).map(|s| self.string(s)).collect()
    }

    pub(super) fn string(&self, p: Pair<Rule>) -> StringLit {
        let span = self.span(&p);
        let mut wide = false;
        let mut value = String::new();
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::wide => wide = true,
                Rule::string_inner => value = unescape(part.as_str()),
                _ => {}
            }
        }
        StringLit { value, wide, span }
    }

    fn attrs(&self, p: Pair<Rule>) -> Vec<Attribute> {
        p.into_inner().map(|a| self.attribute(a)).collect()
    }

    fn attribute(&self, p: Pair<Rule>) -> Attribute {
        let span = self.span(&p);
        let mut inner = p.into_inner();
        let name = self.ident(inner.next().expect("attribute name"));
        let args = match inner.next() {
            Some(args) => args.into_inner().map(|a| self.attr_arg(a)).collect(),
            None => Vec::new(),
        };
        Attribute { name, args, span }
    }

    fn attr_arg(&self, p: Pair<Rule>) -> AttrArg {
        let span = self.span(&p);
        let Some(inner) = p.into_inner().next() else { return AttrArg::Empty(span) };
        match inner.as_rule() {
            Rule::uuid_lit => AttrArg::Uuid(inner.as_str().to_string(), span),
            Rule::expr => AttrArg::Expr(self.expr(inner)),
            Rule::type_decl => AttrArg::Type(self.type_decl(inner)),
            _ => AttrArg::Empty(span),
        }
    }

    /// Splits leading `attributes` pairs from the rest.
    pub(super) fn split_attrs<'i>(
        &self,
        pairs: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> (Vec<Attribute>, Vec<Pair<'i, Rule>>) {
        let mut attrs = Vec::new();
        let mut rest = Vec::new();
        for p in pairs {
            if p.as_rule() == Rule::attributes && rest.is_empty() {
                attrs.extend(self.attrs(p));
            } else {
                rest.push(p);
            }
        }
        (attrs, rest)
    }

    fn decl(&self, p: Pair<Rule>) -> Decl {
        let span = self.span(&p);
        let (mut attrs, rest) = self.split_attrs(p.into_inner());
        let body = rest.into_iter().next().expect("a declaration body");
        let kind = self.decl_kind(body, &mut attrs);
        Decl { attrs, kind, span }
    }

    fn decl_kind(&self, body: Pair<Rule>, attrs: &mut Vec<Attribute>) -> DeclKind {
        let rule = body.as_rule();
        let mut inner: Vec<Pair<Rule>> = body.into_inner().collect();
        match rule {
            Rule::typedef => {
                inner.remove(0); // typedef keyword
                let mut it = inner.into_iter().peekable();
                while let Some(p) = it.next_if(|p| p.as_rule() == Rule::attributes) {
                    attrs.extend(self.attrs(p));
                }
                let ty = self.type_ref(it.next().expect("typedef type"));
                let declarators = it.map(|d| self.declarator(d)).collect();
                DeclKind::Typedef { ty, declarators }
            }
            Rule::const_decl => {
                let mut it = inner.into_iter().skip(1);
                let ty = self.type_ref(it.next().expect("const type"));
                let declarator = self.declarator(it.next().expect("const declarator"));
                let value = self.expr(it.next().expect("const value"));
                DeclKind::Const { ty, declarator, value }
            }
            Rule::interface_def => DeclKind::Interface(self.interface(inner)),
            Rule::interface_fwd => {
                let mut it = inner.into_iter().skip(1);
                let name = self.qname(it.next().expect("interface name"));
                let generic_params = it.next().map(|g| self.generic_params(g)).unwrap_or_default();
                DeclKind::InterfaceFwd { name, generic_params }
            }
            Rule::dispinterface_def => DeclKind::Dispinterface(self.dispinterface(inner)),
            Rule::dispinterface_fwd => DeclKind::DispinterfaceFwd(self.qname(inner.remove(1))),
            Rule::coclass_def | Rule::runtimeclass_def => {
                let runtime = rule == Rule::runtimeclass_def;
                let mut it = inner.into_iter().skip(1);
                let name = self.qname(it.next().expect("class name"));
                let members = it.map(|m| self.class_member(m)).collect();
                DeclKind::Coclass { name, members, runtime }
            }
            Rule::coclass_fwd | Rule::runtimeclass_fwd => {
                DeclKind::CoclassFwd { name: self.qname(inner.remove(1)), runtime: rule == Rule::runtimeclass_fwd }
            }
            Rule::library_def => {
                let mut it = inner.into_iter().skip(1);
                let name = self.ident(it.next().expect("library name"));
                let items = self.items(it.next().expect("library items"));
                DeclKind::Library { name, items }
            }
            Rule::module_def => {
                let mut it = inner.into_iter().skip(1);
                let name = self.ident(it.next().expect("module name"));
                let members = it.filter(|m| m.as_rule() == Rule::module_decl).map(|m| self.decl(m)).collect();
                DeclKind::Module { name, members }
            }
            Rule::apicontract_def => DeclKind::ApiContract(self.qname(inner.remove(1))),
            Rule::delegate_def => {
                let mut it = inner.into_iter().skip(1);
                let ret = self.type_ref(it.next().expect("delegate return type"));
                let name = self.ident(it.next().expect("delegate name"));
                let mut generic_params = Vec::new();
                let mut params = None;
                for p in it {
                    match p.as_rule() {
                        Rule::generic_params => generic_params = self.generic_params(p),
                        Rule::param_list => params = Some(self.param_list(p)),
                        _ => {}
                    }
                }
                DeclKind::Delegate { ret, name, generic_params, params: params.expect("delegate parameters") }
            }
            Rule::tagged_decl => DeclKind::Tagged(self.tagged_type_ref(inner.remove(0))),
            Rule::function_decl => {
                let mut it = inner.into_iter().skip_while(|p| p.as_rule() == Rule::storage).peekable();
                let ty = self.type_ref(it.next().expect("declaration type"));
                let mut declarators = Vec::new();
                while let Some(d) = it.next() {
                    let init = it.next_if(|p| p.as_rule() == Rule::init_value).map(|v| self.initializer(v));
                    declarators.push(InitDeclarator { declarator: self.declarator(d), init });
                }
                DeclKind::Function { ty, declarators }
            }
            other => unreachable!("not a declaration body: {other:?}"),
        }
    }

    fn generic_params(&self, p: Pair<Rule>) -> Vec<Ident> {
        p.into_inner().map(|i| self.ident(i)).collect()
    }

    fn interface(&self, inner: Vec<Pair<Rule>>) -> Interface {
        let mut it = inner.into_iter().skip(1);
        let name = self.qname(it.next().expect("interface name"));
        let mut iface =
            Interface { name, generic_params: Vec::new(), base: None, requires: Vec::new(), members: Vec::new() };
        for p in it {
            match p.as_rule() {
                Rule::generic_params => iface.generic_params = self.generic_params(p),
                Rule::type_name => iface.base = Some(self.type_name(p)),
                Rule::requires_clause => {
                    iface.requires = p.into_inner().skip(1).map(|t| self.type_name(t)).collect();
                }
                Rule::member_decl => iface.members.push(self.member(p)),
                Rule::cpp_quote => iface.members.push(Member::CppQuote(self.strings_of(p).remove(0))),
                Rule::import => iface.members.push(Member::Import(self.strings_of(p))),
                _ => {}
            }
        }
        iface
    }

    fn member(&self, p: Pair<Rule>) -> Member {
        let span = self.span(&p);
        let (mut attrs, rest) = self.split_attrs(p.into_inner());
        let body = rest.into_iter().next().expect("member body");
        if body.as_rule() == Rule::method {
            let bspan = self.span(&body);
            let mut it = body.into_inner();
            let ret = self.type_ref(it.next().expect("return type"));
            let declarator = self.declarator(it.next().expect("method declarator"));
            return Member::Method(Method { attrs, ret, declarator, span: bspan });
        }
        let kind = self.decl_kind(body, &mut attrs);
        Member::Decl(Decl { attrs, kind, span })
    }

    fn dispinterface(&self, inner: Vec<Pair<Rule>>) -> Dispinterface {
        let mut it = inner.into_iter().skip(1);
        let name = self.qname(it.next().expect("dispinterface name"));
        let mut d = Dispinterface { name, interface: None, properties: Vec::new(), methods: Vec::new() };
        let Some(body) = it.next() else { return d };
        match body.as_rule() {
            Rule::disp_interface => d.interface = Some(self.type_name(body.into_inner().nth(1).expect("interface"))),
            Rule::disp_sections => {
                let mut in_methods = false;
                for p in body.into_inner() {
                    match p.as_rule() {
                        Rule::k_properties => in_methods = false,
                        Rule::k_methods => in_methods = true,
                        Rule::disp_member => {
                            let span = self.span(&p);
                            let (attrs, rest) = self.split_attrs(p.into_inner());
                            let mut it = rest.into_iter();
                            let ret = self.type_ref(it.next().expect("member type"));
                            let declarator = self.declarator(it.next().expect("member declarator"));
                            let m = Method { attrs, ret, declarator, span };
                            if in_methods { d.methods.push(m) } else { d.properties.push(m) }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        d
    }

    fn class_member(&self, p: Pair<Rule>) -> ClassMember {
        let span = self.span(&p);
        let (attrs, rest) = self.split_attrs(p.into_inner());
        let mut it = rest.into_iter();
        let kw = it.next().expect("interface keyword");
        let ty = self.type_name(it.next().expect("member type"));
        ClassMember { attrs, dispinterface: kw.as_rule() == Rule::k_dispinterface, ty, span }
    }
}
