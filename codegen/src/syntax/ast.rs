//! The syntax tree of one MIDL file, as written (names unresolved, expressions unevaluated).
//!
//! Spans are byte ranges of the preprocessed text; [`crate::source::OriginMap`] maps them back.

use std::ops::Range;

pub type Span = Range<usize>;

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A possibly namespace-qualified name: `IUnknown`, `Windows.Foundation.IClosable`.
#[derive(Clone, Debug, PartialEq)]
pub struct QName {
    pub parts: Vec<String>,
    pub span: Span,
}

impl QName {
    pub fn dotted(&self) -> String {
        self.parts.join(".")
    }

    pub fn last(&self) -> &str {
        self.parts.last().map(String::as_str).unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Import(Vec<StringLit>),
    ImportLib(StringLit),
    CppQuote(StringLit),
    /// `declare_guid(NAME, guid)`: the GUID as a uuid attribute's argument.
    DeclareGuid {
        name: Ident,
        guid: AttrArg,
    },
    MidlPragma(Span),
    Namespace {
        name: QName,
        items: Vec<Item>,
    },
    /// `declare { interface Foo<Bar>; }`: generic instances WinRT asks the compiler to emit.
    Declare(Vec<TypeName>),
    Decl(Box<Decl>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    pub value: String,
    pub wide: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    pub args: Vec<AttrArg>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AttrArg {
    /// A bare `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    Uuid(String, Span),
    Expr(Expr),
    Type(TypeDecl),
    /// Nothing between two commas, as in `size_is(, *pcount)`.
    Empty(Span),
}

impl AttrArg {
    pub fn span(&self) -> &Span {
        match self {
            AttrArg::Uuid(_, span) | AttrArg::Empty(span) => span,
            AttrArg::Expr(e) => &e.span,
            AttrArg::Type(t) => &t.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub attrs: Vec<Attribute>,
    pub kind: DeclKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `typedef [attrs] type declarators;`; the attributes after `typedef` join `Decl::attrs`.
    Typedef {
        ty: TypeRef,
        declarators: Vec<Declarator>,
    },
    Const {
        ty: TypeRef,
        declarator: Declarator,
        value: Expr,
    },
    Interface(Interface),
    InterfaceFwd {
        name: QName,
        generic_params: Vec<Ident>,
    },
    Dispinterface(Dispinterface),
    DispinterfaceFwd(QName),
    Coclass {
        name: QName,
        members: Vec<ClassMember>,
        runtime: bool,
    },
    CoclassFwd {
        name: QName,
        runtime: bool,
    },
    Library {
        name: Ident,
        items: Vec<Item>,
    },
    Module {
        name: Ident,
        members: Vec<Decl>,
    },
    ApiContract(QName),
    Delegate {
        ret: TypeRef,
        name: Ident,
        generic_params: Vec<Ident>,
        params: ParamList,
    },
    /// `struct X { ... };`, `enum E { ... };` declared without typedef.
    Tagged(TypeRef),
    /// A function or variable declaration (in modules and RPC interfaces, and at file scope with C
    /// initializers).
    Function {
        ty: TypeRef,
        declarators: Vec<InitDeclarator>,
    },
}

/// A declarator with its C initializer, if any: `x = 3`, `g = {0x1, 2, 3, {0, 1, 2, 3, 4, 5, 6, 7}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct InitDeclarator {
    pub declarator: Declarator,
    pub init: Option<Initializer>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Initializer {
    Expr(Expr),
    /// A braced list, `{ ... }`.
    List(Vec<Initializer>, Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Interface {
    pub name: QName,
    pub generic_params: Vec<Ident>,
    pub base: Option<TypeName>,
    pub requires: Vec<TypeName>,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    Method(Method),
    /// A typedef, const or tagged type declared inside an interface body.
    Decl(Decl),
    CppQuote(StringLit),
    Import(Vec<StringLit>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    pub attrs: Vec<Attribute>,
    pub ret: TypeRef,
    pub declarator: Declarator,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dispinterface {
    pub name: QName,
    /// `dispinterface D { interface I; }`
    pub interface: Option<TypeName>,
    pub properties: Vec<Method>,
    pub methods: Vec<Method>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassMember {
    pub attrs: Vec<Attribute>,
    pub dispinterface: bool,
    pub ty: TypeName,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Types

#[derive(Clone, Debug, PartialEq)]
pub struct TypeRef {
    pub is_const: bool,
    pub spec: TypeSpec,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeSpec {
    /// Keyword types, as the list of words written: `unsigned long`, `__int64`, `void`.
    Base(Vec<String>),
    Struct(StructType),
    Union(UnionType),
    Enum(EnumType),
    SafeArray(Box<TypeDecl>),
    Named(TypeName),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeName {
    pub name: QName,
    pub args: Vec<TypeDecl>,
    pub span: Span,
}

/// A type with abstract pointers: `IInspectable *`, `unsigned long`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    pub ty: TypeRef,
    pub pointers: Vec<Pointer>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StructType {
    pub tag: Option<QName>,
    /// `None` for a reference (`struct tagFOO`), `Some` for a definition.
    pub fields: Option<Vec<Field>>,
    /// From `struct` on: where the `#pragma pack` in force is looked up.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionType {
    pub tag: Option<QName>,
    /// `union switch (type name) arm_name`: an encapsulated union.
    pub switch: Option<Box<UnionSwitch>>,
    pub arms: Option<Vec<UnionArm>>,
    /// From `union` on, as [`StructType::span`].
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionSwitch {
    pub ty: TypeRef,
    pub discriminant: Ident,
    pub arm_name: Option<Ident>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionArm {
    /// `case X:` labels of an encapsulated union; `None` stands for `default:`.
    pub cases: Vec<Option<Expr>>,
    pub field: Field,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumType {
    pub tag: Option<QName>,
    pub values: Option<Vec<Enumerator>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enumerator {
    pub attrs: Vec<Attribute>,
    pub name: Ident,
    pub value: Option<Expr>,
}

/// A struct or union member. `ty` is `None` for an empty union arm (`[default] ;`).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub attrs: Vec<Attribute>,
    pub ty: Option<TypeRef>,
    pub declarators: Vec<FieldDeclarator>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDeclarator {
    pub declarator: Declarator,
    pub bits: Option<Expr>,
}

// ---------------------------------------------------------------------------------------------
// Declarators

#[derive(Clone, Debug, PartialEq)]
pub struct Pointer {
    pub is_const: bool,
}

/// A C declarator: `*name`, `name[4]`, `(__stdcall *pfn)(int)`, or nothing (abstract).
#[derive(Clone, Debug, PartialEq)]
pub struct Declarator {
    pub pointers: Vec<Pointer>,
    pub callconv: Option<String>,
    pub name: Option<Ident>,
    pub nested: Option<Box<Declarator>>,
    /// Array and parameter-list suffixes, left to right as written.
    pub suffixes: Vec<Suffix>,
    pub span: Span,
}

impl Declarator {
    /// The declared name, looking through parentheses.
    pub fn ident(&self) -> Option<&Ident> {
        self.name.as_ref().or_else(|| self.nested.as_ref().and_then(|d| d.ident()))
    }

    /// The parameter list that makes this declarator a function (`name(params)`), if any.
    pub fn function_params(&self) -> Option<&ParamList> {
        if self.nested.is_some() || !self.pointers.is_empty() && self.suffixes.is_empty() {
            return None;
        }
        match self.suffixes.first() {
            Some(Suffix::Params(p)) => Some(p),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Suffix {
    /// `[]`, `[*]` (None) or `[N]`.
    Array(Option<Expr>, Span),
    Params(ParamList),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamList {
    pub params: Vec<Param>,
    pub varargs: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub attrs: Vec<Attribute>,
    pub ty: TypeRef,
    pub declarator: Declarator,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Int(u64),
    Float(f64),
    Str { value: String, wide: bool },
    Char(i64),
    Ident(String),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    Cast(Box<TypeDecl>, Box<Expr>),
    Sizeof(Box<TypeDecl>),
    Member(Box<Expr>, Ident),
    PtrMember(Box<Expr>, Ident),
    Index(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Compl,
    Neg,
    Plus,
    Deref,
    Addr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    BitOr,
    Xor,
    BitAnd,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}
