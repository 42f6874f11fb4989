//! The resolved model: every name bound to its definition, every interface with its base chain and
//! vtable slots, every constant evaluated. This is what the generators and `cpidl dump` read.

mod eval;
pub(crate) mod resolve;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::source::FileId;

pub use eval::Value;
pub(crate) use resolve::resolve;

/// Index of a definition in [`Model::defs`].
pub type DefId = usize;

#[derive(Debug, Default)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Model {
    /// Every definition of the root files and of everything they import, in declaration order.
    pub defs: Vec<Def>,
}

impl Model {
    /// The definition of a fully qualified name (`IUnknown`, `Windows.Foundation.IClosable`).
    pub fn find(&self, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.name == name && !d.is_forward())
    }

    /// Definitions written in the root files (not in imports).
    pub fn own_defs(&self) -> impl Iterator<Item = &Def> {
        self.defs.iter().filter(|d| !d.imported)
    }

    /// The interface named `name` (defined, not forward-declared).
    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.defs.iter().find_map(|d| match &d.kind {
            DefKind::Interface(i) if d.name == name => Some(i),
            _ => None,
        })
    }

    /// The base interfaces of `id`, nearest first (stopping at a cycle, which the resolver reports).
    pub fn bases(&self, id: DefId) -> Vec<DefId> {
        let mut chain = vec![id];
        while let Some(&last) = chain.last() {
            match &self.defs[last].kind {
                DefKind::Interface(Interface { base: Some(b), .. }) if !chain.contains(b) => chain.push(*b),
                _ => break,
            }
        }
        chain.remove(0);
        chain
    }

    /// Every vtable slot of an interface, bases first: `(slot, declaring interface, method)`.
    pub fn vtable(&self, id: DefId) -> Vec<(usize, DefId, &Method)> {
        let mut chain = self.bases(id);
        chain.insert(0, id);
        let mut slots = Vec::new();
        for &c in chain.iter().rev() {
            if let DefKind::Interface(i) = &self.defs[c].kind {
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    slots.push((slots.len(), c, m));
                }
            }
        }
        slots
    }
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Def {
    /// Fully qualified name; for an untagged struct, the typedef name that introduced it.
    pub name: String,
    pub kind: DefKind,
    /// Declared in an imported file rather than in a root file.
    pub imported: bool,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub file: FileId,
    /// Byte range of the name in `file`.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub span: std::ops::Range<usize>,
    /// Where it is declared: `file:line:col`.
    pub location: String,
    pub attributes: Vec<Attribute>,
}

impl Def {
    pub fn is_forward(&self) -> bool {
        matches!(self.kind, DefKind::Forward(_))
    }

    pub fn uuid(&self) -> Option<&str> {
        self.attributes.iter().find(|a| a.name == "uuid").and_then(|a| a.args.first()).map(String::as_str)
    }

    pub fn has_attr(&self, name: &str) -> bool {
        self.attributes.iter().any(|a| a.name == name)
    }
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DefKind {
    Typedef(Type),
    Struct(Vec<Field>),
    Union(Union),
    Enum(Vec<Enumerator>),
    Interface(Interface),
    Dispinterface(Dispinterface),
    Coclass(Vec<ClassMember>),
    RuntimeClass(Vec<ClassMember>),
    Const(Const),
    Module(Vec<Function>),
    Library(Vec<String>),
    ApiContract,
    /// A declaration without a body (`interface IFoo;`, `struct tag;`); `DefKind` name of what.
    Forward(&'static str),
    /// A function or variable declared at file level.
    Function(Function),
    /// Declared, not defined yet: only while the resolver runs, never in a finished [`Model`] (so
    /// `cpidl dump` fails rather than print one).
    #[cfg_attr(feature = "serde", serde(skip))]
    Pending,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Attribute {
    pub name: String,
    /// Each argument as written (a uuid normalized to lower case without braces or quotes).
    pub args: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Type {
    Void,
    Base(Base),
    /// A named type: typedef, struct, union, enum or interface.
    Named {
        name: String,
        def: DefId,
    },
    Pointer {
        to: Box<Type>,
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "std::ops::Not::not"))]
        const_target: bool,
    },
    Array {
        of: Box<Type>,
        len: Option<u64>,
    },
    SafeArray(Box<Type>),
    Function {
        ret: Box<Type>,
        params: Vec<Param>,
    },
    /// A WinRT generic instance, `IVector<HSTRING>`.
    Generic {
        name: String,
        def: DefId,
        args: Vec<Type>,
    },
    /// A generic parameter inside a generic interface or delegate.
    Param(String),
}

/// The keyword types and the ABI facts that matter about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Base {
    Int {
        bits: u8,
        signed: bool,
    },
    /// `__int3264`: pointer-sized.
    IntPtr {
        signed: bool,
    },
    Float,
    Double,
    /// `char`: 8-bit, signedness left to C.
    Char,
    /// MIDL's `wchar_t` is 16-bit.
    WChar,
    /// `boolean`: an unsigned byte.
    Boolean,
    Byte,
    Handle,
    ErrorStatus,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Field {
    pub name: Option<String>,
    pub ty: Type,
    pub bits: Option<u64>,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Union {
    /// `switch (type name)` of an encapsulated union.
    pub discriminant: Option<(Type, String)>,
    pub arms: Vec<UnionArm>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct UnionArm {
    /// Case values; an empty list with `default` true is the default arm.
    pub cases: Vec<i64>,
    pub default: bool,
    pub field: Option<Field>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Enumerator {
    pub name: String,
    pub value: i64,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Interface {
    pub base: Option<DefId>,
    pub base_name: Option<String>,
    /// WinRT `requires` interfaces.
    pub requires: Vec<String>,
    pub generic_params: Vec<String>,
    /// A WinRT delegate: an interface with one `Invoke` method.
    pub delegate: bool,
    pub methods: Vec<Method>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Method {
    /// The name as written in the IDL.
    pub name: String,
    /// The name of the vtable entry in C: `get_Name` for a `[propget]` (likewise `put_`, `putref_`,
    /// `add_`, `remove_`), and `IFoo2_Name` where a base interface already has a `Name`.
    pub abi_name: String,
    /// Slot in the full vtable (IUnknown's three slots included); `None` for `[call_as]` wire methods.
    pub slot: Option<usize>,
    pub ret: Type,
    pub params: Vec<Param>,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Param {
    pub name: Option<String>,
    pub direction: Direction,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "std::ops::Not::not"))]
    pub retval: bool,
    pub ty: Type,
    /// `size_is` per pointer level, as written (`None` for an empty level).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub size_is: Vec<Option<String>>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub length_is: Vec<Option<String>>,
    /// `unique`, `ref` or `ptr` on the top-level pointer.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub pointer: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub iid_is: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "std::ops::Not::not"))]
    pub string: bool,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub other_attributes: Vec<Attribute>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Direction {
    In,
    Out,
    InOut,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Dispinterface {
    pub interface: Option<String>,
    pub properties: Vec<Field>,
    pub methods: Vec<Method>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ClassMember {
    pub name: String,
    pub dispinterface: bool,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Const {
    pub ty: Type,
    pub value: Value,
}

#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Function {
    pub name: String,
    pub ty: Type,
    pub attributes: Vec<Attribute>,
}
