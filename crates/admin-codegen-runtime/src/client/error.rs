//! Every way an Admin API request can fail.

use serde_json::Value;

/// Why a request failed.
#[derive(Debug)]
pub enum ClientError {
    /// The client is misconfigured (a bad endpoint, an unsignable date).
    Config(String),
    /// The request did not complete: connection refused, TLS, reset.
    Transport(reqwest::Error),
    /// The request took longer than the configured timeout.
    Timeout(reqwest::Error),
    /// A non-2xx answer; `problem` is its problem+json body when it has one.
    Http {
        /// The HTTP status.
        status: u16,
        /// The decoded problem+json body.
        problem: Option<Problem>,
        /// The body as text (for answers that are not problem+json).
        body: String,
    },
    /// The server answered GraphQL errors.
    Graphql(Vec<GraphqlError>),
    /// The answer does not match the expected types.
    Decode(String),
    /// A mutation answered `{ok: false, msg}` (spec §7).
    Failed {
        /// The root field.
        field: String,
        /// Its `msg`, when selected.
        msg: Option<String>,
    },
}

/// An `application/problem+json` body (spec §3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Problem {
    /// The problem type URI (`https://api.backend.ai/probs/invalid-auth-params`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The short title.
    #[serde(default)]
    pub title: Option<String>,
    /// The detail message.
    #[serde(default)]
    pub msg: Option<String>,
    /// The error code (the last segment of the type).
    #[serde(default)]
    pub error_code: Option<String>,
}

/// One GraphQL error.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphqlError {
    /// The message.
    pub message: String,
    /// The path of the field that failed (names and indexes).
    pub path: Vec<Value>,
    /// `extensions.code`.
    pub code: Option<String>,
}

impl GraphqlError {
    pub(crate) fn from_json(v: &Value) -> GraphqlError {
        GraphqlError {
            message: v["message"].as_str().unwrap_or_default().to_owned(),
            path: v["path"].as_array().cloned().unwrap_or_default(),
            code: v["extensions"]["code"].as_str().map(str::to_owned),
        }
    }
}

impl ClientError {
    pub(crate) fn from_reqwest(e: reqwest::Error) -> ClientError {
        if e.is_timeout() { ClientError::Timeout(e) } else { ClientError::Transport(e) }
    }

    pub(crate) fn from_http(status: u16, body: &str) -> ClientError {
        ClientError::Http { status, problem: serde_json::from_str(body).ok(), body: body.to_owned() }
    }

    /// The problem type of an HTTP error.
    pub fn problem_type(&self) -> Option<&str> {
        match self {
            ClientError::Http { problem: Some(p), .. } => Some(&p.kind),
            _ => None,
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Config(m) => write!(f, "client configuration: {m}"),
            ClientError::Transport(e) => write!(f, "transport error: {e}"),
            ClientError::Timeout(e) => write!(f, "timed out: {e}"),
            ClientError::Http { status, problem: Some(p), .. } => {
                write!(f, "HTTP {status}: {} ({})", p.msg.as_deref().or(p.title.as_deref()).unwrap_or(""), p.kind)
            }
            ClientError::Http { status, body, .. } => write!(f, "HTTP {status}: {body}"),
            ClientError::Graphql(errors) => {
                let parts: Vec<String> = errors
                    .iter()
                    .map(|e| match &e.code {
                        Some(code) => format!("{} [{code}]", e.message),
                        None => e.message.clone(),
                    })
                    .collect();
                write!(f, "GraphQL errors: {}", parts.join("; "))
            }
            ClientError::Decode(m) => write!(f, "unexpected response: {m}"),
            ClientError::Failed { field, msg } => {
                write!(f, "`{field}` failed: {}", msg.as_deref().unwrap_or("ok: false without a message"))
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Transport(e) | ClientError::Timeout(e) => Some(e),
            _ => None,
        }
    }
}
