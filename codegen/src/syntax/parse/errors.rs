//! Syntax error messages: what pest expected, named for people, and what was found instead.

use pest::Parser as _;

use super::{MidlParser, Rule, located};
use crate::diag::Diagnostic;
use crate::syntax::preprocess::Preprocessed;

pub(super) fn error_pos(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// The punctuation pest tried at the error: it names rules, not literal tokens, unless asked for
/// detail, which slows every parse; so only a failed parse is run again with detail on.
pub(super) fn expected_punctuation(rule: Rule, input: &str) -> Vec<String> {
    pest::set_error_detail(true);
    let detailed = MidlParser::parse(rule, input);
    pest::set_error_detail(false);
    let Err(err) = detailed else { return Vec::new() };
    let Some(attempts) = err.parse_attempts() else { return Vec::new() };
    attempts.expected_tokens().iter().map(|t| t.to_string()).filter(|t| STRUCTURAL.contains(&t.as_str())).collect()
}

/// What pest reports at `at` of `text` (the preprocessed text, continuations blanked), as a diagnostic.
pub(super) fn syntax_error(
    pre: &Preprocessed,
    text: &str,
    at: usize,
    err: &pest::error::Error<Rule>,
    punctuation: &[String],
) -> Diagnostic {
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
    located(pre, span, message, None)
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
        Rule::k_declare_guid => "`declare_guid`",
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
        Rule::decl | Rule::import | Rule::importlib | Rule::cpp_quote | Rule::declare_guid | Rule::namespace_def => {
            "declaration"
        }
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
