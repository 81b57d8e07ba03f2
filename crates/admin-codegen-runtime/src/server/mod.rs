//! The Admin API HTTP service (spec §§1–3, 8) around any async-graphql executor.
//!
//! ```no_run
//! # async fn run(schema: async_graphql::dynamic::Schema) {
//! use admin_codegen_runtime::server::{MemoryKeypairStore, ServiceOptions, router};
//! let store = MemoryKeypairStore::from_toml_file("keypairs.toml".as_ref()).unwrap();
//! let app = router(schema, store, ServiceOptions::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8090").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # }
//! ```
//!
//! What a request goes through, in the reference server's order:
//! 1. `X-BackendAI-Version` present (else 400 invalid-auth-params) and known
//!    (else 400 generic-bad-request);
//! 2. `Date`, then `X-BackendAI-Date`: present and strictly within the allowed
//!    clock skew (else 400 invalid-auth-params);
//! 3. `Authorization` well-formed (else 400 invalid-auth-params);
//! 4. the access key known and active (else 401 auth-failed);
//! 5. the signature right, compared in constant time (else 401 auth-failed);
//! 6. `Content-Type: application/json`, a body within the limit (else 413),
//!    a JSON object with a `query` string (else 400 generic-bad-request);
//! 7. introspection refused with a GraphQL error unless enabled;
//! 8. execution with the caller's [`Principal`] in the context data.
//!
//! `/admin/gql` always answers 200 with `{"data", "errors"}` (`errors` left out
//! when there are none); the legacy
//! `/admin/graphql` answers a result with errors as 400 problem+json.

mod documents;
mod keystore;
mod model;
mod problem;
pub mod schema;
mod select;
#[cfg(feature = "keystore-sql")]
mod sql_store;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

pub use keystore::{Keypair, KeypairStore, Lookup, MemoryKeypairStore, Principal, Role, StoreError};
pub use problem::{Problem, ProblemKind};
pub use schema::{RequestContext, ResolverError, Resolvers};
#[cfg(feature = "keystore-sql")]
pub use sql_store::{POSTGRES_KEYPAIR_QUERY, SQLITE_KEYPAIR_QUERY, SqlKeypairStore};

/// Re-exported for generated code and servers.
pub use async_graphql;

use crate::signing::{self, SignedParts};
use crate::versions;

/// How the service behaves.
#[derive(Debug, Clone)]
pub struct ServiceOptions {
    /// The largest request body accepted (default 1 MiB).
    pub max_body_bytes: usize,
    /// How far the request date may be from the server's clock, exclusive (default 15 minutes).
    pub clock_skew: Duration,
    /// Whether `__schema`/`__type` queries are allowed (default false).
    pub introspection: bool,
    /// The `manager` value of `GET /`.
    pub manager_version: String,
    /// How long the whole request body may take to arrive (default 30 s); a
    /// slower client gets 408 and the connection back.
    pub body_timeout: Duration,
    /// How many parsed documents (of up to 4 KiB of query text each) to keep
    /// so that repeated queries skip parsing (default 256; 0 turns it off).
    pub document_cache: usize,
}

/// Request limits, as generated from the config's `[limits]` (`server::LIMITS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest selection nesting accepted.
    pub depth: usize,
    /// The highest query complexity accepted.
    pub complexity: usize,
    /// The largest request body accepted, in bytes.
    pub body_bytes: usize,
}

impl ServiceOptions {
    /// These options with the body-size limit of `limits`.
    pub fn with_limits(mut self, limits: &Limits) -> Self {
        self.max_body_bytes = limits.body_bytes;
        self
    }
}

impl Default for ServiceOptions {
    fn default() -> Self {
        ServiceOptions {
            max_body_bytes: 1 << 20,
            clock_skew: Duration::from_secs(15 * 60),
            introspection: false,
            manager_version: env!("CARGO_PKG_VERSION").to_owned(),
            body_timeout: Duration::from_secs(30),
            document_cache: 256,
        }
    }
}

struct Service<E> {
    executor: E,
    store: Box<dyn KeypairStore>,
    documents: documents::DocumentCache,
    options: ServiceOptions,
}

