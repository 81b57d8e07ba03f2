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
//! 6. the request counted against the keypair's `rate_limit` in the rolling
//!    15-minute window (else 429 rate-limit-exceeded); every response
//!    carries `X-RateLimit-Limit`, `-Remaining` and `-Window`;
//! 7. `Content-Type: application/json`, a body within the limit (else 413),
//!    a JSON object with a `query` string (else 400 generic-bad-request);
//! 8. introspection refused with a GraphQL error unless enabled;
//! 9. execution with the caller's [`Principal`] in the context data.
//!
//! `/admin/gql` always answers 200 with `{"data", "errors"}` (`errors` left out
//! when there are none), unless the client accepts
//! `application/graphql-response+json`: then a request that fails before
//! execution is 400 without `data`, as GraphQL over HTTP says; the legacy
//! `/admin/graphql` answers a result with errors as 400 problem+json.

mod access;
mod documents;
mod keystore;
mod model;
mod problem;
mod ratelimit;
mod registry;
mod resolver;
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
#[cfg(feature = "ratelimit-redis")]
pub use ratelimit::RedisRateLimiter;
pub use ratelimit::{Hit, MemoryRateLimiter, RateLimit, RateLimiter, UNAUTHENTICATED_LIMIT, WINDOW, WhenUnavailable};
pub use schema::{Answer, RequestContext, ResolverError, Resolvers};
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
    /// Where requests are counted against each keypair's `rate_limit`
    /// (default: in this process; [`RedisRateLimiter`] shares the count
    /// between replicas).
    pub rate_limit: RateLimit,
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
            rate_limit: RateLimit::default(),
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
    let response = ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response();
    RateHeaders::UNAUTHENTICATED.apply(response)
}

/// The `X-RateLimit-*` headers of one response.
#[derive(Debug, Clone, Copy)]
struct RateHeaders {
    limit: Option<u32>,
    remaining: Option<u64>,
}

impl RateHeaders {
    const UNAUTHENTICATED: RateHeaders =
        RateHeaders { limit: Some(UNAUTHENTICATED_LIMIT), remaining: Some(UNAUTHENTICATED_LIMIT as u64) };

    fn apply(self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        if let Some(limit) = self.limit {
            headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
        }
        if let Some(remaining) = self.remaining {
            headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        }
        headers.insert("x-ratelimit-window", HeaderValue::from(WINDOW.as_secs()));
        response
    }
}

/// Step 6: counts the request; an error is the answer instead of serving it.
async fn count_request<E>(
    service: &Service<E>,
    principal: &Principal,
    limit: Option<u32>,
) -> Result<RateHeaders, (Problem, RateHeaders)> {
    let Some(limit) = limit else { return Ok(RateHeaders { limit: None, remaining: None }) };
    let rate = &service.options.rate_limit;
    let outcome = rate.limiter.hit(&principal.access_key, limit).await;
    rate.note(&outcome);
    match outcome {
        Ok(count) if count > u64::from(limit) => Err((
            problem(ProblemKind::RateLimitExceeded, format!("{limit} requests per {} s", WINDOW.as_secs())),
            RateHeaders { limit: Some(limit), remaining: Some(0) },
        )),
        Ok(count) => Ok(RateHeaders { limit: Some(limit), remaining: Some(u64::from(limit) - count) }),
        Err(_) if rate.when_unavailable == WhenUnavailable::Serve => {
            Ok(RateHeaders { limit: Some(limit), remaining: None })
        }
        Err(e) => Err((
            problem(ProblemKind::ServiceUnavailable, format!("rate limiter: {e}")),
            RateHeaders { limit: Some(limit), remaining: None },
        )),
    }
}

async fn handle<E: async_graphql::Executor>(
    State(service): State<Arc<Service<E>>>,
    request: Request<Body>,
    endpoint: Endpoint,
) -> Response {
    let (head, body) = request.into_parts();
    let path_and_query = head.uri.path_and_query().map_or(head.uri.path(), |p| p.as_str());
    let (principal, limit) = match authenticate(&service, &head.method, path_and_query, &head.headers).await {
        Ok(found) => found,
        Err(problem) => return RateHeaders::UNAUTHENTICATED.apply(problem.into_response()),
    };
    let rate = match count_request(&service, &principal, limit).await {
        Ok(rate) => rate,
        Err((problem, rate)) => return rate.apply(problem.into_response()),
    };
    let response = serve(&service, principal, head, body, endpoint).await.unwrap_or_else(IntoResponse::into_response);
    rate.apply(response)
}

fn problem(kind: ProblemKind, msg: impl Into<String>) -> Problem {
    Problem::new(kind, msg)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Steps 1–5: who is calling, and their keypair's `rate_limit`.
async fn authenticate<E>(
    service: &Service<E>,
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
) -> Result<(Principal, Option<u32>), Problem> {
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
        Ok(true) => Ok((Principal::from(&keypair), keypair.rate_limit)),
        Ok(false) => Err(problem(ProblemKind::AuthFailed, "HMAC signature mismatch")),
        Err(e) => Err(problem(ProblemKind::InvalidAuthParams, e.to_string())),
    }
}

