//! Attributes: the names MIDL knows, the arguments each takes, and their normalized form in the
//! model.

use super::{Resolver, Scope};
use crate::model::Attribute;
use crate::model::eval::Value;
use crate::syntax::ast;

/// Where an attribute is written, for the attributes allowed in some places only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum AttrSite {
    Decl,
    /// A typedef of a pointer or array, where sizes mean what they mean on a field.
    PointerTypedef,
    Method,
    Param,
    Field,
}

const UNKNOWN_ATTR_HINT: &str = "see the MIDL attribute list; misspelled attributes are errors, as in widl";

impl<'a> Resolver<'a> {
    pub(super) fn attributes(&mut self, scope: &Scope, attrs: &'a [ast::Attribute], site: AttrSite) -> Vec<Attribute> {
        let mut out = Vec::new();
        for a in attrs {
            let name = a.name.name.as_str();
            if KNOWN_ATTRIBUTES.binary_search(&name).is_err() {
                let d = self.error_at(scope.unit, &a.name.span, format!("unknown attribute `{name}`"));
                self.diags.push(d.with_note(UNKNOWN_ATTR_HINT));
                continue;
            }
            let mut args = Vec::new();
            for arg in &a.args {
                args.push(match arg {
                    ast::AttrArg::Uuid(u, _) => u.to_ascii_lowercase(),
                    ast::AttrArg::Expr(e) => {
                        self.unit(scope.unit).source.text.get(e.span.clone()).unwrap_or("").trim().to_string()
                    }
                    ast::AttrArg::Type(t) => {
                        self.unit(scope.unit).source.text.get(t.span.clone()).unwrap_or("").trim().to_string()
                    }
                    ast::AttrArg::Empty(_) => String::new(),
                });
            }
            if let Some(problem) = self.check_attribute(scope, a, site) {
                self.error(scope.unit, &a.span, problem);
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
    fn check_attribute(&mut self, scope: &Scope, a: &'a ast::Attribute, site: AttrSite) -> Option<String> {
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
                match self.eval_in(scope, e) {
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
                    return Some(format!(
                        "`{name}` belongs on a parameter, a field or a typedef of a pointer, not here"
                    ));
                }
                None
            }
            _ => None,
        }
    }
}

pub(super) fn normalize_uuid(args: &[ast::AttrArg]) -> String {
    match args {
        [ast::AttrArg::Uuid(u, _)] => u.to_ascii_lowercase(),
        [ast::AttrArg::Expr(ast::Expr { kind: ast::ExprKind::Str { value, .. }, .. })] => {
            value.trim_matches(|c| c == '{' || c == '}').to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

pub(super) fn valid_uuid(u: &str) -> bool {
    let groups: Vec<&str> = u.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Every attribute name MIDL and widl accept in the classic and WinRT dialects, sorted (it is
/// searched by bisection for every attribute of every file).
pub(super) const KNOWN_ATTRIBUTES: &[&str] = &[
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
