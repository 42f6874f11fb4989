//! What definitions are made of: attributes, types, fields, enumerators, interfaces with their
//! methods and parameters, class members, constants and functions.

#[cfg(feature = "serde")]
use serde::Serialize;

use super::{DefId, Value};

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

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Struct {
    /// In declaration order.
    pub fields: Vec<Field>,
    /// The `#pragma pack` value in force where the struct is defined; `None` for the target's
    /// default (8 under `/env win64`), which packs nothing below its natural alignment.
    pub pack: Option<u8>,
    /// The pack widl's C header has for it: widl leaves the IDL's own `#pragma pack` lines out
    /// of its header (MIDL passes them on) and keeps cpp_quote's pack changes, so this differs
    /// from `pack` where the IDL packs a struct itself.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub widl_header_pack: Option<u8>,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Union {
    /// `switch (type name)` of an encapsulated union.
    pub discriminant: Option<(Type, String)>,
    /// `switch (type name) arms_name` of an encapsulated union: the name of the member C
    /// declares for the union of its arms (`tagged_union` where the IDL names none).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub arms_name: Option<String>,
    pub arms: Vec<UnionArm>,
    /// As [`Struct::pack`].
    pub pack: Option<u8>,
    /// As [`Struct::widl_header_pack`].
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub widl_header_pack: Option<u8>,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct UnionArm {
    /// Case values; an empty list with `default` true is the default arm.
    pub cases: Vec<i64>,
    pub default: bool,
    pub field: Option<Field>,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Enumerator {
    pub name: String,
    pub value: i64,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Interface {
    pub base: Option<DefId>,
    pub base_name: Option<String>,
    /// WinRT `requires` interfaces.
    pub requires: Vec<String>,
    pub generic_params: Vec<String>,
    /// A WinRT delegate: an interface with one `Invoke` method.
    pub delegate: bool,
    /// An instantiation of a generic interface or delegate (`rust::generic`), named as widl's C
    /// names it without the leading `__`.
    pub instance: bool,
    pub methods: Vec<Method>,
    /// The pack in force where it is declared, as [`Struct::pack`]: C packs its vtable (a struct
    /// of pointers, whose offsets and size no pack changes) to that alignment.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub pack: Option<u8>,
}

#[derive(Clone, Debug)]
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

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Dispinterface {
    pub interface: Option<String>,
    pub properties: Vec<Field>,
    pub methods: Vec<Method>,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ClassMember {
    /// The interface's name; for an instantiation (`[default] interface IVectorView<T *>`), the
    /// generic's, and `args` holds its arguments (empty otherwise).
    pub name: String,
    pub args: Vec<Type>,
    pub dispinterface: bool,
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Const {
    pub ty: Type,
    pub value: Value,
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Function {
    pub name: String,
    pub ty: Type,
    pub attributes: Vec<Attribute>,
}
