//! Preprocessed text to [`ast::File`]: the pest grammar, then a walk over its pairs.

use std::borrow::Cow;
use std::cell::Cell;

use pest::Parser as _;
use pest::iterators::Pair;

use super::ast::*;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/midl.pest"]
struct MidlParser;

/// A syntax error at a byte range of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub label: Option<String>,
}

/// Brackets nested deeper than this are refused before parsing: real IDL stays below 10, and the
/// bound keeps the recursive-descent parser far from the end of its stack on hostile input.
const MAX_NESTING: usize = 64;
/// After this many syntax errors in one file the parser stops looking for more.
const MAX_ERRORS: usize = 20;
/// Bounds the work pest may do on one file: plenty for real IDL, and finite on any input.
const CALL_LIMIT: usize = 200_000_000;

/// Stack for the parser thread. pest's generated descent is deep (a parameter attribute's argument
/// sits some 40 rules down) and its frames are large in debug builds; the caller's thread may have
/// as little as 2 MiB. The memory is reserved, and only touched as far as the parse goes.
const PARSER_STACK: usize = 256 << 20;

/// Parses one preprocessed file. Every syntax error found is returned; the tree holds what could
/// be read (top-level items after an error are still parsed).
pub fn parse(text: &str) -> (File, Vec<SyntaxError>) {
    if ON_PARSER_STACK.get() {
        return parse_here(text);
    }
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("midl-parser".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_here(text));
        match parser {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: parse on this one, which is still bounded by MAX_NESTING.
            Err(_) => parse_here(text),
        }
    })
}

thread_local! {
    /// Set on the thread `with_parser_stack` starts: `parse` then runs where it is called.
    static ON_PARSER_STACK: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on a thread with the parser's stack, so that every `parse` within (one per file of an
/// import closure) runs there instead of starting a thread of its own: a thread per file, with its
/// fresh stack pages, was a tenth of a one-file check.
pub fn with_parser_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if ON_PARSER_STACK.get() {
        return f();
    }
    let mut f = Some(f);
    let joined = std::thread::scope(|scope| {
        let f = &mut f;
        let worker = std::thread::Builder::new().name("midl-parser".into()).stack_size(PARSER_STACK).spawn_scoped(
            scope,
            move || {
                ON_PARSER_STACK.set(true);
                f.take().map(|f| f())
            },
        );
        worker.ok().map(|handle| handle.join())
    });
    match joined {
        Some(Ok(result)) => result.expect("the worker ran `f`"),
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // No thread to be had: run here; each `parse` then tries for a thread of its own.
        None => f.take().expect("`f` did not run")(),
    }
}

fn parse_here(text: &str) -> (File, Vec<SyntaxError>) {
    let mut errors = check_brackets(text);
    if !errors.is_empty() {
        return (File::default(), errors);
    }
    let text = &*blank_continuations(text);
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let mut file = File::default();
    let mut offset = 0;
    loop {
        let rest = &text[offset..];
        let rule = if offset == 0 { Rule::file } else { Rule::resume };
        match MidlParser::parse(rule, rest) {
            Ok(mut pairs) => {
                let top = pairs.next().expect("the file rule always yields one pair");
                let items = top.into_inner().find(|p| p.as_rule() == Rule::items);
                if let Some(items) = items {
                    file.items.extend(build_items(items, offset));
                }
                break;
            }
            Err(err) => {
                let at = offset + error_pos(&err);
                let punctuation = expected_punctuation(rule, rest);
                errors.push(syntax_error(text, at, &err, &punctuation));
                // Keep what parsed before the error, then resume after the item that failed.
                file.items.extend(parse_prefix(text, offset, at));
                match next_item_boundary(text, at) {
                    Some(next) if next < text.len() && errors.len() < MAX_ERRORS => offset = next,
                    _ => break,
                }
            }
        }
    }
    (file, errors)
}

/// The items that parse cleanly in `text[offset..end]`, read greedily from the front.
fn parse_prefix(text: &str, offset: usize, end: usize) -> Vec<Item> {
    let mut cut = end;
    // Shrink to the last top-level boundary before the error and parse that much.
    while cut > offset {
        match last_item_boundary(text, offset, cut) {
            Some(b) if b > offset => {
                if let Ok(mut pairs) = MidlParser::parse(Rule::resume, &text[offset..b]) {
                    let top = pairs.next().expect("the resume rule always yields one pair");
                    if let Some(items) = top.into_inner().find(|p| p.as_rule() == Rule::items) {
                        return build_items(items, offset);
                    }
                    return Vec::new();
                }
                cut = b - 1;
            }
            _ => break,
        }
    }
    Vec::new()
}

