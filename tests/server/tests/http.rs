//! The HTTP conventions of spec §§1–3 and 8, over loopback, with signed requests.

use std::time::Duration;

use admin_codegen_runtime::server::{Keypair, MemoryKeypairStore, Principal, Role, ServiceOptions, router};
use admin_codegen_runtime::signing::{self, SignMethod, SignedParts};
use async_graphql::{Context, EmptyMutation, EmptySubscription, Object, Schema};
use serde_json::{Value, json};

struct Query;

#[Object]
impl Query {
    /// Who signed the request.
    #[graphql(name = "whoami")]
    async fn whoami(&self, ctx: &Context<'_>) -> String {
        ctx.data::<Principal>().map(|p| p.email.clone()).unwrap_or_default()
    }

    #[graphql(name = "always_fails")]
    async fn always_fails(&self) -> async_graphql::Result<i32> {
        Err("it failed".into())
    }
}

const AK: &str = "AKIAIOSFODNN7EXAMPLE";
use server_tests::TEST_SECRET as SK;

fn keypair(access_key: &str, active: bool) -> Keypair {
    Keypair { is_active: active, ..server_tests::keypair(access_key, &format!("{access_key}@example.com"), Role::User) }
}

struct Server {
    base: String,
    host: String,
    http: reqwest::Client,
}

async fn start(options: ServiceOptions) -> Server {
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription).disable_suggestions().finish();
    let store = MemoryKeypairStore::new([keypair(AK, true), keypair("AKINACTIVE", false)]);
    let app = router(schema, store, options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        host: addr.to_string(),
        http: reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap(),
    }
}

/// How to build one request; every field defaults to a correctly signed query.
#[derive(Clone)]
struct Call {
    method: &'static str,
    path: String,
    body: String,
    content_type: Option<&'static str>,
    date: Option<String>,
    date_header: &'static str,
    version: Option<&'static str>,
    access_key: &'static str,
    secret: &'static str,
    sign_host: Option<String>,
    authorization: Option<String>,
}

fn now(offset_secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(offset_secs)).format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

impl Call {
    fn query(q: &str) -> Call {
        Call {
            method: "POST",
            path: "/admin/gql".into(),
            body: json!({ "query": q }).to_string(),
            content_type: Some("application/json"),
            date: Some(now(0)),
            date_header: "Date",
            version: Some("v9.20250722"),
            access_key: AK,
            secret: SK,
            sign_host: None,
            authorization: None,
        }
    }

    async fn send(&self, server: &Server) -> (u16, Option<String>, Value) {
        let mut req = server.http.request(self.method.parse().unwrap(), format!("{}{}", server.base, self.path));
        if let Some(ct) = self.content_type {
            req = req.header("Content-Type", ct);
        }
        if let Some(date) = &self.date {
            req = req.header(self.date_header, date);
        }
        if let Some(v) = self.version {
            req = req.header("X-BackendAI-Version", v);
        }
        let authorization = self.authorization.clone().unwrap_or_else(|| {
            let host = self.sign_host.clone().unwrap_or_else(|| server.host.clone());
            let parts = SignedParts {
                method: self.method,
                path_and_query: &self.path,
                host: &host,
                date: self.date.as_deref().unwrap_or(""),
                content_type: self.content_type.unwrap_or(""),
                version: self.version.unwrap_or(""),
            };
            let sig = signing::sign(self.secret, SignMethod::HmacSha256, &parts).unwrap_or_default();
            signing::authorization(SignMethod::HmacSha256, self.access_key, &sig)
        });
        if !authorization.is_empty() {
            req = req.header("Authorization", authorization);
        }
        let resp = req.body(self.body.clone()).send().await.unwrap();
        let status = resp.status().as_u16();
        let content_type = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
        let text = resp.text().await.unwrap();
        (status, content_type, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

fn problem_type(body: &Value) -> &str {
    body["type"].as_str().unwrap_or("").rsplit('/').next().unwrap()
}

#[tokio::test]
async fn signed_query_succeeds_with_the_envelope() {
    let s = start(ServiceOptions::default()).await;
    let (status, ct, body) = Call::query("{ whoami }").send(&s).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ct.as_deref(), Some("application/json"));
    assert_eq!(body, json!({ "data": { "whoami": "AKIAIOSFODNN7EXAMPLE@example.com" } }));
}

#[tokio::test]
async fn version_document_needs_no_authentication() {
    let s = start(ServiceOptions { manager_version: "25.1.0".into(), ..Default::default() }).await;
    let text = s.http.get(format!("{}/", s.base)).send().await.unwrap().text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body, json!({ "version": "v9.20250722", "manager": "25.1.0" }));
}

#[tokio::test]
async fn version_prefixes_and_both_endpoints() {
    let s = start(ServiceOptions::default()).await;
    for path in ["/v1/admin/gql", "/v9/admin/gql", "/admin/graphql", "/v4/admin/graphql"] {
        let (status, _, body) = Call { path: path.into(), ..Call::query("{ whoami }") }.send(&s).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body["data"]["whoami"], "AKIAIOSFODNN7EXAMPLE@example.com", "{path}");
    }
    for path in ["/v0/admin/gql", "/v10/admin/gql", "/admin/gq"] {
        let (status, _, _) = Call { path: path.into(), ..Call::query("{ whoami }") }.send(&s).await;
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn other_methods_get_405_with_allow_post() {
    let s = start(ServiceOptions::default()).await;
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let resp = s.http.request(method.parse().unwrap(), format!("{}/admin/gql", s.base)).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 405, "{method}");
        assert_eq!(resp.headers().get("allow").map(|v| v.to_str().unwrap()), Some("POST"), "{method}");
    }
}

