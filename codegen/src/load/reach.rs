//! What a check reads of its imports: each imported file cut into its top-level items, and the
//! items a root reaches through the names it mentions, parsed the first time any root does.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Loader, Unit, UnitId};
use crate::diag::Diagnostics;
use crate::syntax::preprocess::Preprocessed;
use crate::syntax::{ast, parse};

/// A unit's syntax.
pub(super) enum Items {
    /// Parsed at once: a file checked itself, or one that could not be split.
    Whole(ast::File),
    /// An import, cut into its top-level items, each parsed when a root first reaches it.
    Split { split: parse::Split, parsed: Vec<Option<Parsed>>, index: Index },
}

impl Items {
    /// The items parsed so far, as lists.
    pub(super) fn parsed(&self) -> impl Iterator<Item = &[ast::Item]> {
        let (whole, pieces) = match self {
            Items::Whole(file) => (Some(file.items.as_slice()), None),
            Items::Split { parsed, .. } => (None, Some(parsed.iter().flatten().map(|p| p.items.as_slice()))),
        };
        whole.into_iter().chain(pieces.into_iter().flatten())
    }
}

pub(super) struct Parsed {
    items: Vec<ast::Item>,
    /// Its syntax errors, reported to the roots that reach it.
    diagnostics: Diagnostics,
}

/// What a check reads of one unit of its closure.
pub struct Reached {
    pub unit: UnitId,
    /// The pieces reached, in order; `None` for a unit read whole.
    pub(super) pieces: Option<Vec<usize>>,
}

impl Reached {
    /// The unit's items the check reads, in source order, as lists.
    pub fn item_lists<'u>(&self, units: &'u [Unit]) -> Vec<&'u [ast::Item]> {
        match (&units[self.unit.0].items, &self.pieces) {
            (Items::Whole(file), _) => vec![&file.items],
            (Items::Split { parsed, .. }, Some(pieces)) => {
                pieces.iter().filter_map(|&i| parsed[i].as_ref()).map(|p| p.items.as_slice()).collect()
            }
            (Items::Split { .. }, None) => Vec::new(),
        }
    }

    /// The syntax errors of the pieces reached (a whole unit's are in its `diagnostics`).
    fn diagnostics<'u>(&self, units: &'u [Unit]) -> impl Iterator<Item = &'u Diagnostics> {
        let parsed = match &units[self.unit.0].items {
            Items::Split { parsed, .. } => Some(parsed),
            Items::Whole(_) => None,
        };
        let pieces = self.pieces.clone().unwrap_or_default();
        pieces.into_iter().filter_map(move |i| parsed?[i].as_ref()).map(|p| &p.diagnostics)
    }
}

/// A root file with what its check reads: its closure, imports first, ending with the root.
pub struct Root {
    pub unit: UnitId,
    pub reached: Vec<Reached>,
}

impl Root {
    /// Every problem found in what the check reads.
    pub fn diagnostics(&self, units: &[Unit]) -> Diagnostics {
        let mut out = Diagnostics::default();
        for r in &self.reached {
            out.extend(units[r.unit.0].diagnostics.iter().cloned());
            for d in r.diagnostics(units) {
                out.extend(d.iter().cloned());
            }
        }
        out
    }
}

/// Names the resolver looks up without the text naming them.
const IMPLIED_NAMES: &[&str] = &["IUnknown", "IDispatch"];

/// Which pieces of a split unit may declare a name.
#[derive(Default)]
pub(super) struct Index {
    exact: HashMap<Box<str>, Vec<usize>>,
    /// Interfaces by their name in ASCII lower case: a type name that differs only in case from
    /// an interface's resolves to it when no name matches exactly.
    interfaces: HashMap<Box<str>, Vec<usize>>,
}

impl Index {
    fn add(map: &mut HashMap<Box<str>, Vec<usize>>, name: &str, piece: usize) {
        let pieces = map.entry(name.into()).or_default();
        if pieces.last() != Some(&piece) {
            pieces.push(piece);
        }
    }
}

/// The names met so far, and those still to look up.
#[derive(Default)]
struct Mentioned {
    seen: HashSet<Box<str>>,
    work: Vec<Box<str>>,
}

impl Mentioned {
    fn add(&mut self, name: &str) {
        if !self.seen.contains(name) {
            self.seen.insert(name.into());
            self.work.push(name.into());
        }
    }

    fn add_all(&mut self, text: &str, ranges: &[Range<usize>]) {
        for r in ranges {
            self.add(&text[r.clone()]);
        }
    }
}

