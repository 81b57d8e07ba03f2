//! Breaking by-value type cycles with `Indirect` (the runtime's pointer that rustc's
//! auto-trait and drop-check recursion does not look through), and bounding
//! sizes with `Box`: each field's [`Held`].
//!
//! Generated structs hold nullable fields as `Option<T>` by value, so a type
//! that reaches itself through non-list fields (`User.manager: User`) would be
//! infinitely large. Lists are already indirect. This pass finds the strongly
//! connected components of the "holds by value" graph (object and input
//! fields, plus interface and union variants) and boxes every field whose
//! source and target lie in the same component. Every cycle contains at least
//! one field edge (variants only lead from an interface or union to an
//! object), so boxing fields alone breaks every cycle.
//!
//! What is left is acyclic but can still be deep: `Thing70.parent: Thing69`,
//! …, `Thing1.parent: Thing0` nests 70 structs inside each other, which makes
//! `Thing70` huge and overflows rustc's recursion limit when it checks auto
//! traits. [`bound_nesting`] puts behind `Indirect`, sinks first, every field
//! whose target would nest more than [`MAX_DEPTH`] levels. A field that is
//! not too deep but would make its holder hold more than [`MAX_NESTED`]
//! objects in place only needs to be smaller: it goes in a plain `Box`, which
//! rustc's recursion looks through, so its depth still counts. `Indirect` is
//! the costlier of the two to compile (every type behind one has its decoder
//! instantiated where the generated module registers it), so it is only used
//! where recursion has to stop.

use crate::hash::FxHashMap;

use crate::model::*;

pub(crate) fn mark_held(ir: &mut Ir) {
    let index: FxHashMap<&str, usize> = ir.types.iter().enumerate().map(|(i, t)| (t.name.wire.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = ir
        .types
        .iter()
        .map(|t| {
            let targets: Vec<&str> = match &t.kind {
                TypeKind::Object(o) => by_value(o.fields.iter().map(|f| &f.ty)),
                TypeKind::Interface(i) => i.implementors.iter().map(|v| v.name.wire.as_str()).collect(),
                TypeKind::Union(u) => u.members.iter().map(|v| v.name.wire.as_str()).collect(),
                TypeKind::InputObject(i) => by_value(i.fields.iter().map(|f| &f.ty)),
                TypeKind::Scalar(_) | TypeKind::Enum(_) => Vec::new(),
            };
            targets.into_iter().filter_map(|t| index.get(t).copied()).collect()
        })
        .collect();
    let component = tarjan(&edges);
    let same = |from: usize, ty: &TypeRef| {
        !ty.is_list() && index.get(ty.named().wire.as_str()).is_some_and(|&to| component[to] == component[from])
    };
    let decisions: Vec<Vec<bool>> = ir
        .types
        .iter()
        .enumerate()
        .map(|(ti, t)| match &t.kind {
            TypeKind::Object(o) => o.fields.iter().map(|f| same(ti, &f.ty)).collect(),
            TypeKind::InputObject(i) => i.fields.iter().map(|f| same(ti, &f.ty)).collect(),
            _ => Vec::new(),
        })
        .collect();
    drop(index);
    for (ti, decisions) in decisions.into_iter().enumerate() {
        match &mut ir.types[ti].kind {
            TypeKind::Object(o) => o.fields.iter_mut().zip(decisions).for_each(|(f, b)| f.held = held(b)),
            TypeKind::InputObject(i) => i.fields.iter_mut().zip(decisions).for_each(|(f, b)| f.held = held(b)),
            _ => {}
        }
    }
    bound_nesting(ir, &edges, &component);
}

fn held(on_cycle: bool) -> Held {
    if on_cycle { Held::Indirect } else { Held::Value }
}

/// The deepest by-value nesting a generated type may have.
pub(crate) const MAX_DEPTH: u32 = 12;
/// The most structs and enums a generated type may hold by value (nested ones included).
pub(crate) const MAX_NESTED: u32 = 64;

/// Puts fields behind `Indirect` so that no type nests deeper than
/// [`MAX_DEPTH`] (a `Box` counts: rustc looks through it), and in a `Box` so
/// that none holds more than [`MAX_NESTED`] objects in place. Runs after cycle breaking, on the
/// acyclic rest of the by-value graph (`edges` are its edges before, `component`
/// the strongly connected components [`tarjan`] found in them).
fn bound_nesting(ir: &mut Ir, edges: &[Vec<usize>], component: &[usize]) {
    let n = ir.types.len();
    let index: FxHashMap<String, usize> = ir.types.iter().enumerate().map(|(i, t)| (t.name.wire.clone(), i)).collect();
    // Tarjan numbers components sinks first, so every type comes after the
    // components it holds. Inside a component every field edge is behind `Indirect` by now;
    // only variant edges (interface or union to object) are left, so objects
    // and inputs go before the abstract types of their component.
    let is_abstract = |t: usize| matches!(ir.types[t].kind, TypeKind::Interface(_) | TypeKind::Union(_));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&t| (component[t], is_abstract(t)));
    let leaf: Vec<bool> = ir.types.iter().map(|t| matches!(t.kind, TypeKind::Scalar(_) | TypeKind::Enum(_))).collect();
    // Sinks come first in `order`; each type's measure is known before its holders'.
    // A type's depth counts itself; `nested` counts the structs and enums it holds by value.
    let mut depth = vec![1u32; n];
    let mut nested = vec![0u32; n];
    for t in order {
        if leaf[t] {
            continue;
        }
        let measure = |ty: &TypeRef| -> Option<(u32, u32)> {
            let &u = index.get(ty.named().wire.as_str())?;
            (!ty.is_list() && !leaf[u]).then(|| (depth[u], nested[u]))
        };
        let (mut d, mut k) = (1u32, 0u32);
        let mut hold = |fields: &mut dyn Iterator<Item = (&TypeRef, &mut Held)>| {
            for (ty, held) in fields.filter(|(_, held)| **held == Held::Value) {
                // Fields are taken in declaration order; the first that would overflow is moved out.
                match measure(ty) {
                    Some(m) if m.0 >= MAX_DEPTH => *held = Held::Indirect,
                    Some(m) if k.saturating_add(m.1 + 1) > MAX_NESTED => {
                        *held = Held::Boxed;
                        d = d.max(m.0 + 1);
                    }
                    Some(m) => {
                        d = d.max(m.0 + 1);
                        k = k.saturating_add(m.1 + 1);
                    }
                    None => {}
                }
            }
        };
        match &mut ir.types[t].kind {
            TypeKind::Object(o) => hold(&mut o.fields.iter_mut().map(|f| (&f.ty, &mut f.held))),
            TypeKind::InputObject(i) => hold(&mut i.fields.iter_mut().map(|f| (&f.ty, &mut f.held))),
            // Variants cannot be boxed; an enum is as large as its largest variant, which is bounded.
            _ => {
                for &u in &edges[t] {
                    d = d.max(depth[u] + 1);
                    k = k.max(nested[u] + 1);
                }
            }
        }
        depth[t] = d;
        nested[t] = k;
    }
}

fn by_value<'a>(types: impl Iterator<Item = &'a TypeRef>) -> Vec<&'a str> {
    types.filter(|t| !t.is_list()).map(|t| t.named().wire.as_str()).collect()
}

/// Iterative Tarjan: the component id of every node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = next_component;
                        if w == v {
                            break;
                        }
                    }
                    next_component += 1;
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone
        let c = tarjan(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