/// Step 7: the GraphQL request in the body.
fn graphql_request(body: &Bytes) -> Result<async_graphql::Request, Problem> {
    /// The body's members as sent; their types are checked below, each with its own message.
    #[derive(serde::Deserialize)]
    struct Body {
        query: Option<Value>,
        variables: Option<Value>,
        #[serde(rename = "operationName", alias = "operation_name")]
        operation_name: Option<Value>,
        extensions: Option<Value>,
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
    if body.extensions.as_ref().is_some_and(|e| !e.is_null() && !e.is_object()) {
        return Err(problem(ProblemKind::GenericBadRequest, "extensions must be an object"));
    }
    Ok(request)
}

/// Steps 7–9, for an authenticated and counted request.
async fn serve<E: async_graphql::Executor>(
    service: &Service<E>,
    principal: Principal,
    head: axum::http::request::Parts,
    body: Body,
    endpoint: Endpoint,
) -> Result<Response, Problem> {
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
    let media = ResponseMedia::negotiate(header_str(&head.headers, "accept"));

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
    Ok(respond(response, endpoint, media))
}

/// What the client asked the answer to be (GraphQL over HTTP, "Accept").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseMedia {
    /// `application/json`: always 200, as the Admin API answers (spec §2);
    /// also for `*/*`, no `Accept`, and anything else.
    Json,
    /// `application/graphql-response+json`: a request that fails before
    /// execution (parsing, validation, variables) is 400 and has no `data`.
    GraphqlResponse,
}

impl ResponseMedia {
    const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

    /// `application/graphql-response+json` when the client accepts it and
    /// does not prefer `application/json` (by order, or by a higher `q`).
    fn negotiate(accept: Option<&str>) -> ResponseMedia {
        let Some(accept) = accept else { return ResponseMedia::Json };
        let mut best: Option<(f32, ResponseMedia)> = None;
        for range in accept.split(',') {
            let mut params = range.split(';');
            let media = params.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = params
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let kind = match media.as_str() {
                Self::GRAPHQL_RESPONSE => ResponseMedia::GraphqlResponse,
                "application/json" => ResponseMedia::Json,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, kind));
            }
        }
        best.map_or(ResponseMedia::Json, |(_, kind)| kind)
    }
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

fn respond(response: async_graphql::Response, endpoint: Endpoint, media: ResponseMedia) -> Response {
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        // Absent only for a request error answered as graphql-response+json.
        #[serde(skip_serializing_if = "Option::is_none")]
        data: Option<&'a async_graphql::Value>,
        // Absent when there are none, as the GraphQL spec requires (spec §2).
        #[serde(skip_serializing_if = "Value::is_null")]
        errors: Value,
    }
    let has_errors = !response.errors.is_empty();
    // Nothing was executed: every error is from before execution (no path).
    let request_error = has_errors
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty() && !has_carried_path(e));
    let errors = if has_errors { errors_json(response.errors) } else { Value::Null };
    if endpoint == Endpoint::Legacy && has_errors {
        return Problem { kind: ProblemKind::GraphqlError, msg: None, data: Some(errors) }.into_response();
    }
    let (status, content_type, data) = match media {
        ResponseMedia::GraphqlResponse if request_error => {
            (StatusCode::BAD_REQUEST, ResponseMedia::GRAPHQL_RESPONSE, None)
        }
        ResponseMedia::GraphqlResponse => (StatusCode::OK, ResponseMedia::GRAPHQL_RESPONSE, Some(&response.data)),
        ResponseMedia::Json => (StatusCode::OK, "application/json", Some(&response.data)),
    };
    let body = serde_json::to_vec(&Envelope { data, errors }).unwrap_or_else(|_| b"{}".to_vec());
    let mut http = (status, body).into_response();
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    http
}

/// Whether a resolver error carries its path in the extensions (see [`schema::PATH_EXTENSION`]).
fn has_carried_path(error: &async_graphql::ServerError) -> bool {
    error.extensions.as_ref().is_some_and(|x| x.get(schema::PATH_EXTENSION).is_some())
}

#[cfg(test)]
mod tests {
    use super::{ResponseMedia, introspection_field};

    #[test]
    fn accept_chooses_graphql_response_only_when_preferred() {
        let gr = ResponseMedia::GraphqlResponse;
        let json = ResponseMedia::Json;
        for (accept, media) in [
            (None, json),
            (Some("*/*"), json),
            (Some("application/json"), json),
            (Some("application/graphql-response+json"), gr),
            (Some("application/graphql-response+json, application/json;q=0.9"), gr),
            (Some("application/json, application/graphql-response+json"), json),
            (Some("application/json;q=0.5, application/graphql-response+json"), gr),
            (Some("application/graphql-response+json;q=0, application/json"), json),
            (Some("text/html"), json),
        ] {
            assert_eq!(ResponseMedia::negotiate(accept), media, "{accept:?}");
        }
    }

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