/// Which GraphQL endpoint a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Current,
    Legacy,
}

/// The Admin API router: `POST /admin/gql` and `/admin/graphql`, also under
/// `/v1/` … `/vN/`, and `GET /`.
pub fn router<E: async_graphql::Executor>(
    executor: E,
    store: impl KeypairStore,
    options: ServiceOptions,
) -> axum::Router {
    let documents = documents::DocumentCache::new(options.document_cache);
    let service = Arc::new(Service { executor, store: Box::new(store), documents, options });
    let mut app = axum::Router::new().route("/", get(version_document::<E>));
    for prefix in std::iter::once(String::new()).chain((1..=versions::LATEST_MAJOR).map(|n| format!("/v{n}"))) {
        app = app
            .route(&format!("{prefix}/admin/gql"), post(|s, r| handle::<E>(s, r, Endpoint::Current)))
            .route(&format!("{prefix}/admin/graphql"), post(|s, r| handle::<E>(s, r, Endpoint::Legacy)));
    }
    // The service reads the body itself, against its own limit, to answer with problem+json.
    app.layer(DefaultBodyLimit::disable()).with_state(service)
}

async fn version_document<E>(State(service): State<Arc<Service<E>>>) -> Response {
    let body = json!({ "version": versions::LATEST, "manager": service.options.manager_version });
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

async fn handle<E: async_graphql::Executor>(
    State(service): State<Arc<Service<E>>>,
    request: Request<Body>,
    endpoint: Endpoint,
) -> Response {
    serve(&service, request, endpoint).await.unwrap_or_else(IntoResponse::into_response)
}

fn problem(kind: ProblemKind, msg: impl Into<String>) -> Problem {
    Problem::new(kind, msg)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Steps 1–5: who is calling.
async fn authenticate<E>(
    service: &Service<E>,
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
) -> Result<Principal, Problem> {
    let version = header_str(headers, "x-backendai-version")
        .ok_or_else(|| problem(ProblemKind::InvalidAuthParams, "API version missing in request headers"))?;
    if !versions::KNOWN.contains(&version) {
        return Err(problem(ProblemKind::GenericBadRequest, "Unsupported API version."));
    }
    let date = header_str(headers, "date")
        .or_else(|| header_str(headers, "x-backendai-date"))
        .ok_or_else(|| problem(ProblemKind::InvalidAuthParams, "Date/time sync error: no Date header"))?;
    let when = signing::parse_request_date(date).map_err(|e| problem(ProblemKind::InvalidAuthParams, e.to_string()))?;
    let skew = (chrono::Utc::now() - when.to_utc()).abs();
    if skew.to_std().map_or(true, |s| s >= service.options.clock_skew) {
        return Err(problem(ProblemKind::InvalidAuthParams, "Date/time sync error"));
    }
    let authorization = header_str(headers, "authorization")
        .ok_or_else(|| problem(ProblemKind::InvalidAuthParams, "Malformed authorization header: missing"))?;
    let auth = signing::parse_authorization(authorization)
        .map_err(|e| problem(ProblemKind::InvalidAuthParams, e.to_string()))?;
    let host = header_str(headers, "host").ok_or_else(|| {
        problem(ProblemKind::InvalidAuthParams, "Missing or invalid authorization parameters: no Host")
    })?;
    let keypair = match service.store.lookup(&auth.access_key).await {
        Ok(Some(k)) if k.is_active => k,
        Ok(_) => return Err(problem(ProblemKind::AuthFailed, "Access key not found")),
        Err(e) => return Err(problem(ProblemKind::Internal, format!("keypair store: {e}"))),
    };
    let parts = SignedParts {
        method: method.as_str(),
        path_and_query,
        host,
        date,
        content_type: header_str(headers, "content-type").unwrap_or(""),
        version,
    };
    match signing::verify(&keypair.secret_key, auth.method, &parts, &auth.signature) {
        Ok(true) => Ok(Principal::from(&keypair)),
        Ok(false) => Err(problem(ProblemKind::AuthFailed, "HMAC signature mismatch")),
        Err(e) => Err(problem(ProblemKind::InvalidAuthParams, e.to_string())),
    }
}

/// Steps 6: the GraphQL request in the body.
fn graphql_request(body: &Bytes) -> Result<async_graphql::Request, Problem> {
    /// The body's members as sent; their types are checked below, each with its own message.
    #[derive(serde::Deserialize)]
    struct Body {
        query: Option<Value>,
        variables: Option<Value>,
        #[serde(rename = "operationName", alias = "operation_name")]
        operation_name: Option<Value>,
    }
    let body: Body = match serde_json::from_slice::<Body>(body) {
        Ok(b) => b,
        Err(e) => {
            // Tell "not JSON" from "JSON but not an object".
            let parsed: Value = serde_json::from_slice(body)
                .map_err(|e| problem(ProblemKind::GenericBadRequest, format!("malformed JSON: {e}")))?;
            if !parsed.is_object() {
                return Err(problem(ProblemKind::GenericBadRequest, "the body must be a JSON object"));
            }
            return Err(problem(ProblemKind::GenericBadRequest, format!("malformed request: {e}")));
        }
    };
    let Some(Value::String(query)) = body.query else {
        return Err(problem(ProblemKind::GenericBadRequest, "missing query"));
    };
    let mut request = async_graphql::Request::new(query);
    match body.variables {
        None | Some(Value::Null) => {}
        Some(v @ Value::Object(_)) => request = request.variables(async_graphql::Variables::from_json(v)),
        Some(_) => return Err(problem(ProblemKind::GenericBadRequest, "variables must be an object")),
    }
    match body.operation_name {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => request = request.operation_name(name),
        Some(_) => return Err(problem(ProblemKind::GenericBadRequest, "the operation name must be a string")),
    }
    Ok(request)
}

async fn serve<E: async_graphql::Executor>(
    service: &Service<E>,
    request: Request<Body>,
    endpoint: Endpoint,
) -> Result<Response, Problem> {
    let (head, body) = request.into_parts();
    let path_and_query = head.uri.path_and_query().map_or(head.uri.path(), |p| p.as_str());
    let principal = authenticate(service, &head.method, path_and_query, &head.headers).await?;

    let content_type = header_str(&head.headers, "content-type").map(signing::media_type);
    if content_type.as_deref() != Some("application/json") {
        return Err(problem(ProblemKind::GenericBadRequest, "Content-Type must be application/json"));
    }
    let too_large =
        || problem(ProblemKind::RequestTooLarge, format!("the limit is {} bytes", service.options.max_body_bytes));
    if header_str(&head.headers, "content-length")
        .and_then(|l| l.parse::<usize>().ok())
        .is_some_and(|l| l > service.options.max_body_bytes)
    {
        return Err(too_large());
    }
    let body =
        tokio::time::timeout(service.options.body_timeout, axum::body::to_bytes(body, service.options.max_body_bytes))
            .await
            .map_err(|_| {
                let secs = service.options.body_timeout.as_secs_f64();
                problem(ProblemKind::RequestTimeout, format!("the body did not arrive within {secs} s"))
            })?
            .map_err(|_| too_large())?;
    let request = graphql_request(&body)?;

    let response = if !service.options.introspection
        && let Some(field) = introspection_field(request.query.as_str())
    {
        let error =
            async_graphql::ServerError::new(format!("Cannot query '{field}': introspection is disabled."), None);
        async_graphql::Response::from_errors(vec![with_code(error, "INTROSPECTION_DISABLED")])
    } else {
        let mut request = request;
        service.documents.prepare(&mut request);
        service.executor.execute(request.data(principal)).await
    };
    Ok(respond(response, endpoint))
}

/// `__schema` or `__type` if the document selects either anywhere.
fn introspection_field(query: &str) -> Option<&'static str> {
    // GraphQL names have no escapes, so a document that selects either field
    // spells its name; most documents do not, and need no second parse.
    if !mentions_name(query, "__schema") && !mentions_name(query, "__type") {
        return None;
    }
    // A document that does not parse is left to the executor, which reports it.
    let doc: ExecutableDocument = async_graphql::parser::parse_query(query).ok()?;
    fn walk(set: &SelectionSet) -> Option<&'static str> {
        set.items.iter().find_map(|item| match &item.node {
            Selection::Field(f) => match f.node.name.node.as_str() {
                "__schema" => Some("__schema"),
                "__type" => Some("__type"),
                _ => walk(&f.node.selection_set.node),
            },
            Selection::InlineFragment(f) => walk(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => None,
        })
    }
    let operations = doc.operations.iter().map(|(_, op)| &op.node.selection_set.node);
    let fragments = doc.fragments.values().map(|f| &f.node.selection_set.node);
    operations.chain(fragments).find_map(walk)
}

/// Whether `text` holds `name` as a whole GraphQL name (`__type`, not `__typename`).
fn mentions_name(text: &str, name: &str) -> bool {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !is_name_char(c));
        let after = text[i + name.len()..].chars().next().is_none_or(|c| !is_name_char(c));
        before && after
    })
}

