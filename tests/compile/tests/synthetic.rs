//! The medium synthetic schema (admin-codegen-synth, see build.rs): its
//! generated types, server and client, and the resolver scaffold, compiled
//! together (that this file builds is the first check); the server builds
//! and serves the SDL it was generated from; every client operation of two
//! units is accepted by the generated server and reaches the scaffold's
//! resolvers; a response decodes into the client's types.

use std::sync::Arc;

use admin_codegen_runtime::operation::Operation;
use compile_tests::synthetic::{client::*, resolvers::Api, server};
use serde_json::{Value, json};

#[test]
fn the_server_serves_the_synthetic_sdl() {
    let schema = server::schema(Arc::new(Api)).finish().expect("the synthetic schema builds");
    let input = apollo_compiler::Schema::parse_and_validate(compile_tests::SYNTHETIC_SDL, "synthetic.graphql").unwrap();
    let served = apollo_compiler::Schema::parse(schema.sdl(), "served.graphql").unwrap();
    let (missing, extra) =
        compile_tests::shape_diff(&compile_tests::expected_shape(&input), &compile_tests::sdl_shape(&served));
    assert!(missing.is_empty() && extra.is_empty(), "not served: {missing:#?}\nserved beyond the SDL: {extra:#?}");
}

/// Runs `O`'s document with `variables`: it must validate, and every
/// resolver it reaches answers the scaffold's NOT_IMPLEMENTED with a path.
fn run<O: Operation>(variables: Value) -> Vec<String> {
    let schema = server::schema(Arc::new(Api)).finish().unwrap();
    let request = async_graphql::Request::new(O::DOCUMENT)
        .variables(async_graphql::Variables::from_json(variables))
        .data(compile_tests::superadmin());
    let response = tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(schema.execute(request));
    assert!(!response.errors.is_empty(), "{}: the scaffold answers errors", O::NAME);
    let mut fields = Vec::new();
    for e in &response.errors {
        let code = e.extensions.as_ref().and_then(|x| x.get("code")).map(|c| c.to_string());
        assert_eq!(code.as_deref(), Some("\"NOT_IMPLEMENTED\""), "{}: {e:?}", O::NAME);
        fields.push(e.message.clone());
    }
    fields
}

#[test]
fn every_client_operation_reaches_the_generated_server() {
    let id = json!("00000000-0000-0000-0000-000000000001");
    for (unit, get, list, nodes, any, create) in [
        (
            0,
            run::<GetThing0>(json!({ "id": id })),
            run::<ListThing0>(json!({ "limit": 2, "offset": 0, "filter": { "nested": { "name": "n" } } })),
            run::<NodesThing0>(json!({ "first": 3 })),
            run::<AnyThing0>(json!({})),
            run::<CreateThing0>(json!({ "props": { "name": "x", "type": "t" } })),
        ),
        (
            1,
            run::<GetThing1>(json!({ "id": id })),
            run::<ListThing1>(json!({ "limit": 2, "offset": 0 })),
            run::<NodesThing1>(json!({})),
            run::<AnyThing1>(json!({})),
            run::<CreateThing1>(json!({ "props": { "name": "x" } })),
        ),
    ] {
        assert_eq!(get, [format!("Query.thing{unit} is not implemented")]);
        assert_eq!(list, [format!("Query.thing{unit}_list is not implemented")]);
        assert_eq!(nodes, [format!("Query.thing{unit}_nodes is not implemented")]);
        assert_eq!(any.len(), 2, "{any:?}");
        assert_eq!(create, [format!("Mutation.create_thing{unit} is not implemented")]);
    }
}

#[test]
fn responses_decode_into_the_client_types() {
    let data = json!({ "thing0": {
        "id": "VGhpbmc6MA==", "row_id": "00000000-0000-0000-0000-000000000001", "name": null,
        "type": "t", "self": 1, "match": ["a"], "fooBar": 2, "foo_bar": 3, "matrix": [[1, 2], null],
        "status": "running", "created_at": "2024-01-02T03:04:05+00:00",
        "config": "{\"a\": 1}", "size": 12_345_678_901_234_i64, "priority": 1, "ratio": 0.5,
        "meta": { "key": "k", "value": null }, "grid": [[{ "id": "g" }, null]], "kids": [{ "id": "c" }]
    } });
    let r: GetThing0Response = serde_json::from_value(data).expect("decodes");
    let t = r.thing0.expect("present");
    assert_eq!((t.r#type.as_deref(), t.self_, t.foo_bar, t.foo_bar_2), (Some("t"), Some(1), Some(2), Some(3)));
    // `running` and `RUNNING` are two values; the lower-case one is `Running2`.
    assert_eq!(t.status, Some(compile_tests::synthetic::types::Status0::Running2));
    assert_eq!(t.matrix, vec![Some(vec![1, 2]), None]);
    assert_eq!(t.size, Some(12_345_678_901_234));
    assert_eq!(t.kids.map(|k| k.len()), Some(1));
}
