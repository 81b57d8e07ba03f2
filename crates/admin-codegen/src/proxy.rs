//! `admin-codegen proxy`: the local development proxy of spec §10.
//!
//! Unauthenticated plain HTTP on loopback; every request has a leading `/vN/`
//! stripped, is signed with the configured keypair and forwarded to the
//! endpoint, and the answer is streamed back with
//! `Access-Control-Allow-Origin: *` (502 when the endpoint cannot be reached).
//! Given the schema, it also answers introspection-only GraphQL queries
//! itself, so GraphiQL and Insomnia get schema discovery while the server
//! keeps introspection off.

use std::net::SocketAddr;
use std::sync::Arc;

use admin_codegen_parser::ParsedSchema;
use admin_codegen_parser::apollo_compiler::executable::ExecutableDocument;
use admin_codegen_parser::apollo_compiler::response::JsonMap;
use admin_codegen_parser::apollo_compiler::{Name, collections::HashMap, introspection, request, schema::Implementers};
use admin_codegen_runtime::client::{Signer, endpoint_host};
use admin_codegen_runtime::signing::SignMethod;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// What the proxy forwards to and signs with.
pub struct Upstream {
    /// The endpoint (`https://api.example.com`), without a trailing slash.
    pub endpoint: String,
    /// The keypair.
    pub access_key: String,
    /// The keypair's secret.
    pub secret_key: String,
    /// The API version sent.
    pub version: String,
}

struct Proxy {
    upstream: Upstream,
    host: String,
    http: reqwest::Client,
    schema: Option<(ParsedSchema, HashMap<Name, Implementers>)>,
}

/// The largest request body forwarded.
const MAX_BODY: usize = 16 << 20;

/// The proxy's router.
pub fn app(upstream: Upstream, schema: Option<ParsedSchema>) -> Result<axum::Router, String> {
    let host = endpoint_host(&upstream.endpoint).map_err(|e| e.to_string())?;
    let http = reqwest::Client::builder().build().map_err(|e| e.to_string())?;
    let schema = schema.map(|s| {
        let implementers = s.schema.implementers_map();
        (s, implementers)
    });
    let proxy = Arc::new(Proxy { upstream, host, http, schema });
    Ok(axum::Router::new().fallback(handle).with_state(proxy))
}

/// Binds and serves until the process ends.
pub async fn serve(bind: SocketAddr, app: axum::Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    eprintln!("admin-codegen proxy listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}

fn cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, OPTIONS"));
    response
}

fn problem(status: StatusCode, kind: &str, msg: String) -> Response {
    let body = json!({ "type": format!("https://api.backend.ai/probs/{kind}"), "title": kind, "msg": msg });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// `/v7/admin/gql` → `/admin/gql` (a leading `/vN/` only).
fn strip_version(path: &str) -> &str {
    let Some(rest) = path.strip_prefix("/v") else { return path };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with('/') { &rest[digits..] } else { path }
}

async fn handle(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let (head, body) = request.into_parts();
    if head.method == Method::OPTIONS {
        return cors(StatusCode::NO_CONTENT.into_response());
    }
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return cors(problem(StatusCode::PAYLOAD_TOO_LARGE, "request-too-large", format!("over {MAX_BODY} bytes")));
        }
    };
    let path = strip_version(head.uri.path());
    let path_and_query = match head.uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    if head.method == Method::POST
        && (path == "/admin/gql" || path == "/admin/graphql")
        && let Some(answer) = proxy.introspection(&body)
    {
        let mut response = (StatusCode::OK, answer.to_string()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        return cors(response);
    }
    cors(proxy.forward(&head.method, &path_and_query, &head.headers, body).await)
}

impl Proxy {
    /// The answer to an introspection-only query, computed from the schema;
    /// `None` for anything else (which is forwarded).
    fn introspection(&self, body: &Bytes) -> Option<Value> {
        let (schema, implementers) = self.schema.as_ref()?;
        let request: Value = serde_json::from_slice(body).ok()?;
        let query = request["query"].as_str()?;
        let document = ExecutableDocument::parse_and_validate(&schema.schema, query, "request.graphql").ok()?;
        let operation = document.operations.get(request["operationName"].as_str()).ok()?;
        if !operation.is_query() || !operation.is_introspection(&document) {
            return None;
        }
        let variables: JsonMap = match &request["variables"] {
            Value::Object(_) => serde_json::from_value(request["variables"].clone()).ok()?,
            _ => Default::default(),
        };
        let answer = request::coerce_variable_values(&schema.schema, operation, &variables)
            .and_then(|variables| {
                introspection::check_max_depth(&document, operation)?;
                introspection::partial_execute(&schema.schema, implementers, &document, operation, &variables)
            })
            .map(|response| serde_json::to_value(response).unwrap_or(Value::Null))
            .unwrap_or_else(|e| json!({ "errors": [{ "message": e.message().to_string() }] }));
        Some(answer)
    }

    async fn forward(&self, method: &Method, path_and_query: &str, headers: &HeaderMap, body: Bytes) -> Response {
        let Upstream { endpoint, access_key, secret_key, version } = &self.upstream;
        // The client's own Content-Type is forwarded and signed, so the server
        // judges the request as sent (GraphQL over HTTP wants a 4xx without one).
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let signer = Signer {
            host: &self.host,
            method: method.as_str(),
            path_and_query,
            version,
            access_key,
            secret_key,
            sign_method: SignMethod::HmacSha256,
        };
        let signed = match signer.sign(content_type.unwrap_or("")) {
            Ok(h) => h,
            Err(e) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "internal-server-error", e.to_string()),
        };
        let Ok(method) = reqwest::Method::from_bytes(method.as_str().as_bytes()) else {
            return problem(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", method.to_string());
        };
        let mut request = self.http.request(method, format!("{endpoint}{path_and_query}")).body(body);
        if let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) {
            request = request.header("Accept", accept);
        }
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        for (name, value) in signed {
            request = request.header(name, value);
        }
        let upstream = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                return problem(StatusCode::BAD_GATEWAY, "bad-gateway", format!("cannot reach {endpoint}: {e}"));
            }
        };
        let status = StatusCode::from_u16(upstream.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        let content_type =
            upstream.headers().get("content-type").and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok());
        let mut response = Response::new(Body::from_stream(upstream.bytes_stream()));
        *response.status_mut() = status;
        if let Some(ct) = content_type {
            response.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::strip_version;

    #[test]
    fn only_a_leading_version_segment_is_stripped() {
        assert_eq!(strip_version("/v7/admin/gql"), "/admin/gql");
        assert_eq!(strip_version("/v10/admin/gql"), "/admin/gql");
        assert_eq!(strip_version("/admin/gql"), "/admin/gql");
        assert_eq!(strip_version("/vx/admin"), "/vx/admin");
        assert_eq!(strip_version("/v/admin"), "/v/admin");
        assert_eq!(strip_version("/admin/v7/x"), "/admin/v7/x");
    }
}