fn with_code(mut error: async_graphql::ServerError, code: &str) -> async_graphql::ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

/// Every error carries `extensions.code`; one the resolvers did not set is
/// `GRAPHQL_VALIDATION_FAILED` when it has no path (it failed before
/// execution) and `INTERNAL_SERVER_ERROR` otherwise.
fn errors_json(errors: Vec<async_graphql::ServerError>) -> Value {
    let errors: Vec<_> = errors
        .into_iter()
        .map(|e| {
            let carried = e.extensions.as_ref().and_then(|x| x.get(schema::PATH_EXTENSION)).cloned();
            let code = if e.path.is_empty() && carried.is_none() {
                "GRAPHQL_VALIDATION_FAILED"
            } else {
                "INTERNAL_SERVER_ERROR"
            };
            let e = with_code(e, code);
            let mut v = serde_json::to_value(&e).unwrap_or_else(|_| json!({ "message": e.message }));
            if let Some(path) = carried {
                v["path"] = serde_json::to_value(&path).unwrap_or(Value::Null);
                if let Some(ext) = v.get_mut("extensions").and_then(Value::as_object_mut) {
                    ext.remove(schema::PATH_EXTENSION);
                }
            }
            // Always present, as the spec lists them.
            for key in ["locations", "path"] {
                if v.get(key).is_none() {
                    v[key] = json!([]);
                }
            }
            v
        })
        .collect();
    Value::Array(errors)
}

