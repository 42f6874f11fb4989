//! Reading MIDL: the preprocessor, the grammar and the syntax tree.

pub mod ast;
pub mod parse;
pub mod preprocess;
