//! `admin-codegen proxy` as a user runs it: the binary in front of the example
//! server over loopback.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use admin_codegen_runtime::server::ServiceOptions;
use serde_json::{Value, json};

struct Proxy {
    child: Child,
    url: String,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the proxy binary on a free loopback port in front of `endpoint`.
fn proxy(endpoint: &str, extra: &[&str]) -> Proxy {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/admin.graphql");
    let mut child = Command::new(env!("CARGO_BIN_EXE_admin-codegen"))
        .args(["proxy", "--port", "0", "--schema"])
        .arg(schema)
        .args(extra)
        .env("BACKEND_ENDPOINT", endpoint)
        .env("BACKEND_ACCESS_KEY", admin_codegen_example::keys::SUPERADMIN.0)
        .env("BACKEND_SECRET_KEY", admin_codegen_example::keys::SUPERADMIN.1)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "the proxy binds to loopback: {line}");
    Proxy { child, url }
}

async fn post(url: &str, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, serde_json::from_slice(&response.bytes().await.unwrap()).unwrap())
}

#[tokio::test]
async fn unsigned_requests_are_signed_and_forwarded() {
    let upstream = server_tests::serve(admin_codegen_example::test_app(ServiceOptions::default()).await).await;
    let p = proxy(&format!("http://{upstream}"), &[]);
    let (status, headers, body) =
        post(&format!("{}/v7/admin/gql", p.url), json!({ "query": "{ user { email role } }" })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["user"], json!({ "email": "admin@lablup.com", "role": "superadmin" }));
    assert_eq!(headers["access-control-allow-origin"], "*");

    // The server's own refusals come back as they are (with CORS).
    let (status, headers, body) = post(&format!("{}/admin/gql", p.url), json!({ "query": "{ nope }" })).await;
    assert_eq!((status, &headers["access-control-allow-origin"]), (200, &"*".parse().unwrap()));
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED", "{body}");

    // CORS preflight.
    let preflight =
        reqwest::Client::new().request(reqwest::Method::OPTIONS, format!("{}/admin/gql", p.url)).send().await.unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn introspection_is_answered_from_the_schema() {
    let upstream = server_tests::serve(admin_codegen_example::test_app(ServiceOptions::default()).await).await;
    let query = json!({ "query": "query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { name } } }" });
    let p = proxy(&format!("http://{upstream}"), &[]);
    let (status, headers, body) = post(&format!("{}/admin/gql", p.url), query.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Queries");
    assert_eq!(body["data"]["__schema"]["mutationType"]["name"], "Mutations");
    let types: Vec<&str> =
        body["data"]["__schema"]["types"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(types.contains(&"UserList") && types.contains(&"UUID"), "{types:?}");
    assert_eq!(headers["access-control-allow-origin"], "*");

    // Without the schema's help the server refuses, as it should.
    let p = proxy(&format!("http://{upstream}"), &["--no-introspection"]);
    let (_, _, body) = post(&format!("{}/admin/gql", p.url), query).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "INTROSPECTION_DISABLED", "{body}");
}

#[tokio::test]
async fn an_unreachable_endpoint_is_502() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let p = proxy(&format!("http://127.0.0.1:{port}"), &[]);
    let (status, headers, body) = post(&format!("{}/admin/gql", p.url), json!({ "query": "{ user { email } }" })).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["type"], "https://api.backend.ai/probs/bad-gateway");
    assert_eq!(headers["access-control-allow-origin"], "*");
}