impl Loader {
    /// What a check of `root` (read whole) reads of its closure: of each import, the pieces that
    /// could declare a name the root mentions, and again for the names those mention, until no new
    /// name comes up. A name only ever finds more pieces, so the check reads everything that could
    /// bear on it; pieces are parsed once, the first time any root reaches them.
    pub(super) fn reach(&mut self, root: UnitId) -> Vec<Reached> {
        let closure = self.closure(root);
        // Per unit of the closure, which of its pieces are reached (`None`: read whole).
        let mut marks: Vec<Option<Vec<bool>>> = closure
            .iter()
            .map(|&u| match &self.units[u.0].items {
                Items::Whole(_) => None,
                Items::Split { split, .. } => Some(split.pieces.iter().map(|p| p.eager).collect()),
            })
            .collect();
        let mut names = Mentioned::default();
        for name in IMPLIED_NAMES {
            names.add(name);
        }
        for (&u, marks) in closure.iter().zip(&marks) {
            let unit = &self.units[u.0];
            let text = &unit.source.text;
            match (&unit.items, marks) {
                (Items::Split { split, .. }, Some(marks)) => {
                    for (piece, _) in split.pieces.iter().zip(marks).filter(|(_, m)| **m) {
                        names.add_all(text, &piece.mentions);
                    }
                }
                _ => parse::mentions(text).for_each(|r| names.add(&text[r])),
            }
        }
        while let Some(name) = names.work.pop() {
            let mut found = false;
            for (&u, marks) in closure.iter().zip(&mut marks) {
                let (Items::Split { index, .. }, Some(marks)) = (&self.units[u.0].items, marks) else { continue };
                let Some(pieces) = index.exact.get(&name).cloned() else { continue };
                found = true;
                for i in pieces {
                    self.reach_piece(u, i, marks, &mut names);
                }
            }
            if found {
                continue;
            }
            let folded = name.to_ascii_lowercase();
            for (&u, marks) in closure.iter().zip(&mut marks) {
                let (Items::Split { index, .. }, Some(marks)) = (&self.units[u.0].items, marks) else { continue };
                for i in index.interfaces.get(folded.as_str()).cloned().unwrap_or_default() {
                    self.reach_piece(u, i, marks, &mut names);
                }
            }
        }
        closure
            .into_iter()
            .zip(marks)
            .map(|(unit, marks)| Reached {
                unit,
                pieces: marks.map(|m| m.iter().enumerate().filter(|(_, r)| **r).map(|(i, _)| i).collect()),
            })
            .collect()
    }

    /// Marks piece `i` of split unit `u` reached, parsing it the first time, and adds what it mentions.
    fn reach_piece(&mut self, u: UnitId, i: usize, marks: &mut [bool], names: &mut Mentioned) {
        if std::mem::replace(&mut marks[i], true) {
            return;
        }
        let unit = &mut self.units[u.0];
        let Items::Split { split, parsed, .. } = &mut unit.items else { return };
        if parsed[i].is_none() {
            let mut diagnostics = Diagnostics::default();
            let items = split.parse(&unit.source, i, &mut diagnostics);
            parsed[i] = Some(Parsed { items, diagnostics });
        }
        names.add_all(&unit.source.text, &split.pieces[i].mentions);
    }

    /// What a check of `root` reads when it needs every definition of its imports (a Rust module
    /// per file): its whole closure, each unit read whole.
    pub(super) fn reach_all(&mut self, root: UnitId) -> Vec<Reached> {
        let closure = self.closure(root);
        for &u in &closure {
            self.read_whole(u);
        }
        closure.into_iter().map(|unit| Reached { unit, pieces: None }).collect()
    }

    /// Makes `u` a unit read whole (a root), parsing it again if it was split as an import.
    pub(super) fn read_whole(&mut self, u: UnitId) {
        let unit = &mut self.units[u.0];
        if let Items::Split { .. } = unit.items {
            let file = parse::parse(&unit.source, &mut unit.diagnostics);
            unit.items = Items::Whole(file);
        }
    }
}

/// `split`'s pieces with the eager ones parsed, and an index of what each may declare.
pub(super) fn split_items(source: &Preprocessed, split: parse::Split) -> Items {
    let mut index = Index::default();
    let mut parsed = Vec::with_capacity(split.pieces.len());
    for (i, piece) in split.pieces.iter().enumerate() {
        for d in &piece.declares {
            Index::add(&mut index.exact, &source.text[d.clone()], i);
        }
        if let (true, Some(name)) = (piece.interface, piece.declares.first()) {
            Index::add(&mut index.interfaces, &source.text[name.clone()].to_ascii_lowercase(), i);
        }
        parsed.push(piece.eager.then(|| {
            let mut diagnostics = Diagnostics::default();
            let items = split.parse(source, i, &mut diagnostics);
            Parsed { items, diagnostics }
        }));
    }
    Items::Split { split, parsed, index }
}
