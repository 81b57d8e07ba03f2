//! The Admin API client (feature `client`): signs every request as spec §8
//! says, negotiates the API version with `GET /`, posts generated operations
//! to `/admin/gql`, and turns every way a request can fail into [`ClientError`].
//!
//! ```no_run
//! # async fn run() -> Result<(), admin_codegen_runtime::client::ClientError> {
//! use admin_codegen_runtime::client::Client;
//! let mut client = Client::new("http://127.0.0.1:8090", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")?;
//! client.negotiate().await?;
//! let data = client.raw("{ user { email } }", serde_json::json!({})).await?;
//! # Ok(()) }
//! ```

mod error;
mod pages;

use std::time::Duration;

use serde_json::{Value, json};

use crate::operation::{Operation, PayloadKeys};
use crate::signing::{self, SignMethod, SignedParts};
use crate::versions;

pub use error::{ClientError, GraphqlError, Problem};
pub use pages::PageStream;

/// The GraphQL endpoint's path.
pub const GRAPHQL_PATH: &str = "/admin/gql";

/// A signing Admin API client. Cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    host: String,
    access_key: String,
    secret_key: String,
    method: SignMethod,
    version: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("access_key", &self.access_key)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Options of [`Client::with_options`].
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Timeout of a whole request (default 30 s).
    pub timeout: Duration,
    /// Timeout of connecting (default 10 s).
    pub connect_timeout: Duration,
    /// The API version sent until [`Client::negotiate`] lowers it (default the latest known).
    pub version: String,
    /// The signature hash (default HMAC-SHA256).
    pub sign_method: SignMethod,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            version: versions::LATEST.to_owned(),
            sign_method: SignMethod::HmacSha256,
        }
    }
}

impl Client {
    /// A client of `endpoint` (`https://api.example.com`, no path) with a keypair and default options.
    pub fn new(endpoint: &str, access_key: &str, secret_key: &str) -> Result<Client, ClientError> {
        Client::with_options(endpoint, access_key, secret_key, ClientOptions::default())
    }

    /// A client with options (timeouts, initial version, hash).
    pub fn with_options(
        endpoint: &str,
        access_key: &str,
        secret_key: &str,
        options: ClientOptions,
    ) -> Result<Client, ClientError> {
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let host = endpoint_host(&endpoint)?;
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .build()
            .map_err(ClientError::Transport)?;
        Ok(Client {
            http,
            endpoint,
            host,
            access_key: access_key.to_owned(),
            secret_key: secret_key.to_owned(),
            method: options.sign_method,
            version: options.version,
        })
    }

    /// The API version sent in `X-BackendAI-Version`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Asks the server for its version (`GET /`) and uses the lower of it and ours.
    pub async fn negotiate(&mut self) -> Result<&str, ClientError> {
        let response = self.http.get(format!("{}/", self.endpoint)).send().await.map_err(ClientError::from_reqwest)?;
        let status = response.status();
        let body = response.text().await.map_err(ClientError::from_reqwest)?;
        if !status.is_success() {
            return Err(ClientError::from_http(status.as_u16(), &body));
        }
        let doc: Value = serde_json::from_str(&body).map_err(|e| ClientError::Decode(format!("GET /: {e}")))?;
        let theirs = doc["version"].as_str().ok_or_else(|| ClientError::Decode("GET /: no `version`".into()))?;
        self.version = versions::negotiate(&self.version, theirs).to_owned();
        Ok(&self.version)
    }

    /// Signs and posts a GraphQL request; returns the response's `data`.
    pub async fn raw(&self, query: &str, variables: Value) -> Result<Value, ClientError> {
        self.post(&json!({ "query": query, "variables": variables })).await
    }

    /// Runs a generated operation and decodes its response.
    pub async fn execute<O: Operation>(&self, variables: &O::Variables) -> Result<O::Response, ClientError> {
        let body = request_body::<O>(variables);
        let (status, bytes) = self.post_bytes(&body).await?;
        parse_typed(status, &bytes)
    }

    /// Runs a generated operation; a root `{ok: false, msg}` payload becomes
    /// [`ClientError::Failed`] (spec §7: clients must surface in-band failures).
    pub async fn execute_checked<O: Operation>(&self, variables: &O::Variables) -> Result<O::Response, ClientError> {
        let data = self.execute_value::<O>(variables).await?;
        check_payloads(&data, O::PAYLOADS)?;
        decode(data)
    }

    /// Runs a generated operation; returns the raw `data`.
    pub async fn execute_value<O: Operation>(&self, variables: &O::Variables) -> Result<Value, ClientError> {
        let body = request_body::<O>(variables);
        self.post(&body).await
    }

    async fn post(&self, body: &Value) -> Result<Value, ClientError> {
        let (status, bytes) = self.post_bytes(body).await?;
        parse_response(status, &bytes)
    }

    async fn post_bytes(&self, body: &Value) -> Result<(u16, Vec<u8>), ClientError> {
        let body = serde_json::to_vec(body).map_err(|e| ClientError::Decode(format!("encoding the request: {e}")))?;
        let request = self.signed(reqwest::Method::POST, GRAPHQL_PATH)?.body(body);
        let response = request.send().await.map_err(ClientError::from_reqwest)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(ClientError::from_reqwest)?;
        Ok((status, bytes.to_vec()))
    }

    /// A request with `Date`, `X-BackendAI-Version`, `Content-Type` and a signed `Authorization`.
    fn signed(&self, method: reqwest::Method, path: &str) -> Result<reqwest::RequestBuilder, ClientError> {
        let headers = sign_headers(
            &self.host,
            method.as_str(),
            path,
            &self.version,
            &self.access_key,
            &self.secret_key,
            self.method,
        )?;
        let mut request = self.http.request(method, format!("{}{path}", self.endpoint));
        for (name, value) in headers {
            request = request.header(name, value);
        }
        Ok(request)
    }
}

