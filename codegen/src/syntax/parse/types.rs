//! Pest pairs to the syntax tree: types, fields and declarators.

use pest::iterators::Pair;

use super::super::ast::*;
use super::Rule;
use super::lower::Lowering;

impl Lowering {
    pub(super) fn type_ref(&self, p: Pair<Rule>) -> TypeRef {
        let span = self.span(&p);
        let mut is_const = false;
        let mut spec = None;
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::type_qual => {
                    if part.into_inner().next().map(|q| q.as_rule()) == Some(Rule::k_const) {
                        is_const = true;
                    }
                }
                _ => spec = Some(self.type_spec(part)),
            }
        }
        TypeRef { is_const, spec: spec.expect("a type specifier"), span }
    }

    /// A `tagged_type` pair on its own (in `struct X {...};`).
    pub(super) fn tagged_type_ref(&self, p: Pair<Rule>) -> TypeRef {
        let span = self.span(&p);
        TypeRef { is_const: false, spec: self.type_spec(p), span }
    }

    fn type_spec(&self, p: Pair<Rule>) -> TypeSpec {
        match p.as_rule() {
            Rule::base_type => TypeSpec::Base(
                p.into_inner()
                    .map(|w| {
                        let w = if w.as_rule() == Rule::sign_word {
                            w.into_inner().next().expect("sign keyword")
                        } else {
                            w
                        };
                        w.as_str().to_string()
                    })
                    .collect(),
            ),
            Rule::struct_type => {
                let mut st = StructType { tag: None, fields: None, span: self.span(&p) };
                for part in p.into_inner() {
                    match part.as_rule() {
                        Rule::qname => st.tag = Some(self.qname(part)),
                        Rule::struct_body => st.fields = Some(self.fields(part)),
                        _ => {}
                    }
                }
                TypeSpec::Struct(st)
            }
            Rule::union_type => {
                let mut u = UnionType { tag: None, switch: None, arms: None, span: self.span(&p) };
                for part in p.into_inner() {
                    match part.as_rule() {
                        Rule::qname => u.tag = Some(self.qname(part)),
                        Rule::union_switch => {
                            let mut it = part.into_inner().skip(1);
                            let ty = self.type_ref(it.next().expect("switch type"));
                            let discriminant = self.ident(it.next().expect("switch name"));
                            let arm_name = it.next().map(|a| self.ident(a));
                            u.switch = Some(Box::new(UnionSwitch { ty, discriminant, arm_name }));
                        }
                        Rule::union_body => u.arms = Some(self.union_arms(part)),
                        _ => {}
                    }
                }
                TypeSpec::Union(u)
            }
            Rule::enum_type => {
                let mut e = EnumType { tag: None, values: None };
                for part in p.into_inner() {
                    match part.as_rule() {
                        Rule::qname => e.tag = Some(self.qname(part)),
                        Rule::enum_body => {
                            e.values = Some(part.into_inner().map(|v| self.enumerator(v)).collect());
                        }
                        _ => {}
                    }
                }
                TypeSpec::Enum(e)
            }
            Rule::safearray => TypeSpec::SafeArray(Box::new(self.type_decl(p.into_inner().nth(1).expect("element")))),
            Rule::type_name => TypeSpec::Named(self.type_name(p)),
            other => unreachable!("not a type specifier: {other:?}"),
        }
    }

    pub(super) fn type_name(&self, p: Pair<Rule>) -> TypeName {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let name = self.qname(it.next().expect("type name"));
        let args = it.next().map(|g| g.into_inner().map(|t| self.type_decl(t)).collect()).unwrap_or_default();
        TypeName { name, args, span }
    }

    pub(super) fn type_decl(&self, p: Pair<Rule>) -> TypeDecl {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let ty = self.type_ref(it.next().expect("type"));
        let pointers = it.map(|ptr| self.pointer(ptr)).collect();
        TypeDecl { ty, pointers, span }
    }

    fn fields(&self, body: Pair<Rule>) -> Vec<Field> {
        body.into_inner().filter(|f| f.as_rule() == Rule::field_decl).map(|f| self.field(f)).collect()
    }

    fn field(&self, p: Pair<Rule>) -> Field {
        let span = self.span(&p);
        let (attrs, rest) = self.split_attrs(p.into_inner());
        let mut it = rest.into_iter();
        let ty = it.next().map(|t| self.type_ref(t));
        let declarators = it
            .map(|fd| {
                let mut parts = fd.into_inner();
                let declarator = self.declarator(parts.next().expect("field declarator"));
                let bits = parts.next().map(|b| self.expr(b));
                FieldDeclarator { declarator, bits }
            })
            .collect();
        Field { attrs, ty, declarators, span }
    }

    fn union_arms(&self, body: Pair<Rule>) -> Vec<UnionArm> {
        let mut arms = Vec::new();
        for p in body.into_inner() {
            match p.as_rule() {
                Rule::field_decl => arms.push(UnionArm { cases: Vec::new(), field: self.field(p) }),
                Rule::union_case => {
                    let mut cases = Vec::new();
                    let mut field = None;
                    for part in p.into_inner() {
                        match part.as_rule() {
                            Rule::case_label => {
                                let e = part.into_inner().nth(1).map(|e| self.expr(e));
                                cases.push(e);
                            }
                            Rule::field_decl => field = Some(self.field(part)),
                            _ => {}
                        }
                    }
                    arms.push(UnionArm { cases, field: field.expect("union arm field") });
                }
                _ => {}
            }
        }
        arms
    }

    fn enumerator(&self, p: Pair<Rule>) -> Enumerator {
        let (attrs, rest) = self.split_attrs(p.into_inner());
        let mut it = rest.into_iter();
        let name = self.ident(it.next().expect("enumerator name"));
        let value = it.next().map(|v| self.expr(v));
        Enumerator { attrs, name, value }
    }

    // -- declarators

    fn pointer(&self, p: Pair<Rule>) -> Pointer {
        Pointer { is_const: p.into_inner().any(|q| q.as_rule() == Rule::k_const) }
    }

    pub(super) fn declarator(&self, p: Pair<Rule>) -> Declarator {
        let span = self.span(&p);
        let mut d =
            Declarator { pointers: Vec::new(), callconv: None, name: None, nested: None, suffixes: Vec::new(), span };
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::callconv => d.callconv = Some(part.as_str().to_string()),
                Rule::pointer => d.pointers.push(self.pointer(part)),
                Rule::direct_declarator => {
                    for dd in part.into_inner() {
                        match dd.as_rule() {
                            Rule::ident => d.name = Some(self.ident(dd)),
                            Rule::nested_declarator => {
                                d.nested = Some(Box::new(self.declarator(dd.into_inner().next().expect("inner"))));
                            }
                            Rule::array_suffix => {
                                let sspan = self.span(&dd);
                                let size = dd.into_inner().find(|e| e.as_rule() == Rule::expr).map(|e| self.expr(e));
                                d.suffixes.push(Suffix::Array(size, sspan));
                            }
                            Rule::param_list => d.suffixes.push(Suffix::Params(self.param_list(dd))),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        d
    }

    pub(super) fn param_list(&self, p: Pair<Rule>) -> ParamList {
        let span = self.span(&p);
        let mut list = ParamList { params: Vec::new(), varargs: false, span };
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::param => {
                    let pspan = self.span(&part);
                    let (attrs, rest) = self.split_attrs(part.into_inner());
                    let mut it = rest.into_iter();
                    let ty = self.type_ref(it.next().expect("parameter type"));
                    let declarator = self.declarator(it.next().expect("parameter declarator"));
                    list.params.push(Param { attrs, ty, declarator, span: pspan });
                }
                Rule::ellipsis => list.varargs = true,
                _ => {}
            }
        }
        // `(void)` declares no parameters.
        if let [only] = list.params.as_slice() {
            let is_void = matches!(&only.ty.spec, TypeSpec::Base(w) if w.len() == 1 && w[0] == "void");
            if is_void
                && only.declarator.pointers.is_empty()
                && only.declarator.ident().is_none()
                && only.attrs.is_empty()
            {
                list.params.clear();
            }
        }
        list
    }
}
