//! Lowering decisions checked one by one on small schemas.

use admin_codegen_ir::*;
use admin_codegen_parser::{SourceInput, parse_schema};

fn lower_sdl(sdl: &str, options: &Options) -> Result<Lowered, Vec<Diagnostic>> {
    let parsed = parse_schema(&[SourceInput::new("t.graphql", sdl)]).expect("valid SDL");
    lower(&parsed, options)
}

fn ir(sdl: &str) -> Ir {
    lower_sdl(sdl, &Options::default()).unwrap().ir
}

fn field<'a>(ir: &'a Ir, ty: &str, name: &str) -> &'a Field {
    let fields = match &ir.get(ty).unwrap().kind {
        TypeKind::Object(o) => &o.fields,
        TypeKind::Interface(i) => &i.fields,
        other => panic!("{ty} is {other:?}"),
    };
    fields.iter().find(|f| f.name.wire == name).unwrap()
}

const PAGES: &str = "type T { id: ID }\n\
    type TList { items: [T]! total_count: Int! }\n\
    type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }\n\
    type TEdge { node: T cursor: String! }\n\
    type TConnection { pageInfo: PageInfo! edges: [TEdge]! count: Int }\n";

#[test]
fn offset_lists_are_recognised_by_shape() {
    let ir = ir(&format!(
        "{PAGES} type Query {{ t_list(limit: Int!, offset: Int!, filter: String): TList \
         nullable_args(limit: Int, offset: Int): TList \
         no_offset(limit: Int!): TList \
         plain(limit: Int!, offset: Int!): [T] }}"
    ));
    assert_eq!(
        field(&ir, "Query", "t_list").pagination,
        Some(Pagination::Offset(OffsetPage {
            list_type: "TList".into(),
            item_type: "T".into(),
            filter: true,
            order: false
        }))
    );
    assert!(matches!(field(&ir, "Query", "nullable_args").pagination, Some(Pagination::Offset(_))));
    assert_eq!(field(&ir, "Query", "no_offset").pagination, None);
    assert_eq!(field(&ir, "Query", "plain").pagination, None);
}

#[test]
fn relay_connections_are_recognised_by_shape() {
    let ir = ir(&format!(
        "{PAGES} type Query {{ forward(first: Int, after: String): TConnection \
         both(first: Int, after: String, last: Int, before: String, offset: Int): TConnection \
         half(first: Int): TConnection }}"
    ));
    let Some(Pagination::Relay(forward)) = &field(&ir, "Query", "forward").pagination else { panic!() };
    assert_eq!((forward.node_type.as_str(), forward.edge_type.as_str()), ("T", "TEdge"));
    assert!(forward.forward && !forward.backward && forward.count && !forward.offset);
    let Some(Pagination::Relay(both)) = &field(&ir, "Query", "both").pagination else { panic!() };
    assert!(both.forward && both.backward && both.offset);
    assert_eq!(field(&ir, "Query", "half").pagination, None, "first without after is not a cursor page");
}

#[test]
fn payloads_need_boolean_ok_and_string_msg() {
    let ir =
        ir("type Query { a: Int } type Good { ok: Boolean msg: String x: Int } type Bad { ok: String msg: String }");
    let payload = |t| match &ir.get(t).unwrap().kind {
        TypeKind::Object(o) => o.payload.clone(),
        _ => None,
    };
    assert_eq!(payload("Good").map(|p| p.ok.wire), Some("ok".into()));
    assert_eq!(payload("Bad"), None);
}

#[test]
fn long_and_wide_by_value_chains_are_boxed_where_they_get_too_deep() {
    // T0 <- T1 <- ... <- T29 by value (`parent`), no cycle: depth is bounded at 12.
    let mut sdl = String::from("type Query { t: T29 w: W }\ntype T0 { id: ID }\n");
    for i in 1..30 {
        sdl.push_str(&format!("type T{i} {{ id: ID parent: T{} list: [T{}] }}\n", i - 1, i - 1));
    }
    // W holds 5 fields of types that each hold 15 objects: 80 by value, over 64.
    sdl.push_str("type Leaf { a: T0 b: T0 c: T0 } type Mid { a: Leaf b: Leaf c: Leaf d: Leaf e: Leaf }");
    sdl.push_str(" type W { m1: Mid m2: Mid m3: Mid m4: Mid m5: Mid }\n");
    let ir = ir(&sdl);
    let held = |t: &str, f: &str| field(&ir, t, f).held;
    let indirect: Vec<usize> = (1..30).filter(|i| held(&format!("T{i}"), "parent") == Held::Indirect).collect();
    // T1..T11 nest up to 12 deep; T12's parent (T11, depth 12) is behind `Indirect`, which resets the count.
    assert_eq!(indirect, [12, 24], "chain fields behind Indirect");
    assert!((1..30).all(|i| held(&format!("T{i}"), "parent") != Held::Boxed), "nothing is boxed for size");
    assert!((1..30).all(|i| held(&format!("T{i}"), "list") == Held::Value), "lists are indirect already");
    // Mid holds 5 × (Leaf + 3 × T0) = 20 objects; W's first three Mid fields fit (63), the
    // fourth would not: a `Box` bounds the size, and nothing is deep enough for `Indirect`.
    let w: Vec<Held> = (1..=5).map(|i| held("W", &format!("m{i}"))).collect();
    assert_eq!(w, [Held::Value, Held::Value, Held::Value, Held::Boxed, Held::Boxed]);
    assert_eq!(held("Query", "t"), Held::Value, "T29 is shallow again after the Indirects");
}

