//! RFC 7807 problem responses for failures outside GraphQL (spec §2).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A failure the service answers with `application/problem+json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// 401: unknown access key, inactive keypair, signature mismatch.
    AuthFailed,
    /// 400: missing or malformed `Authorization`, `Date`, version header.
    InvalidAuthParams,
    /// 400: unsupported API version, malformed body, missing query.
    GenericBadRequest,
    /// 403: the caller's role may not do this.
    InsufficientPrivilege,
    /// 413: the body is over the limit.
    RequestTooLarge,
    /// 408: the body did not arrive in time.
    RequestTimeout,
    /// 400 on the legacy endpoint: the GraphQL result has errors.
    GraphqlError,
    /// 429: the access key made more requests in the window than its `rate_limit`.
    RateLimitExceeded,
    /// 503: a service the request needs is down (the rate limiter, when told to refuse then).
    ServiceUnavailable,
    /// 500: the service itself failed (e.g. the keypair store).
    Internal,
}

impl ProblemKind {
    /// The status, type URI and title.
    pub fn parts(self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ProblemKind::AuthFailed => {
                (StatusCode::UNAUTHORIZED, "https://api.backend.ai/probs/auth-failed", "Credential/signature mismatch.")
            }
            ProblemKind::InvalidAuthParams => (
                StatusCode::BAD_REQUEST,
                "https://api.backend.ai/probs/invalid-auth-params",
                "Missing or invalid authorization parameters.",
            ),
            ProblemKind::GenericBadRequest => {
                (StatusCode::BAD_REQUEST, "https://api.backend.ai/probs/generic-bad-request", "Bad request.")
            }
            ProblemKind::InsufficientPrivilege => (
                StatusCode::FORBIDDEN,
                "https://api.backend.ai/probs/insufficient-privilege",
                "Insufficient privilege.",
            ),
            ProblemKind::RequestTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "https://api.backend.ai/probs/request-too-large", "Request too large.")
            }
            ProblemKind::RequestTimeout => {
                (StatusCode::REQUEST_TIMEOUT, "https://api.backend.ai/probs/request-timeout", "Request timeout.")
            }
            ProblemKind::GraphqlError => {
                (StatusCode::BAD_REQUEST, "https://api.backend.ai/probs/graphql-error", "GraphQL-generated error.")
            }
            ProblemKind::RateLimitExceeded => (
                StatusCode::TOO_MANY_REQUESTS,
                "https://api.backend.ai/probs/rate-limit-exceeded",
                "You have reached your API query rate limit.",
            ),
            ProblemKind::ServiceUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "https://api.backend.ai/probs/service-unavailable",
                "Service unavailable.",
            ),
            ProblemKind::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "https://api.backend.ai/probs/internal-server-error",
                "Internal server error.",
            ),
        }
    }

    /// The `error_code` field: the type URI's last segment.
    pub fn code(self) -> &'static str {
        self.parts().1.rsplit('/').next().unwrap_or("")
    }
}

/// A problem+json response.
#[derive(Debug, Clone)]
pub struct Problem {
    /// What kind of failure.
    pub kind: ProblemKind,
    /// The human-readable detail.
    pub msg: Option<String>,
    /// Extra members (the legacy endpoint's `data`).
    pub data: Option<Value>,
}

impl Problem {
    /// A problem with a message.
    pub fn new(kind: ProblemKind, msg: impl Into<String>) -> Problem {
        Problem { kind, msg: Some(msg.into()), data: None }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let (_, ty, title) = self.kind.parts();
        let mut body = json!({ "type": ty, "title": title, "error_code": self.kind.code() });
        if let Some(msg) = &self.msg {
            body["msg"] = json!(msg);
        }
        if let Some(data) = &self.data {
            body["data"] = data.clone();
        }
        body
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.kind.parts().0;
        let mut response = (status, self.body().to_string()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}
