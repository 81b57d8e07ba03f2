//! The `[limits]` of `tests/fixtures/schema/limits/admin-codegen.toml` (depth 4,
//! complexity 12, body 2048 bytes) reach the generated `schema()` and `LIMITS`,
//! and the served API enforces them.

use std::sync::Arc;

use admin_codegen_runtime::server::ServiceOptions;
use admin_codegen_runtime::server::{MemoryKeypairStore, RequestContext, ResolverError, Role, router};
use serde_json::{Value, json};
use server_tests::limits::server::*;
use server_tests::limits::types::*;

struct Tree;

fn node(name: &str) -> Node {
    Node { name: Some(name.into()), child: None, children: None }
}

impl QueryResolver for Tree {
    async fn root(&self, _: &RequestContext) -> Result<Option<Node>, ResolverError> {
        Ok(Some(Node { child: Some(node("child").into()), ..node("root") }))
    }
}

impl NodeResolver for Tree {
    async fn children(
        &self,
        _: &RequestContext,
        parent: Node,
        args: NodeChildrenArgs,
    ) -> Result<Option<Vec<Option<Node>>>, ResolverError> {
        let name = parent.name.unwrap_or_default();
        Ok(Some((0..args.first.unwrap_or(0)).map(|i| Some(node(&format!("{name}.{i}")))).collect()))
    }
}

use server_tests::TEST_SECRET as SK;

async fn start() -> String {
    let schema = schema(Arc::new(Tree)).finish().expect("the schema builds");
    let store = MemoryKeypairStore::new([server_tests::keypair("AKLIMITS", "limits@lablup.com", Role::User)]);
    server_tests::serve(router(schema, store, ServiceOptions::default().with_limits(&LIMITS))).await
}

async fn query(host: &str, q: &str) -> Value {
    server_tests::signed_query(host, "AKLIMITS", SK, q, json!({})).await
}

#[test]
fn config_limits_are_generated() {
    assert_eq!((LIMITS.depth, LIMITS.complexity, LIMITS.body_bytes), (4, 12, 2048));
}

#[tokio::test]
async fn depth_and_complexity_limits_are_enforced() {
    let host = start().await;
    let body = query(&host, "{ root { child { children { name } } } }").await;
    assert_eq!(body["data"]["root"]["child"]["children"][2]["name"], "child.2", "depth 4 is served: {body}");
    let body = query(&host, "{ root { child { children { child { name } } } } }").await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("nested too deep"), "{body}");
    let wide = "{ a: root { name } b: root { name } c: root { name } d: root { name } e: root { name } f: root { name } g: root { name } }";
    let body = query(&host, wide).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("too complex"), "{body}");
}

#[tokio::test]
async fn the_body_limit_comes_from_limits() {
    let host = start().await;
    let padding = " ".repeat(2100);
    let (status, body) =
        server_tests::signed_request(&host, "AKLIMITS", SK, &format!("{{ root {{ name }} {padding}}}"), json!({}))
            .await;
    assert_eq!((status, &body["type"]), (413, &json!("https://api.backend.ai/probs/request-too-large")), "{body}");
    let body = query(&host, &format!("{{ root {{ name }} {}}}", " ".repeat(1500))).await;
    assert_eq!(body["data"]["root"]["name"], "root", "{body}");
}
