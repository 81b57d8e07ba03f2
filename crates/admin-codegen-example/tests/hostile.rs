//! Hostile requests against the example server over loopback: each gets the
//! documented status and problem type (or a GraphQL error), never a panic, and
//! the server keeps serving afterwards.

use std::time::Duration;

use admin_codegen_runtime::server::ServiceOptions;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const AK: &str = "AKIAUSER000000000001";
const SK: &str = "user1-secret-key-for-example-only-000001";

async fn serve(options: ServiceOptions) -> String {
    server_tests::serve(admin_codegen_example::test_app(options).await).await
}

/// A signed request with a raw body and content type.
async fn send(host: &str, content_type: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let server_tests::Signed { date, authorization } = server_tests::sign_post(host, AK, SK, content_type);
    let response = reqwest::Client::new()
        .post(format!("http://{host}/admin/gql"))
        .header("Content-Type", content_type)
        .header("Date", &date)
        .header("X-BackendAI-Version", server_tests::VERSION)
        .header("Authorization", authorization)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn query(host: &str, q: &str) -> (u16, Value) {
    send(host, "application/json", json!({ "query": q }).to_string()).await
}

/// The server still answers a normal query.
async fn still_serving(host: &str) {
    let (status, body) = query(host, "{ user { email } }").await;
    assert_eq!((status, &body["data"]["user"]["email"]), (200, &json!("user1@lablup.com")), "{body}");
}

fn problem(body: &Value) -> &str {
    body["type"].as_str().unwrap_or("")
}

#[tokio::test]
async fn malformed_bodies_are_400_or_413() {
    let host = serve(ServiceOptions { max_body_bytes: 64 * 1024, ..ServiceOptions::default() }).await;
    let bad_request = "https://api.backend.ai/probs/generic-bad-request";
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", "application/json", b"{ user { email } }".to_vec(), 400, bad_request),
        ("invalid UTF-8", "application/json", vec![b'{', b'"', 0xff, 0xfe, b'"', b'}'], 400, bad_request),
        ("a JSON number", "application/json", b"42".to_vec(), 400, bad_request),
        ("a batch", "application/json", br#"[{"query": "{ user { email } }"}]"#.to_vec(), 400, bad_request),
        ("no query", "application/json", br#"{"variables": {}}"#.to_vec(), 400, bad_request),
        ("query not a string", "application/json", br#"{"query": 7}"#.to_vec(), 400, bad_request),
        (
            "variables not an object",
            "application/json",
            br#"{"query": "{ user { email } }", "variables": [1]}"#.to_vec(),
            400,
            bad_request,
        ),
        ("text/plain", "text/plain", br#"{"query": "{ user { email } }"}"#.to_vec(), 400, bad_request),
        ("empty body", "application/json", Vec::new(), 400, bad_request),
        (
            "over the limit",
            "application/json",
            vec![b' '; 65 * 1024],
            413,
            "https://api.backend.ai/probs/request-too-large",
        ),
    ];
    for (what, content_type, body, status, kind) in cases {
        let (got, answer) = send(&host, content_type, body).await;
        assert_eq!((got, problem(&answer)), (status, kind), "{what}: {answer}");
    }
    // Over the limit without a Content-Length (chunked): still 413, read no further than the limit.
    let chunks = futures_util::stream::iter((0..100).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024])));
    let (got, answer) = send(&host, "application/json", reqwest::Body::wrap_stream(chunks)).await;
    assert_eq!((got, problem(&answer)), (413, "https://api.backend.ai/probs/request-too-large"), "{answer}");
    still_serving(&host).await;
}

#[tokio::test]
async fn hostile_documents_are_graphql_errors() {
    let host = serve(ServiceOptions::default()).await;
    // Nested far beyond any limit (up to 800 KB of nesting, within the body limit):
    // the parser's recursion limit, not a stack overflow.
    for depth in [100, 10_000, 50_000] {
        let q = format!("{{ user {}email{} }}", "{ ... on User ".repeat(depth), " }".repeat(depth));
        let (status, body) = query(&host, &q).await;
        assert_eq!(status, 200, "depth {depth}: {body}");
        assert!(body["errors"][0]["message"].is_string(), "depth {depth}: {body}");
        assert_eq!(body["data"], Value::Null, "depth {depth}");
        // Also when the introspection guard has to parse it.
        let q = format!("{{ __schema {}queryType{} }}", "{ ... on __Schema ".repeat(depth), " }".repeat(depth));
        let (status, body) = query(&host, &q).await;
        assert_eq!(status, 200, "depth {depth}: {body}");
        assert!(body["errors"][0]["message"].is_string(), "{body}");
    }
    // Thousands of aliases: over the complexity limit.
    let aliases: String = (0..5000).map(|i| format!("a{i}: user {{ email }} ")).collect();
    let (status, body) = query(&host, &format!("{{ {aliases} }}")).await;
    assert_eq!(status, 200);
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("too complex"), "{body}");
    // Thousands of fragment spreads of one fragment.
    let spreads = "...F ".repeat(5000);
    let (_, body) = query(&host, &format!("{{ user {{ {spreads} }} }} fragment F on User {{ email }}")).await;
    assert!(body["errors"].is_array() || body["data"]["user"]["email"] == "user1@lablup.com", "{body}");
    // Cyclic fragments.
    let (status, body) =
        query(&host, "{ user { ...A } } fragment A on User { groups { id } ...B } fragment B on User { ...A }").await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED", "{body}");
    // A huge variable (900 KB string) within the body limit.
    let big = "x".repeat(900 * 1024);
    let body = json!({ "query": "query($e: String) { user(email: $e) { email } }", "variables": { "e": big } });
    let (status, answer) = send(&host, "application/json", body.to_string()).await;
    assert_eq!(status, 200);
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN", "another user's email is refused");
    still_serving(&host).await;
}

