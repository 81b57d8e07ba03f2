//! Breaking by-value type cycles with `Box`.
//!
//! Generated structs hold nullable fields as `Option<T>` by value, so a type
//! that reaches itself through non-list fields (`User.manager: User`) would be
//! infinitely large. Lists are already indirect. This pass finds the strongly
//! connected components of the "holds by value" graph (object and input
//! fields, plus interface and union variants) and boxes every field whose
//! source and target lie in the same component. Every cycle contains at least
//! one field edge (variants only lead from an interface or union to an
//! object), so boxing fields alone breaks every cycle.

use crate::hash::FxHashMap;

use crate::model::*;

pub(crate) fn mark_boxed(ir: &mut Ir) {
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
            TypeKind::Object(o) => o.fields.iter_mut().zip(decisions).for_each(|(f, b)| f.boxed = b),
            TypeKind::InputObject(i) => i.fields.iter_mut().zip(decisions).for_each(|(f, b)| f.boxed = b),
            _ => {}
        }
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