#[tokio::test]
async fn every_authentication_failure_has_its_status_and_type() {
    let s = start(ServiceOptions::default()).await;
    let ok = Call::query("{ whoami }");
    let cases: Vec<(&str, Call, u16, &str)> = vec![
        (
            "missing Authorization",
            Call { authorization: Some(String::new()), ..ok.clone() },
            400,
            "invalid-auth-params",
        ),
        (
            "malformed Authorization",
            Call { authorization: Some("Bearer abc".into()), ..ok.clone() },
            400,
            "invalid-auth-params",
        ),
        ("unknown access key", Call { access_key: "AKIAUNKNOWN", ..ok.clone() }, 401, "auth-failed"),
        ("inactive keypair", Call { access_key: "AKINACTIVE", ..ok.clone() }, 401, "auth-failed"),
        ("wrong signature", Call { secret: "not-the-secret", ..ok.clone() }, 401, "auth-failed"),
        ("wrong host", Call { sign_host: Some("api.example.com".into()), ..ok.clone() }, 401, "auth-failed"),
        ("stale date", Call { date: Some(now(-16 * 60)), ..ok.clone() }, 400, "invalid-auth-params"),
        ("future date", Call { date: Some(now(16 * 60)), ..ok.clone() }, 400, "invalid-auth-params"),
        ("missing date", Call { date: None, ..ok.clone() }, 400, "invalid-auth-params"),
        ("unparsable date", Call { date: Some("yesterday".into()), ..ok.clone() }, 400, "invalid-auth-params"),
        ("missing version", Call { version: None, ..ok.clone() }, 400, "invalid-auth-params"),
        ("unknown version", Call { version: Some("v9.20990101"), ..ok.clone() }, 400, "generic-bad-request"),
    ];
    for (name, call, status, ty) in cases {
        let (got, ct, body) = call.send(&s).await;
        assert_eq!(got, status, "{name}: {body}");
        assert_eq!(ct.as_deref(), Some("application/problem+json"), "{name}");
        assert_eq!(problem_type(&body), ty, "{name}: {body}");
        assert!(body["title"].is_string() && body["error_code"] == ty, "{name}: {body}");
    }
}