fn respond(response: async_graphql::Response, endpoint: Endpoint) -> Response {
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        data: &'a async_graphql::Value,
        // Absent when there are none, as the GraphQL spec requires (spec §2).
        #[serde(skip_serializing_if = "Value::is_null")]
        errors: Value,
    }
    let has_errors = !response.errors.is_empty();
    let errors = if has_errors { errors_json(response.errors) } else { Value::Null };
    if endpoint == Endpoint::Legacy && has_errors {
        return Problem { kind: ProblemKind::GraphqlError, msg: None, data: Some(errors) }.into_response();
    }
    let body = serde_json::to_vec(&Envelope { data: &response.data, errors }).unwrap_or_else(|_| b"{}".to_vec());
    let mut http = (StatusCode::OK, body).into_response();
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    http
}

#[cfg(test)]
mod tests {
    use super::introspection_field;

    #[test]
    fn introspection_is_found_anywhere() {
        assert_eq!(introspection_field("{ __schema { types { name } } }"), Some("__schema"));
        assert_eq!(
            introspection_field("query { a { ...F } } fragment F on A { __type(name: \"X\") { name } }"),
            Some("__type")
        );
        assert_eq!(introspection_field("{ a { ... on A { __schema { queryType { name } } } } }"), Some("__schema"));
        assert_eq!(introspection_field("{ __typename a { __typename } }"), None);
        assert_eq!(introspection_field("{ not valid"), None);
        assert_eq!(introspection_field("{ x: __type(name: \"A\") { name } }"), Some("__type"));
        assert_eq!(introspection_field("{ __typename my__schema_field }"), None);
    }
}