#[test]
fn only_fields_on_a_by_value_cycle_are_boxed() {
    let ir = ir(
        "type Query { u: U } type U { self_ref: U, list: [U], other: V, leaf: W } type V { back: U } type W { n: Int }",
    );
    let held = |t: &str, f: &str| field(&ir, t, f).held;
    assert_eq!(held("U", "self_ref"), Held::Indirect);
    assert_eq!(held("U", "list"), Held::Value);
    assert_eq!((held("U", "other"), held("V", "back")), (Held::Indirect, Held::Indirect));
    assert_eq!(held("U", "leaf"), Held::Value);
    assert_eq!(held("Query", "u"), Held::Value);
}

#[test]
fn strict_mode_turns_unmapped_scalars_into_errors() {
    let sdl = "scalar URI type Query { u: URI }";
    let lowered = lower_sdl(sdl, &Options::default()).unwrap();
    assert_eq!(lowered.warnings.len(), 1);
    let TypeKind::Scalar(s) = &lowered.ir.get("URI").unwrap().kind else { panic!() };
    assert_eq!((s.rust_type.as_str(), s.source), ("__rt::Json", ScalarSource::Fallback));

    let strict =
        Options { scalars: scalars::ScalarOptions { strict: true, ..Default::default() }, ..Default::default() };
    let errors = lower_sdl(sdl, &strict).unwrap_err();
    assert!(errors[0].message.contains("`URI` has no Rust type mapping"));
}

#[test]
fn roots_keep_their_schema_names_and_references_their_rust_types() {
    let ir = ir("schema { query: Queries } type Queries { id: UUID, when: DateTime, n: [Int!]! }");
    assert_eq!(ir.roots.query.as_deref(), Some("Queries"));
    assert_eq!(field(&ir, "Queries", "id").ty.named().rust, "Uuid");
    assert_eq!(field(&ir, "Queries", "n").ty.to_graphql(), "[Int!]!");
    assert_eq!(field(&ir, "Queries", "n").ty.named().rust, "i32");
}

#[test]
fn lints_only_when_asked() {
    let sdl = "type Query { userName: String, thing_list: [String] }";
    assert!(lower_sdl(sdl, &Options::default()).unwrap().lints.is_empty());
    let lints = lower_sdl(sdl, &Options { lints: true, ..Default::default() }).unwrap().lints;
    let messages: Vec<_> = lints.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
}

/// Operations are lowered in parallel, each naming its types on its own, and
/// an operation whose names an earlier one took is lowered again after it:
/// the names are those of lowering them one after the other, whatever the
/// number of operations (here enough for several threads) and wherever the
/// collisions fall.
#[test]
fn operations_are_named_as_if_lowered_in_order() {
    let sdl = "type Query { b_c: T c: T }\ntype T { id: ID }\n";
    let parsed = parse_schema(&[SourceInput::new("t.graphql", sdl)]).expect("valid SDL");
    let ir = lower(&parsed, &Options::default()).unwrap().ir;
    // `A` names its `b_c` shape `ABC`; `A_b` (`AB`) then wants `ABC` for its `c`.
    let mut text = String::from("query A { b_c { id } }\nquery A_b { c { id } }\n");
    for i in 0..100 {
        text.push_str(&format!("query Q{i} {{ c {{ id }} }}\n"));
    }
    text.push_str("query Q0_c { c { id } }\n");
    let docs = admin_codegen_parser::parse_documents(&parsed, &[SourceInput::new("ops.graphql", text)]).unwrap();
    let ops = lower_operations(&parsed, &ir, &docs, false).unwrap();
    let shape = |op: &str, i: usize| {
        let op = ops.operations.iter().find(|o| o.name.wire == op).unwrap();
        op.shapes[i].rust.clone()
    };
    assert_eq!(shape("A", 1), "ABC");
    assert_eq!(shape("A_b", 1), "ABC2");
    assert_eq!(shape("Q0", 1), "Q0C");
    // The operation `Q0_c` (`Q0C`) comes after `Q0`'s shape `Q0C`, far enough to be lowered on another thread.
    let q0c = ops.operations.iter().find(|o| o.name.wire == "Q0_c").unwrap();
    assert_eq!(q0c.name.rust, "Q0C2");
    assert_eq!(q0c.variables_type, "Q0C2Variables");
    assert_eq!(shape("Q99", 1), "Q99C");
}
