//! Vtable slots: each interface's methods numbered after its base chain's, and the C names of
//! methods that reuse a base method's name.

use std::collections::{HashMap, HashSet};

use super::Resolver;
use crate::diag::Diagnostic;
use crate::model::{Def, DefId, DefKind};

impl Resolver<'_> {
    pub(super) fn assign_slots(&mut self) {
        let mut first_slot: HashMap<DefId, Option<usize>> = HashMap::new();
        for id in 0..self.model.defs.len() {
            self.slot_base(DefId(id), &mut first_slot, &mut Vec::new());
        }
        for (&id, &base) in &first_slot {
            let Some(mut next) = base else { continue };
            if let DefKind::Interface(i) = &mut self.model[id].kind {
                for m in i.methods.iter_mut().filter(|m| m.slot.is_some()) {
                    m.slot = Some(next);
                    next += 1;
                }
            }
        }
        self.disambiguate_abi_names(&first_slot);
    }

    /// A method that reuses the name of a base interface's method needs another name in a vtable
    /// struct: `IFoo2_Name`, as widl writes it in C headers.
    fn disambiguate_abi_names(&mut self, slotted: &HashMap<DefId, Option<usize>>) {
        let raw: HashMap<DefId, Vec<String>> = slotted
            .iter()
            .filter(|(_, base)| base.is_some())
            .filter_map(|(&id, _)| match &self.model[id].kind {
                DefKind::Interface(i) => Some((id, i.methods.iter().map(|m| m.abi_name.clone()).collect())),
                _ => None,
            })
            .collect();
        for (&id, _) in raw.iter() {
            let inherited = self.model.bases(id);
            let taken: HashSet<&str> =
                inherited.iter().filter_map(|b| raw.get(b)).flatten().map(String::as_str).collect();
            let short = self.model[id].name.rsplit('.').next().unwrap_or("").to_string();
            let renamed: Vec<bool> = raw[&id].iter().map(|n| taken.contains(n.as_str())).collect();
            if let DefKind::Interface(i) = &mut self.model[id].kind {
                for (m, clash) in i.methods.iter_mut().zip(renamed) {
                    if clash && m.slot.is_some() {
                        m.abi_name = format!("{short}_{}", m.abi_name);
                    }
                }
            }
        }
    }

    /// The first slot of interface `id`'s own methods; `None` when its chain is broken.
    fn slot_base(
        &mut self,
        id: DefId,
        memo: &mut HashMap<DefId, Option<usize>>,
        stack: &mut Vec<DefId>,
    ) -> Option<usize> {
        if let Some(&v) = memo.get(&id) {
            return v;
        }
        let DefKind::Interface(i) = &self.model[id].kind else { return None };
        let (base, name) = (i.base, self.model[id].name.clone());
        if stack.contains(&id) {
            let d = &self.model[id];
            self.diags.push(Diagnostic::new(
                d.file,
                d.span.clone(),
                format!("interface `{name}` inherits from itself"),
            ));
            memo.insert(id, None);
            return None;
        }
        stack.push(id);
        let result = match base {
            None => Some(0),
            Some(b) => {
                let bb = self.slot_base(b, memo, stack);
                bb.map(|s| s + own_slots(&self.model[b]))
            }
        };
        stack.pop();
        memo.insert(id, result);
        result
    }
}

fn own_slots(d: &Def) -> usize {
    match &d.kind {
        DefKind::Interface(i) => i.methods.iter().filter(|m| m.slot.is_some()).count(),
        _ => 0,
    }
}
