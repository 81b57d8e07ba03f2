//! Whole HTTP requests (method, path, headers, body) into the example
//! server's request handling: routing, authentication, body limits, the
//! introspection guard, GraphQL execution and access rules. Half the inputs
//! are signed correctly with a seeded keypair so that the fuzzer reaches past
//! authentication. Invariant: no panic, and only documented statuses.
#![no_main]

use std::sync::OnceLock;

use admin_codegen_runtime::server::ServiceOptions;
use admin_codegen_runtime::signing::{self, SignMethod, SignedParts};
use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const AK: &str = "AKIAUSER000000000001";
const SK: &str = "user1-secret-key-for-example-only-000001";

fn app() -> &'static (tokio::runtime::Runtime, axum::Router) {
    static APP: OnceLock<(tokio::runtime::Runtime, axum::Router)> = OnceLock::new();
    APP.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let options = ServiceOptions { max_body_bytes: 64 * 1024, ..ServiceOptions::default() };
        let app = rt.block_on(admin_codegen_example::test_app(options));
        (rt, app)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let method = ["POST", "GET", "PUT", "DELETE", "OPTIONS", "HEAD"][usize::from(control % 6)];
    let path = lines.next().unwrap_or("/admin/gql");
    let mut builder = Request::builder().method(method).uri(if path.starts_with('/') { path } else { "/admin/gql" });
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    if control & 0x80 != 0 {
        let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
        let parts = SignedParts {
            method,
            path_and_query: path,
            host: "fuzz.local",
            date: &date,
            content_type: "application/json",
            version: "v9.20250722",
        };
        if let Ok(signature) = signing::sign(SK, SignMethod::HmacSha256, &parts) {
            builder = builder
                .header("Host", "fuzz.local")
                .header("Content-Type", "application/json")
                .header("Date", date)
                .header("X-BackendAI-Version", "v9.20250722")
                .header("Authorization", signing::authorization(SignMethod::HmacSha256, AK, &signature));
        }
    }
    let Ok(request) = builder.body(Body::from(body.to_owned())) else { return };
    let (rt, app) = app();
    let response = rt.block_on(app.clone().oneshot(request)).expect("the router is infallible");
    let status = response.status().as_u16();
    assert!([200, 204, 400, 401, 403, 404, 405, 408, 413].contains(&status), "status {status}");
});