fn error_pos(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// The punctuation pest tried at the error: it names rules, not literal tokens, unless asked for
/// detail, which slows every parse; so only a failed parse is run again with detail on.
fn expected_punctuation(rule: Rule, input: &str) -> Vec<String> {
    pest::set_error_detail(true);
    let detailed = MidlParser::parse(rule, input);
    pest::set_error_detail(false);
    let Err(err) = detailed else { return Vec::new() };
    let Some(attempts) = err.parse_attempts() else { return Vec::new() };
    attempts.expected_tokens().iter().map(|t| t.to_string()).filter(|t| STRUCTURAL.contains(&t.as_str())).collect()
}

fn syntax_error(text: &str, at: usize, err: &pest::error::Error<Rule>, punctuation: &[String]) -> SyntaxError {
    let found = token_at(text, at);
    let span = at..at + found.len().max(1).min(text.len().saturating_sub(at));
    let found_desc = if found.is_empty() { "end of file".to_string() } else { format!("`{}`", found.escape_debug()) };
    let message = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<String> = positives.iter().filter_map(|r| describe(*r)).map(String::from).collect();
            expected.extend(punctuation.iter().map(|t| format!("`{t}`")));
            expected.sort_unstable();
            expected.dedup();
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            if expected.is_empty() {
                format!("unexpected {found_desc}")
            } else {
                format!("expected {}, found {found_desc}", join_or(&expected))
            }
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let message = if message.contains("call limit") {
        "input too complex to parse (the parser's work limit was reached)".to_string()
    } else {
        message
    };
    SyntaxError { span, message, label: None }
}

/// Punctuation worth naming in "expected ..." messages; operators would only make them long.
const STRUCTURAL: &[&str] = &[";", ",", "(", ")", "[", "]", "{", "}", ":", "=", "<", ">"];

fn join_or(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The human name of what a rule stands for; `None` for rules that are never worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::ident | Rule::qname | Rule::attr_name | Rule::type_name => "identifier",
        Rule::string | Rule::strings => "string literal",
        Rule::number => "number",
        Rule::uuid_lit => "uuid",
        Rule::attributes => "`[`",
        Rule::expr | Rule::ternary | Rule::unary => "expression",
        Rule::type_ref | Rule::type_decl | Rule::base_type | Rule::int_word | Rule::other_word => "type",
        Rule::declarator | Rule::direct_declarator | Rule::pointer => "declarator",
        Rule::param => "parameter",
        Rule::k_interface => "`interface`",
        Rule::k_typedef => "`typedef`",
        Rule::k_const => "`const`",
        Rule::k_import => "`import`",
        Rule::k_cpp_quote => "`cpp_quote`",
        Rule::k_case => "`case`",
        Rule::k_default => "`default`",
        Rule::k_properties => "`properties:`",
        Rule::k_methods => "`methods:`",
        Rule::k_struct | Rule::k_union | Rule::k_enum | Rule::struct_type | Rule::union_type | Rule::enum_type => {
            "type"
        }
        Rule::enumerator => "enumerator",
        Rule::field_decl => "field",
        Rule::attribute => "attribute",
        Rule::attr_arg | Rule::attr_args => "attribute argument",
        // pest names the whole file when nothing at an item boundary could start a declaration.
        Rule::file | Rule::resume | Rule::items => "declaration",
        Rule::decl | Rule::import | Rule::importlib | Rule::cpp_quote | Rule::namespace_def => "declaration",
        Rule::empty_item => "`;`",
        Rule::method | Rule::member_decl => "method",
        Rule::class_member => "`interface`",
        _ => return None,
    })
}

/// The token starting at `at`, for "found `...`" in messages.
fn token_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let mut chars = rest.char_indices();
    match chars.next() {
        None => "",
        Some((_, c)) if c.is_ascii_alphanumeric() || c == '_' => {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        }
        Some((_, c)) => &rest[..c.len_utf8()],
    }
}

