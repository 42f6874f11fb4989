//! Reading MIDL: the preprocessor, the grammar and the syntax tree.

pub mod ast;
mod lex;
pub mod parse;
pub mod preprocess;