#[tokio::test]
async fn dates_near_the_edge_and_the_alternative_header() {
    let s = start(ServiceOptions::default()).await;
    for offset in [-14 * 60, 14 * 60] {
        let (status, _, body) = Call { date: Some(now(offset)), ..Call::query("{ whoami }") }.send(&s).await;
        assert_eq!(status, 200, "{offset}: {body}");
    }
    let (status, _, body) = Call { date_header: "X-BackendAI-Date", ..Call::query("{ whoami }") }.send(&s).await;
    assert_eq!(status, 200, "{body}");
    let naive = (chrono::Utc::now()).format("%Y-%m-%dT%H:%M:%S").to_string();
    let (status, _, body) = Call { date: Some(naive), ..Call::query("{ whoami }") }.send(&s).await;
    assert_eq!(status, 200, "a date without offset is UTC: {body}");
}

#[tokio::test]
async fn introspection_is_refused_explicitly_unless_enabled() {
    let s = start(ServiceOptions::default()).await;
    let (status, _, body) = Call::query("{ __schema { queryType { name } } }").send(&s).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], Value::Null);
    assert_eq!(body["errors"][0]["message"], "Cannot query '__schema': introspection is disabled.");
    assert_eq!(body["errors"][0]["extensions"]["code"], "INTROSPECTION_DISABLED");
    let (_, _, body) = Call::query("{ __typename whoami }").send(&s).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");

    let open = start(ServiceOptions { introspection: true, ..Default::default() }).await;
    let (_, _, body) = Call::query("{ __schema { queryType { name } } }").send(&open).await;
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query", "{body}");
}

#[tokio::test]
async fn graphql_errors_current_and_legacy() {
    let s = start(ServiceOptions::default()).await;
    let (status, _, body) = Call::query("{ always_fails }").send(&s).await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["message"], "it failed");
    assert_eq!(body["errors"][0]["path"], json!(["always_fails"]));
    assert!(body["errors"][0]["extensions"]["code"].is_string(), "{body}");

    let (status, _, body) = Call::query("{ whoamI }").send(&s).await;
    assert_eq!(status, 200);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "suggestions leak field names: {message}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");

    let legacy = Call { path: "/admin/graphql".into(), ..Call::query("{ always_fails }") };
    let (status, ct, body) = legacy.send(&s).await;
    assert_eq!((status, ct.as_deref()), (400, Some("application/problem+json")));
    assert_eq!(problem_type(&body), "graphql-error");
    assert_eq!(body["title"], "GraphQL-generated error.");
    assert_eq!(body["data"][0]["message"], "it failed");
}

#[tokio::test]
async fn bodies_content_types_and_limits() {
    let s = start(ServiceOptions { max_body_bytes: 1024, ..Default::default() }).await;
    let ok = Call::query("{ whoami }");
    let cases: Vec<(&str, Call, u16, &str)> = vec![
        ("not JSON", Call { body: "{query".into(), ..ok.clone() }, 400, "generic-bad-request"),
        ("not an object", Call { body: "[1]".into(), ..ok.clone() }, 400, "generic-bad-request"),
        ("no query", Call { body: "{}".into(), ..ok.clone() }, 400, "generic-bad-request"),
        (
            "variables not an object",
            Call { body: r#"{"query":"{ whoami }","variables":[]}"#.into(), ..ok.clone() },
            400,
            "generic-bad-request",
        ),
        ("wrong content type", Call { content_type: Some("text/plain"), ..ok.clone() }, 400, "generic-bad-request"),
        (
            "over the limit",
            Call { body: json!({ "query": "x".repeat(2000) }).to_string(), ..ok.clone() },
            413,
            "request-too-large",
        ),
    ];
    for (name, call, status, ty) in cases {
        let (got, _, body) = call.send(&s).await;
        assert_eq!((got, problem_type(&body)), (status, ty), "{name}: {body}");
    }
    let charset = Call { content_type: Some("application/json; charset=utf-8"), ..ok.clone() };
    assert_eq!(charset.send(&s).await.0, 200);
    for key in ["operationName", "operation_name"] {
        let body =
            json!({ "query": "query A { whoami } query B { always_fails }", key: "A", "variables": null }).to_string();
        let (status, _, resp) = Call { body, ..ok.clone() }.send(&s).await;
        assert_eq!((status, resp["errors"].clone()), (200, Value::Null), "{key}: {resp}");
    }
}