/// Skips string and char literals and comments; calls `f` with each other byte and its offset.
/// Returns early when `f` returns `false`.
fn scan_code(text: &str, from: usize, mut f: impl FnMut(usize, u8) -> bool) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map(|e| i + 2 + e + 2).unwrap_or(bytes.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map(|e| i + e).unwrap_or(bytes.len());
                continue;
            }
            _ => {
                if !f(i, b) {
                    return;
                }
            }
        }
        i += 1;
    }
}

/// `text` with the backslash of each line continuation (a backslash, blanks, a line end) outside
/// literals made a space: the grammar's white space is then a single character, which is cheaper
/// to try at every token boundary. The length is kept, so spans stay valid.
fn blank_continuations(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let continues = |i: usize| {
        let rest = &bytes[i + 1..];
        let blanks = rest.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        rest[blanks..].starts_with(b"\n") || rest[blanks..].starts_with(b"\r\n")
    };
    // The preprocessor already blanks a backslash right before a line end, so most texts have no
    // candidate at all and skip the scan that tells literals apart.
    if !text.match_indices('\\').any(|(i, _)| continues(i)) {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    scan_code(text, 0, |i, b| {
        if b == b'\\' && continues(i) {
            out[i] = b' ';
        }
        true
    });
    // Only ASCII bytes were replaced by another.
    Cow::Owned(String::from_utf8(out).expect("still UTF-8"))
}

/// Unbalanced or too deeply nested brackets, found before parsing so that the error names the
/// bracket that has no partner instead of wherever the grammar gave up.
fn check_brackets(text: &str) -> Vec<SyntaxError> {
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut error = None;
    scan_code(text, 0, |i, b| {
        match b {
            b'(' | b'[' | b'{' => {
                if stack.len() >= MAX_NESTING {
                    error = Some(SyntaxError {
                        span: i..i + 1,
                        message: format!("brackets nested more than {MAX_NESTING} deep"),
                        label: None,
                    });
                    return false;
                }
                stack.push((b, i));
            }
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((o, _)) if o == open => {}
                    Some((o, _)) => {
                        error = Some(SyntaxError {
                            span: i..i + 1,
                            message: format!("unmatched `{}`", b as char),
                            label: Some(format!(
                                "the innermost open bracket is a `{}`, closed by `{}`",
                                o as char,
                                closer(o)
                            )),
                        });
                        return false;
                    }
                    None => {
                        error = Some(SyntaxError {
                            span: i..i + 1,
                            message: format!("unmatched `{}`", b as char),
                            label: Some("no opening bracket before this".into()),
                        });
                        return false;
                    }
                }
            }
            _ => {}
        }
        true
    });
    if let Some(e) = error {
        return vec![e];
    }
    match stack.last() {
        Some(&(o, at)) => vec![SyntaxError {
            span: at..at + 1,
            message: format!("unclosed `{}`", o as char),
            label: Some(format!("no matching `{}` before the end of the file", closer(o))),
        }],
        None => Vec::new(),
    }
}

fn closer(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}

/// The offset just after the top-level `;` or `}` that ends the item containing `at`.
fn next_item_boundary(text: &str, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    // Depth at `at`: count from the start.
    scan_code(text, 0, |i, b| {
        if i >= at {
            return false;
        }
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        true
    });
    let mut found = None;
    let mut d = depth;
    scan_code(text, at, |i, b| {
        match b {
            b'{' => d += 1,
            b'}' => {
                d = d.saturating_sub(1);
                if d == 0 {
                    // `};` ends with the semicolon when there is one.
                    let after = text[i + 1..].trim_start();
                    let skip = text.len() - after.len();
                    found = Some(if after.starts_with(';') { skip + 1 } else { i + 1 });
                    return false;
                }
            }
            b';' if d == 0 => {
                found = Some(i + 1);
                return false;
            }
            _ => {}
        }
        true
    });
    found
}

/// The offset after the last top-level `;` or `}` in `text[from..before]`.
fn last_item_boundary(text: &str, from: usize, before: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut last = None;
    scan_code(&text[..before], from, |i, b| {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    last = Some(i + 1);
                }
            }
            b';' if depth == 0 => last = Some(i + 1),
            _ => {}
        }
        true
    });
    last
}

// -----------------------------------------------------------------------------------------------
// Pairs to tree. The grammar guarantees each pair's shape; `expect`s below state that shape.

struct Ctx {
    base: usize,
}

impl Ctx {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        self.base + s.start()..self.base + s.end()
    }

    fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident { name: p.as_str().to_string(), span: self.span(&p) }
    }

    fn qname(&self, p: Pair<Rule>) -> QName {
        let span = self.span(&p);
        let parts = p.into_inner().map(|i| i.as_str().to_string()).collect();
        QName { parts, span }
    }
}