#[tokio::test]
async fn duplicate_and_oversized_headers_are_refused() {
    let host = serve(ServiceOptions::default()).await;
    let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
    let body = json!({ "query": "{ user { email } }" }).to_string();
    // Two Authorization headers: the first is used; a bogus first one fails authentication.
    let response = reqwest::Client::new()
        .post(format!("http://{host}/admin/gql"))
        .header("Content-Type", "application/json")
        .header("Date", &date)
        .header("X-BackendAI-Version", "v9.20250722")
        .header("Authorization", "BackendAI signMethod=HMAC-SHA256, credential=AKIAUSER000000000001:00")
        .header("Authorization", "BackendAI signMethod=HMAC-SHA256, credential=AKIAUSER000000000001:11")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    // A 64 KB Authorization header: malformed, 400/401, no panic.
    let huge = format!("BackendAI signMethod=HMAC-SHA256, credential=AKIAUSER000000000001:{}", "a".repeat(64 * 1024));
    let response = reqwest::Client::new()
        .post(format!("http://{host}/admin/gql"))
        .header("Content-Type", "application/json")
        .header("Date", &date)
        .header("X-BackendAI-Version", "v9.20250722")
        .header("Authorization", huge)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    // 1 MB of headers: refused by the HTTP layer (431) or the connection is closed.
    let mut request = reqwest::Client::new().post(format!("http://{host}/admin/gql")).body(body);
    for i in 0..64 {
        request = request.header(format!("x-junk-{i}"), "j".repeat(16 * 1024));
    }
    if let Ok(response) = request.send().await {
        assert_eq!(response.status().as_u16(), 431);
    }
    still_serving(&host).await;
}

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let host = serve(ServiceOptions { body_timeout: Duration::from_millis(300), ..ServiceOptions::default() }).await;
    let server_tests::Signed { date, authorization } = server_tests::sign_post(&host, AK, SK, "application/json");
    let head = format!(
        "POST /admin/gql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nDate: {date}\r\n\
         X-BackendAI-Version: {}\r\nAuthorization: {authorization}\r\nContent-Length: 1000\r\n\r\n{{\"query\"",
        server_tests::VERSION
    );
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // ... and then nothing more: the server answers 408 instead of waiting forever.
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server waited on a stalled body");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request-timeout"), "{answer}");
    still_serving(&host).await;
}
