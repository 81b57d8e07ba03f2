//! Recognising the two pagination shapes and mutation payloads from the SDL.

use crate::model::*;

/// Marks every field that pages (offset lists and Relay connections) and
/// every object type that is a mutation payload.
pub(crate) fn detect(ir: &mut Ir) {
    let mut marks = Vec::new();
    let mut payloads = Vec::new();
    for (ti, ty) in ir.types.iter().enumerate() {
        let fields = match &ty.kind {
            TypeKind::Object(o) => {
                if let Some(p) = payload(&o.fields) {
                    payloads.push((ti, p));
                }
                &o.fields
            }
            TypeKind::Interface(i) => &i.fields,
            _ => continue,
        };
        for (fi, field) in fields.iter().enumerate() {
            if let Some(p) = offset_page(ir, field).or_else(|| relay_page(ir, field)) {
                marks.push((ti, fi, p));
            }
        }
    }
    for (ti, fi, p) in marks {
        match &mut ir.types[ti].kind {
            TypeKind::Object(o) => o.fields[fi].pagination = Some(p),
            TypeKind::Interface(i) => i.fields[fi].pagination = Some(p),
            _ => {}
        }
    }
    for (ti, p) in payloads {
        if let TypeKind::Object(o) = &mut ir.types[ti].kind {
            o.payload = Some(p);
        }
    }
}

fn arg<'a>(field: &'a Field, name: &str) -> Option<&'a InputValue> {
    field.args.iter().find(|a| a.name.wire == name)
}

fn is_scalar(ty: &TypeRef, wire: &str) -> bool {
    !ty.is_list() && ty.named().wire == wire
}

fn object_fields<'a>(ir: &'a Ir, ty: &TypeRef) -> Option<&'a [Field]> {
    if ty.is_list() {
        return None;
    }
    match &ir.get(&ty.named().wire)?.kind {
        TypeKind::Object(o) => Some(&o.fields),
        TypeKind::Interface(i) => Some(&i.fields),
        _ => None,
    }
}

fn member<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name.wire == name)
}

/// `limit: Int` + `offset: Int`, returning `{ items: [T], total_count: Int }`.
fn offset_page(ir: &Ir, field: &Field) -> Option<Pagination> {
    let int_arg = |name| arg(field, name).is_some_and(|a| is_scalar(&a.ty, "Int"));
    if !(int_arg("limit") && int_arg("offset")) {
        return None;
    }
    let result = object_fields(ir, &field.ty)?;
    let items = member(result, "items").filter(|f| f.ty.is_list())?;
    member(result, "total_count").filter(|f| is_scalar(&f.ty, "Int"))?;
    Some(Pagination::Offset(OffsetPage {
        list_type: field.ty.named().wire.clone(),
        item_type: items.ty.named().wire.clone(),
        filter: arg(field, "filter").is_some(),
        order: arg(field, "order").is_some(),
    }))
}

/// `first/after` and/or `last/before`, returning `{ edges: [{ node, cursor }], pageInfo }`.
fn relay_page(ir: &Ir, field: &Field) -> Option<Pagination> {
    let forward = arg(field, "first").is_some() && arg(field, "after").is_some();
    let backward = arg(field, "last").is_some() && arg(field, "before").is_some();
    if !(forward || backward) {
        return None;
    }
    let connection = object_fields(ir, &field.ty)?;
    let edges = member(connection, "edges").filter(|f| f.ty.is_list())?;
    member(connection, "pageInfo").and_then(|p| object_fields(ir, &p.ty))?;
    let edge_fields = match &ir.get(&edges.ty.named().wire)?.kind {
        TypeKind::Object(o) => &o.fields,
        _ => return None,
    };
    let node = member(edge_fields, "node")?;
    member(edge_fields, "cursor")?;
    Some(Pagination::Relay(RelayPage {
        connection_type: field.ty.named().wire.clone(),
        edge_type: edges.ty.named().wire.clone(),
        node_type: node.ty.named().wire.clone(),
        count: member(connection, "count").is_some_and(|c| is_scalar(&c.ty, "Int")),
        forward,
        backward,
        offset: arg(field, "offset").is_some(),
    }))
}

/// `ok: Boolean` and `msg: String` mark a mutation payload.
fn payload(fields: &[Field]) -> Option<Payload> {
    let ok = member(fields, "ok").filter(|f| is_scalar(&f.ty, "Boolean"))?;
    let msg = member(fields, "msg").filter(|f| is_scalar(&f.ty, "String"))?;
    Some(Payload { ok: ok.name.clone(), msg: msg.name.clone() })
}

/// Gathers the pagination arguments of resolved paging fields into one
/// ready-made request type, when they have the types the runtime's request
/// types hold: `limit`/`offset` both `Int!` or both `Int`; Relay's
/// `first`/`last`/`offset` as `Int` and `after`/`before` as `String`, all nullable.
pub(crate) fn assign_page_args(ir: &mut Ir) {
    for ty in &mut ir.types {
        let TypeKind::Object(o) = &mut ty.kind else { continue };
        for f in &mut o.fields {
            let (Some(page), Some(resolver)) = (&f.pagination, &mut f.resolver) else { continue };
            if resolver.args_type.is_none() {
                continue;
            }
            let found = match page {
                Pagination::Offset(_) => offset_args(&f.args),
                Pagination::Relay(_) => relay_args(&f.args),
            };
            let Some((kind, args)) = found else { continue };
            let mut field = "page".to_owned();
            while f.args.iter().any(|a| !args.contains(&a.name.wire) && a.name.rust == field) {
                field.push('_');
            }
            resolver.page_args = Some(PageArgs { field, kind, args });
        }
    }
}

fn offset_args(args: &[InputValue]) -> Option<(PageArgsKind, Vec<String>)> {
    let find = |name: &str| args.iter().find(|a| a.name.wire == name && !a.ty.is_list() && a.ty.named().wire == "Int");
    let (limit, offset) = (find("limit")?, find("offset")?);
    let required = limit.ty.is_non_null();
    (offset.ty.is_non_null() == required)
        .then(|| (PageArgsKind::Offset { required }, vec!["limit".to_owned(), "offset".to_owned()]))
}

fn relay_args(args: &[InputValue]) -> Option<(PageArgsKind, Vec<String>)> {
    let mut held = Vec::new();
    for (name, scalar) in
        [("first", "Int"), ("after", "String"), ("last", "Int"), ("before", "String"), ("offset", "Int")]
    {
        let Some(a) = args.iter().find(|a| a.name.wire == name) else { continue };
        if a.ty.is_non_null() || a.ty.is_list() || a.ty.named().wire != scalar {
            return None;
        }
        held.push(name.to_owned());
    }
    Some((PageArgsKind::Relay, held))
}
