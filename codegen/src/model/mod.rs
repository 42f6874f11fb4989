//! The resolved model: every name bound to its definition, every interface with its base chain and
//! vtable slots, every constant evaluated. This is what the generators and `cpidl dump` read.

mod eval;
mod parts;
pub(crate) mod resolve;
pub mod signature;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::source::FileId;

pub use eval::Value;
pub use parts::{
    Attribute, Base, ClassMember, Const, Direction, Dispinterface, Enumerator, Field, Function, Interface, Method,
    Param, Struct, Type, Union, UnionArm,
};
pub(crate) use resolve::resolve;

/// A definition of a [`Model`]: its place in [`Model::defs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct DefId(pub(crate) usize);

impl DefId {
    pub fn index(self) -> usize {
        self.0
    }
}

#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Model {
    /// Every definition of the root files and of everything they import, in declaration order.
    pub defs: Vec<Def>,
}

impl Model {
    /// Every definition with its id, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (DefId, &Def)> {
        self.defs.iter().enumerate().map(|(i, d)| (DefId(i), d))
    }

    /// The definition of a fully qualified name (`IUnknown`, `Windows.Foundation.IClosable`).
    pub fn find(&self, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.name == name && !d.is_forward())
    }

    /// The id of [`Model::find`]'s definition.
    pub fn find_id(&self, name: &str) -> Option<DefId> {
        self.iter().find(|(_, d)| d.name == name && !d.is_forward()).map(|(id, _)| id)
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
            match &self[last].kind {
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
            if let DefKind::Interface(i) = &self[c].kind {
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    slots.push((slots.len(), c, m));
                }
            }
        }
        slots
    }
}

impl std::ops::Index<DefId> for Model {
    type Output = Def;

    fn index(&self, id: DefId) -> &Def {
        &self.defs[id.0]
    }
}

impl std::ops::IndexMut<DefId> for Model {
    fn index_mut(&mut self, id: DefId) -> &mut Def {
        &mut self.defs[id.0]
    }
}

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Def {
    /// Fully qualified name; for an untagged struct, the typedef name that introduced it.
    pub name: String,
    pub kind: DefKind,
    /// Declared in an imported file rather than in a root file.
    pub imported: bool,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub file: FileId,
    /// The IDL file read (root or import) that declares it: `file`, or the file that `#include`s
    /// it. Each such file is one Rust module of a module tree.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub unit: FileId,
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

#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DefKind {
    Typedef(Type),
    Struct(Struct),
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
    /// An entry of a WinRT `declare { interface IVector<HSTRING>; }` block: an instantiation
    /// (a [`Type::Generic`]) to generate whether or not anything uses it, as widl does.
    Declare(Type),
    /// Declared, not defined yet: only while the resolver runs, never in a finished [`Model`] (so
    /// `cpidl dump` fails rather than print one).
    #[cfg_attr(feature = "serde", serde(skip))]
    Pending,
}