/// The `Host` a request to `endpoint` carries (and signs): host, plus `:port` when the URL has one.
pub fn endpoint_host(endpoint: &str) -> Result<String, ClientError> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| ClientError::Config(format!("invalid endpoint `{endpoint}`: {e}")))?;
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => Ok(format!("{h}:{p}")),
        (Some(h), None) => Ok(h.to_owned()),
        (None, _) => Err(ClientError::Config(format!("endpoint `{endpoint}` has no host"))),
    }
}

/// The JSON body that runs an operation.
fn request_body<O: Operation>(variables: &impl serde::Serialize) -> Value {
    json!({ "query": O::DOCUMENT, "operationName": O::NAME, "variables": variables })
}

/// The headers that authenticate a request (spec §8): `Date`,
/// `X-BackendAI-Version`, `Content-Type: application/json` and `Authorization`.
pub fn sign_headers(
    host: &str,
    method: &str,
    path_and_query: &str,
    version: &str,
    access_key: &str,
    secret_key: &str,
    sign_method: SignMethod,
) -> Result<[(&'static str, String); 4], ClientError> {
    let parts = Signer { host, method, path_and_query, version, access_key, secret_key, sign_method };
    let [date, version, authorization] = parts.sign("application/json")?;
    Ok([date, version, ("Content-Type", "application/json".to_owned()), authorization])
}

/// What a request is signed with, but its content type.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    /// `Host` as sent.
    pub host: &'a str,
    /// The HTTP method.
    pub method: &'a str,
    /// The path and query as sent.
    pub path_and_query: &'a str,
    /// `X-BackendAI-Version`.
    pub version: &'a str,
    /// The access key.
    pub access_key: &'a str,
    /// The secret key.
    pub secret_key: &'a str,
    /// The HMAC hash.
    pub sign_method: SignMethod,
}

impl Signer<'_> {
    /// `Date`, `X-BackendAI-Version` and `Authorization` for a request sent
    /// with this `Content-Type` (`""` when it has none), dated now.
    pub fn sign(&self, content_type: &str) -> Result<[(&'static str, String); 3], ClientError> {
        let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
        let parts = SignedParts {
            method: self.method,
            path_and_query: self.path_and_query,
            host: self.host,
            date: &date,
            content_type,
            version: self.version,
        };
        let signature =
            signing::sign(self.secret_key, self.sign_method, &parts).map_err(|e| ClientError::Config(e.to_string()))?;
        Ok([
            ("Date", date),
            ("X-BackendAI-Version", self.version.to_owned()),
            ("Authorization", signing::authorization(self.sign_method, self.access_key, &signature)),
        ])
    }
}

/// Turns an HTTP response into `data` or the error it carries.
pub fn parse_response(status: u16, body: &[u8]) -> Result<Value, ClientError> {
    if !(200..300).contains(&status) {
        return Err(ClientError::from_http(status, &String::from_utf8_lossy(body)));
    }
    let envelope: Value =
        serde_json::from_slice(body).map_err(|e| ClientError::Decode(format!("the response is not JSON: {e}")))?;
    let errors = envelope.get("errors").and_then(Value::as_array).filter(|e| !e.is_empty());
    if let Some(errors) = errors {
        let errors: Vec<GraphqlError> = errors.iter().map(GraphqlError::from_json).collect();
        return Err(ClientError::Graphql(errors));
    }
    match envelope {
        Value::Object(mut map) => Ok(map.remove("data").unwrap_or(Value::Null)),
        _ => Err(ClientError::Decode("the response is not a JSON object".into())),
    }
}

/// Turns an HTTP response into a typed `data` in one pass over the bytes (the
/// untyped [`parse_response`] is used only to explain a failure).
pub fn parse_typed<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ClientError> {
    #[derive(serde::Deserialize)]
    struct Envelope<T> {
        data: Option<T>,
        #[serde(default)]
        errors: Option<Vec<Value>>,
    }
    if !(200..300).contains(&status) {
        return Err(ClientError::from_http(status, &String::from_utf8_lossy(body)));
    }
    match serde_json::from_slice::<Envelope<T>>(body) {
        Ok(Envelope { errors: Some(errors), .. }) if !errors.is_empty() => {
            Err(ClientError::Graphql(errors.iter().map(GraphqlError::from_json).collect()))
        }
        Ok(Envelope { data: Some(data), .. }) => Ok(data),
        Ok(Envelope { data: None, .. }) => Err(ClientError::Decode("the response has no `data`".into())),
        // Errors with partial data do not fit the types; report the errors, else the mismatch.
        Err(e) => match parse_response(status, body) {
            Err(err @ ClientError::Graphql(_)) => Err(err),
            Err(err @ ClientError::Decode(_)) => Err(err),
            _ => Err(ClientError::Decode(e.to_string())),
        },
    }
}

/// Decodes `data` as an operation's response type.
pub fn decode<T: serde::de::DeserializeOwned>(data: Value) -> Result<T, ClientError> {
    serde_json::from_value(data).map_err(|e| ClientError::Decode(e.to_string()))
}

/// The first root payload with `ok: false`, as [`ClientError::Failed`].
pub fn check_payloads(data: &Value, payloads: &[PayloadKeys]) -> Result<(), ClientError> {
    for p in payloads {
        let payload = &data[p.root];
        if payload[p.ok] == Value::Bool(false) {
            let msg = p.msg.and_then(|m| payload[m].as_str()).map(str::to_owned);
            return Err(ClientError::Failed { field: p.field.to_owned(), msg });
        }
    }
    Ok(())
}
