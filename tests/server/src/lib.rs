//! End-to-end tests of generated servers over loopback (see tests/). The
//! library holds the generated code and a signing test client.

#![allow(missing_docs)]

use admin_codegen_runtime::signing::{self, SignMethod, SignedParts};
use serde_json::{Value, json};

/// The default schema, with its server module.
pub mod admin {
    admin_codegen_runtime::include_generated!();
}

/// `tests/fixtures/schema/access`, with its server module.
pub mod access {
    include!(concat!(env!("OUT_DIR"), "/access/admin_codegen.rs"));
}

/// `tests/fixtures/schema/limits`, generated with its `[limits]` config.
pub mod limits {
    include!(concat!(env!("OUT_DIR"), "/limits/admin_codegen.rs"));
}

/// The runtime, for code reached through this crate (the scaffold below).
pub use admin_codegen_runtime as runtime;

/// The resolver scaffold `admin-codegen scaffold` writes for the default schema
/// (see build.rs): every method answers "not implemented".
pub mod scaffolded {
    include!(concat!(env!("OUT_DIR"), "/scaffold.rs"));
}

/// Serves `app` on a free loopback port; returns `host:port`.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr.to_string()
}

/// The secret of every keypair [`keypair`] makes (the example's superadmin's, public).
pub const TEST_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// An active, unprivileged keypair in domain `default` with [`TEST_SECRET`],
/// owned by user 1, with no rate limit; change the rest with `..keypair(…)`.
pub fn keypair(
    access_key: &str,
    email: &str,
    role: admin_codegen_runtime::server::Role,
) -> admin_codegen_runtime::server::Keypair {
    admin_codegen_runtime::server::Keypair {
        access_key: access_key.into(),
        secret_key: TEST_SECRET.into(),
        user_id: uuid::Uuid::from_u128(1),
        email: email.into(),
        role,
        domain_name: "default".into(),
        is_active: true,
        is_admin: false,
        rate_limit: None,
    }
}

/// The API version the test clients send.
pub const VERSION: &str = "v9.20250722";

/// The `Date` and `Authorization` headers of a `POST /admin/gql` signed now.
pub struct Signed {
    /// The `Date` header.
    pub date: String,
    /// The `Authorization` header.
    pub authorization: String,
}

/// Signs a `POST /admin/gql` to `host` with this content type and [`VERSION`], dated now.
pub fn sign_post(host: &str, access_key: &str, secret_key: &str, content_type: &str) -> Signed {
    let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
    let parts =
        SignedParts { method: "POST", path_and_query: "/admin/gql", host, date: &date, content_type, version: VERSION };
    let signature = signing::sign(secret_key, SignMethod::HmacSha256, &parts).expect("HMAC takes any key");
    Signed { authorization: signing::authorization(SignMethod::HmacSha256, access_key, &signature), date }
}

/// Posts a correctly signed GraphQL request to `/admin/gql`; asserts 200 and returns the JSON body.
pub async fn signed_query(host: &str, access_key: &str, secret_key: &str, query: &str, variables: Value) -> Value {
    let (status, body) = signed_request(host, access_key, secret_key, query, variables).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Posts a correctly signed GraphQL request to `/admin/gql`; returns the status and JSON body.
pub async fn signed_request(
    host: &str,
    access_key: &str,
    secret_key: &str,
    query: &str,
    variables: Value,
) -> (u16, Value) {
    let answer = signed_exchange(host, access_key, secret_key, query, variables).await;
    (answer.status, answer.body)
}

/// What a server answered.
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// Posts a correctly signed GraphQL request to `/admin/gql`; returns the whole answer.
pub async fn signed_exchange(host: &str, access_key: &str, secret_key: &str, query: &str, variables: Value) -> Answer {
    let Signed { date, authorization } = sign_post(host, access_key, secret_key, "application/json");
    let response = reqwest::Client::new()
        .post(format!("http://{host}/admin/gql"))
        .header("Content-Type", "application/json")
        .header("Date", &date)
        .header("X-BackendAI-Version", VERSION)
        .header("Authorization", authorization)
        .body(json!({ "query": query, "variables": variables }).to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"));
    Answer { status, headers, body }
}

/// Whether a test that needs `what` runs: `what` is there (`Ok`), or it is
/// not and the test is skipped with the reason printed. When the environment
/// variable `require` is set (`.ci/run` sets it, having installed `what`), a
/// missing service fails the test instead.
pub fn service_or_skip<T>(what: &str, require: &str, found: Result<T, String>) -> Option<T> {
    match found {
        Ok(found) => Some(found),
        Err(reason) if std::env::var_os(require).is_some() => panic!("{what} is required ({require} is set): {reason}"),
        Err(reason) => {
            println!("skipped: {what} is not available here: {reason}");
            None
        }
    }
}

/// A throwaway Redis server on a free loopback port, stopped when dropped.
pub struct RedisServer {
    child: std::process::Child,
    /// `redis://127.0.0.1:PORT/0`.
    pub url: String,
    /// The port it listens on.
    pub port: u16,
}

impl RedisServer {
    /// Starts Debian's `redis-server` (or `$REDIS_SERVER`) with nothing saved
    /// to disk, and waits until it answers `PING`.
    pub fn start() -> Result<RedisServer, String> {
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        Self::start_on(port)
    }

    /// [`RedisServer::start`] on this port.
    pub fn start_on(port: u16) -> Result<RedisServer, String> {
        use std::io::{Read, Write};
        let program = std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
        let child = std::process::Command::new(&program)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `{program}` ({e}); Debian: apt-get install redis-server"))?;
        let server = RedisServer { child, url: format!("redis://127.0.0.1:{port}/0"), port };
        for _ in 0..100 {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let mut answer = [0u8; 7];
                if s.write_all(b"PING\r\n").is_ok() && s.read_exact(&mut answer).is_ok() && &answer == b"+PONG\r\n" {
                    return Ok(server);
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Err(format!("`{program}` did not answer on port {port}"))
    }

    /// Stops the server at once (as a crash would).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Resident memory (VmRSS) of a process in KiB, from `/proc/<process>/status`
/// (`"self"` or a pid); `None` where that is missing (not Linux).
pub fn rss_kib(process: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// Samples a process's resident memory on a thread of its own until stopped.
pub struct RssPeak {
    peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl RssPeak {
    /// Starts sampling `process` (see [`rss_kib`]) every `every`, from a peak of `start` KiB.
    pub fn start(process: String, start: u64, every: std::time::Duration) -> RssPeak {
        use std::sync::atomic::Ordering::Relaxed;
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(start));
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, d) = (peak.clone(), done.clone());
        let thread = std::thread::spawn(move || {
            while !d.load(Relaxed) {
                if let Some(k) = rss_kib(&process) {
                    p.fetch_max(k, Relaxed);
                }
                std::thread::sleep(every);
            }
        });
        RssPeak { peak, done, thread }
    }

    /// Stops sampling; the highest value seen, in KiB.
    pub fn stop(self) -> u64 {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.load(std::sync::atomic::Ordering::Relaxed)
    }
}