fn build_items(items: Pair<Rule>, base: usize) -> Vec<Item> {
    let cx = Ctx { base };
    cx.items(items)
}

impl Ctx {
    fn items(&self, p: Pair<Rule>) -> Vec<Item> {
        p.into_inner().filter_map(|i| self.item(i)).collect()
    }

    fn item(&self, p: Pair<Rule>) -> Option<Item> {
        Some(match p.as_rule() {
            Rule::import => Item::Import(self.strings_of(p)),
            Rule::importlib => Item::ImportLib(self.strings_of(p).remove(0)),
            Rule::cpp_quote => Item::CppQuote(self.strings_of(p).remove(0)),
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

    fn string(&self, p: Pair<Rule>) -> StringLit {
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
    fn split_attrs<'i>(&self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> (Vec<Attribute>, Vec<Pair<'i, Rule>>) {
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
            Rule::function_decl | Rule::method => {
                let mut it = inner.into_iter().skip_while(|p| p.as_rule() == Rule::storage);
                let ty = self.type_ref(it.next().expect("declaration type"));
                let declarators = it.map(|d| self.declarator(d)).collect();
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

    // -- types

    fn type_ref(&self, p: Pair<Rule>) -> TypeRef {
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
    fn tagged_type_ref(&self, p: Pair<Rule>) -> TypeRef {
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
                let mut st = StructType { tag: None, fields: None };
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
                let mut u = UnionType { tag: None, switch: None, arms: None };
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

    fn type_name(&self, p: Pair<Rule>) -> TypeName {
        let span = self.span(&p);
        let mut it = p.into_inner();
        let name = self.qname(it.next().expect("type name"));
        let args = it.next().map(|g| g.into_inner().map(|t| self.type_decl(t)).collect()).unwrap_or_default();
        TypeName { name, args, span }
    }

    fn type_decl(&self, p: Pair<Rule>) -> TypeDecl {
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

    fn declarator(&self, p: Pair<Rule>) -> Declarator {
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

    fn param_list(&self, p: Pair<Rule>) -> ParamList {
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

    // -- expressions

    fn expr(&self, p: Pair<Rule>) -> Expr {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expr => self.expr(p.into_inner().next().expect("expression")),
            Rule::ternary => {
                let mut it = p.into_inner();
                let cond = self.expr(it.next().expect("condition"));
                match (it.next(), it.next()) {
                    (Some(a), Some(b)) => Expr {
                        kind: ExprKind::Ternary(Box::new(cond), Box::new(self.expr(a)), Box::new(self.expr(b))),
                        span,
                    },
                    _ => cond,
                }
            }
            Rule::binary => {
                let mut it = p.into_inner();
                let first = self.expr(it.next().expect("operand"));
                let mut rest = Vec::new();
                while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                    rest.push((binary_op(op.as_str()), self.expr(rhs)));
                }
                climb(first, &mut rest.into_iter().peekable(), 0)
            }
            Rule::unary => {
                let mut it = p.into_inner();
                let first = it.next().expect("unary operand");
                match it.next() {
                    Some(operand) => {
                        let op = unary_op(first.as_str());
                        Expr { kind: ExprKind::Unary(op, Box::new(self.expr(operand))), span }
                    }
                    None => self.expr(first),
                }
            }
            Rule::cast => {
                let mut it = p.into_inner();
                let ty = self.type_decl(it.next().expect("cast type"));
                let operand = self.expr(it.next().expect("cast operand"));
                Expr { kind: ExprKind::Cast(Box::new(ty), Box::new(operand)), span }
            }
            Rule::postfix => {
                let mut it = p.into_inner();
                let mut e = self.expr(it.next().expect("primary"));
                for suffix in it {
                    let sspan = e.span.start..self.span(&suffix).end;
                    let kind = match suffix.as_rule() {
                        Rule::member_access => {
                            ExprKind::Member(Box::new(e), self.ident(suffix.into_inner().next().expect("member")))
                        }
                        Rule::ptr_access => {
                            ExprKind::PtrMember(Box::new(e), self.ident(suffix.into_inner().next().expect("member")))
                        }
                        _ => ExprKind::Index(
                            Box::new(e),
                            Box::new(self.expr(suffix.into_inner().next().expect("index"))),
                        ),
                    };
                    e = Expr { kind, span: sspan };
                }
                e
            }
            Rule::paren => self.expr(p.into_inner().next().expect("parenthesized")),
            Rule::number => Expr { kind: number(p.as_str()), span },
            Rule::strings => {
                let mut value = String::new();
                let mut wide = false;
                for s in p.into_inner() {
                    let s = self.string(s);
                    wide |= s.wide;
                    value.push_str(&s.value);
                }
                Expr { kind: ExprKind::Str { value, wide }, span }
            }
            Rule::char_lit => {
                let inner = p.into_inner().find(|i| i.as_rule() == Rule::char_inner).map(|i| unescape(i.as_str()));
                let c = inner.and_then(|s| s.chars().next()).map(|c| c as i64).unwrap_or(0);
                Expr { kind: ExprKind::Char(c), span }
            }
            Rule::sizeof_expr => {
                let ty = self.type_decl(p.into_inner().nth(1).expect("sizeof type"));
                Expr { kind: ExprKind::Sizeof(Box::new(ty)), span }
            }
            Rule::ident => Expr { kind: ExprKind::Ident(p.as_str().to_string()), span },
            other => unreachable!("not an expression: {other:?}"),
        }
    }
}

/// Applies C precedence to `lhs` followed by `(operator, operand)` pairs, taking only operators
/// binding tighter than `min` (all binary operators are left-associative).
fn climb(mut lhs: Expr, rest: &mut std::iter::Peekable<std::vec::IntoIter<(BinaryOp, Expr)>>, min: u8) -> Expr {
    while let Some(&(op, _)) = rest.peek() {
        let prec = precedence(op);
        if prec <= min {
            break;
        }
        let (_, mut rhs) = rest.next().expect("peeked");
        while rest.peek().is_some_and(|&(next, _)| precedence(next) > prec) {
            rhs = climb(rhs, rest, prec);
        }
        let span = lhs.span.start..rhs.span.end;
        lhs = Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span };
    }
    lhs
}

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::BitOr => 3,
        BinaryOp::Xor => 4,
        BinaryOp::BitAnd => 5,
        BinaryOp::Eq | BinaryOp::Ne => 6,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => 7,
        BinaryOp::Shl | BinaryOp::Shr => 8,
        BinaryOp::Add | BinaryOp::Sub => 9,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 10,
    }
}

fn binary_op(op: &str) -> BinaryOp {
    match op {
        "||" => BinaryOp::Or,
        "&&" => BinaryOp::And,
        "|" => BinaryOp::BitOr,
        "^" => BinaryOp::Xor,
        "&" => BinaryOp::BitAnd,
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        ">" => BinaryOp::Gt,
        "<=" => BinaryOp::Le,
        ">=" => BinaryOp::Ge,
        "<<" => BinaryOp::Shl,
        ">>" => BinaryOp::Shr,
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "%" => BinaryOp::Rem,
        other => unreachable!("not a binary operator: {other:?}"),
    }
}

fn unary_op(op: &str) -> UnaryOp {
    match op {
        "!" => UnaryOp::Not,
        "~" => UnaryOp::Compl,
        "-" => UnaryOp::Neg,
        "+" => UnaryOp::Plus,
        "*" => UnaryOp::Deref,
        "&" => UnaryOp::Addr,
        other => unreachable!("not a unary operator: {other:?}"),
    }
}

/// An integer or floating literal as C reads it; integers wrap at 64 bits.
fn number(text: &str) -> ExprKind {
    let t = text.trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return ExprKind::Int(
            hex.chars().fold(0u64, |v, c| v.wrapping_mul(16).wrapping_add(c.to_digit(16).unwrap_or(0) as u64)),
        );
    }
    if t.contains('.') || t.ends_with(['f', 'F']) {
        return ExprKind::Float(t.trim_end_matches(['f', 'F']).parse().unwrap_or(0.0));
    }
    let (radix, digits) = if t.len() > 1 && t.starts_with('0') { (8, &t[1..]) } else { (10, t) };
    ExprKind::Int(
        digits
            .chars()
            .fold(0u64, |v, c| v.wrapping_mul(radix).wrapping_add(c.to_digit(radix as u32).unwrap_or(0) as u64)),
    )
}

/// C escape sequences in string and char literals.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('x') => {
                let mut v = 0u32;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.saturating_mul(16).saturating_add(d);
                    chars.next();
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
