//! By-value chains 60 and 500 types deep compile (that this file builds is
//! the first check: rustc's auto-trait and drop-check recursion stops at the
//! IR's `Indirect` fields, and so does its instantiation of serde impls),
//! build a schema, and answer a query 30 levels down, across two `Indirect`
//! fields, through a resolver that gets a deep parent.

use std::sync::Arc;

use admin_codegen_runtime::server::{RequestContext, ResolverError};
use compile_tests::chains::depth500::{server, types};

struct Chain;

/// How deep the served value and the query go: across the `Indirect` fields
/// the IR put at `T9` and `T21`.
const LEVELS: i32 = 30;

fn t0() -> types::T0 {
    let mut value = serde_json::json!({ "v": LEVELS, "next": null });
    for v in (0..LEVELS).rev() {
        value = serde_json::json!({ "v": v, "next": value });
    }
    serde_json::from_value(value).expect("a chain decodes")
}

impl server::QueryResolver for Chain {
    async fn t0(&self, _: &RequestContext, _: server::QueryT0Args) -> Result<Option<types::T0>, ResolverError> {
        Ok(Some(t0()))
    }
}

macro_rules! w {
    ($($tr:ident $ty:ident $args:ident),*) => {$(
        impl server::$tr for Chain {
            async fn w(&self, _: &RequestContext, parent: types::$ty, args: server::$args) -> Result<Option<i32>, ResolverError> {
                Ok(Some(parent.v.unwrap_or_default() * 100 + args.x.unwrap_or_default()))
            }
        }
    )*};
}

include!(concat!(env!("OUT_DIR"), "/chain-500/impls.rs"));

#[tokio::test]
async fn a_500_deep_chain_is_served() {
    // The query nests deeper than the default `[limits] depth` of 16.
    let schema = server::schema(Arc::new(Chain)).limit_depth(64).finish().expect("the chain schema builds");
    let principal = compile_tests::superadmin();
    let mut selection = String::from("v w(x: 7) next { v }");
    for _ in 0..LEVELS - 1 {
        selection = format!("v next {{ {selection} }}");
    }
    let q = format!("{{ t0(x: 1) {{ {selection} }} }}");
    let response = schema.execute(async_graphql::Request::new(q).data(principal)).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let mut data = &response.data.into_json().unwrap()["t0"];
    for _ in 0..LEVELS - 1 {
        data = &data["next"];
    }
    // The resolver of `T29.w` got its parent (decoded across both `Indirect`s) and its argument.
    assert_eq!(data["w"], 29 * 100 + 7);
    assert_eq!(data["next"], serde_json::json!({ "v": LEVELS }));
    // The IR put the chain behind `Indirect` every few levels; it reads like the value.
    let chain = t0();
    assert_eq!(chain.next.as_ref().and_then(|n| n.next.as_ref()).and_then(|n| n.v), Some(2));
    assert_eq!(chain.clone(), chain, "Clone and PartialEq go through `Indirect` too");
}

#[test]
fn a_60_deep_chain_builds() {
    compile_tests::chains::depth60::server::SCHEMA.def();
    assert!(compile_tests::chains::depth60::server::SCHEMA.sdl().contains("type T60 {"));
}
