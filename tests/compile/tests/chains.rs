//! By-value chains 60 and 120 types deep compile (that this file builds is
//! the first check: rustc's auto-trait and drop-check recursion stops at the
//! IR's `Indirect` fields), build a schema, and answer a query four levels
//! down through a resolver that gets a deep parent.

use std::sync::Arc;

use admin_codegen_runtime::server::{RequestContext, ResolverError};
use compile_tests::chains::depth120::{server, types};

struct Chain;

fn t0() -> types::T0 {
    serde_json::from_value(serde_json::json!({
        "v": 0, "next": { "v": 1, "next": { "v": 2, "next": { "v": 3, "next": null } } }
    }))
    .expect("a chain decodes")
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

include!(concat!(env!("OUT_DIR"), "/chain-120/impls.rs"));

#[tokio::test]
async fn a_120_deep_chain_is_served() {
    let schema = server::schema(Arc::new(Chain)).finish().expect("the chain schema builds");
    let principal = compile_tests::superadmin();
    let q = "{ t0(x: 1) { v next { v next { v next { v w(x: 7) next { v } } } } } }";
    let response = schema.execute(async_graphql::Request::new(q).data(principal)).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.into_json().unwrap();
    assert_eq!(data["t0"]["next"]["next"]["next"]["w"], 307);
    assert_eq!(data["t0"]["next"]["next"]["next"]["next"], serde_json::Value::Null);
    // The IR put the chain behind `Indirect` every few levels; it reads like the value.
    let chain = t0();
    assert_eq!(chain.next.as_ref().and_then(|n| n.next.as_ref()).and_then(|n| n.v), Some(2));
}

#[test]
fn a_60_deep_chain_builds() {
    compile_tests::chains::depth60::server::SCHEMA.def();
    assert!(compile_tests::chains::depth60::server::SCHEMA.sdl().contains("type T60 {"));
}
