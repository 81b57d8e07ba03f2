//! Load benchmark: the example server against the same resolver served by
//! plain async-graphql + axum, over loopback, in one run.
//!
//! ```text
//! cargo bench -p admin-codegen-example --bench load
//! LOAD_SECONDS=10 LOAD_ROUNDS=5 LOAD_CONNECTIONS=64 cargo bench -p admin-codegen-example --bench load
//! LOAD_ONLY=conventions cargo bench -p admin-codegen-example --bench load   # one server, e.g. under perf
//! LOAD_DATABASE=/tmp/load.db cargo bench -p admin-codegen-example --bench load  # a SQLite file, not :memory:
//! LOAD_DATABASE=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p admin-codegen-example --bench load
//! ```
//!
//! Every server reads the same database (`LOAD_DATABASE`, default a fresh
//! in-memory SQLite one per server), seeded as the example seeds it.
//!
//! Four servers answer `{ user { email role } }` for the plain user
//! `user1@lablup.com`, all through `ExampleApi::user` (the example's resolver):
//!
//! - `plain`: a static async-graphql schema (`#[Object]`) in an axum JSON
//!   handler; no signature, no keypair lookup, no access rules.
//! - `generated`: the generated (dynamic) schema in the same axum handler, with
//!   the caller injected; no signature or keypair lookup.
//! - `conventions`: `admin_codegen_example::app`, the runtime router: path
//!   routing, version and date checks, HMAC signature verification, keypair
//!   lookup, problem+json, introspection guard, then the generated schema,
//!   with parsed documents cached (`ServiceOptions::document_cache`);
//! - `uncached`: the same with the document cache off, so that every request
//!   is parsed, as `plain` and `generated` do.
//! - `limited`: `conventions` with every request counted against the
//!   keypair's `rate_limit` in process (`MemoryRateLimiter`, the default);
//! - `redis`: the same counted in a Redis server the benchmark starts on
//!   loopback (`RedisRateLimiter`, one script per request); left out, saying
//!   why, when `redis-server` is not installed.
//!
//! `conventions` and `uncached` count nothing (a limiter that answers 0), so
//! the two rate-limited apps show what counting costs per request. The
//! benchmark keypair's `rate_limit` is set far above what a run sends.
//!
//! The load generator keeps `LOAD_CONNECTIONS` keep-alive HTTP/1.1
//! connections busy (hyper, one request in flight per connection) from its own
//! thread; each server runs on a tokio runtime with `SERVER_THREADS` workers.
//! Requests are signed once per run (the signature is valid for 15 minutes),
//! so the client's cost is the same for all three. Rounds are interleaved
//! (plain, generated, conventions, plain, …) and each server's figures are the
//! median round by throughput. Every server's answer is checked to be the same
//! data before measuring.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use admin_codegen_example::admin::server::{QueriesResolver, QueriesUserArgs, schema};
use admin_codegen_example::{Db, ExampleApi};
use admin_codegen_runtime::server::{
    Hit, Principal, RateLimit, RateLimiter, RedisRateLimiter, RequestContext, Role, ServiceOptions,
};
use axum::extract::State;
use axum::{Json, Router, routing::post};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use server_tests::VERSION;

const QUERY: &str = "{ user { email role } }";
const ACCESS_KEY: &str = "AKIAUSER000000000001";
const SECRET_KEY: &str = "user1-secret-key-for-example-only-000001";

fn user1() -> Principal {
    Principal {
        access_key: ACCESS_KEY.into(),
        user_id: uuid::Uuid::parse_str("9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4").unwrap(),
        email: "user1@lablup.com".into(),
        role: Role::User,
        domain_name: "default".into(),
        is_admin: false,
    }
}

// --- plain async-graphql ---------------------------------------------------

#[derive(async_graphql::SimpleObject)]
struct PlainUser {
    email: Option<String>,
    role: Option<String>,
}

struct PlainQuery {
    api: ExampleApi,
}

#[async_graphql::Object]
impl PlainQuery {
    async fn user(
        &self,
        #[graphql(name = "domain_name")] domain_name: Option<String>,
        email: Option<String>,
    ) -> async_graphql::Result<Option<PlainUser>> {
        let ctx = RequestContext { principal: user1() };
        // What the generated server's `@scoped` does before the resolver: a plain user is forced to themselves.
        let (domain_name, email) =
            (domain_name.or(Some(ctx.principal.domain_name.clone())), email.or(Some(ctx.principal.email.clone())));
        let user = QueriesResolver::user(&self.api, &ctx, QueriesUserArgs { domain_name, email })
            .await
            .map_err(|e| e.into_graphql())?;
        Ok(user.map(|u| PlainUser {
            email: u.email,
            role: u.role.map(|r| serde_json::to_value(r).unwrap().as_str().unwrap().to_owned()),
        }))
    }
}

/// The JSON handler `plain` and `generated` share: a GraphQL request in, the response out.
async fn graphql<E: async_graphql::Executor>(
    State(executor): State<Arc<E>>,
    Json(request): Json<async_graphql::Request>,
) -> Json<async_graphql::Response> {
    Json(executor.execute(request.data(user1())).await)
}

/// Builds one server's router over the database at the URL, on the runtime that will serve it.
type App = fn(String) -> Pin<Box<dyn Future<Output = Router>>>;

/// The database at `url`, with the benchmark keypair's `rate_limit` far above
/// what a run sends (the same for every server, which may share the database).
async fn api(url: &str) -> ExampleApi {
    let api = ExampleApi::open(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let set = "UPDATE keypairs SET rate_limit = 2000000000";
    match api.db() {
        Db::Sqlite(pool) => sqlx::query(set).execute(pool).await.map(drop),
        Db::Postgres(pool) => sqlx::query(set).execute(pool).await.map(drop),
    }
    .unwrap();
    api
}

/// A limiter that counts nothing: the router's cost without rate limiting.
struct Uncounted;

impl RateLimiter for Uncounted {
    fn hit<'a>(&'a self, _: &'a str, _: u32) -> Hit<'a> {
        Box::pin(std::future::ready(Ok(0)))
    }
}

/// The Redis server the `redis` app counts in (set by `main`).
static REDIS_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn router_app(url: String, options: ServiceOptions) -> Pin<Box<dyn Future<Output = Router>>> {
    Box::pin(async move { admin_codegen_example::api_router(api(&url).await, options) })
}

fn plain_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    Box::pin(async move { plain(api(&url).await) })
}

fn plain(api: ExampleApi) -> Router {
    let schema = async_graphql::Schema::build(
        PlainQuery { api },
        async_graphql::EmptyMutation,
        async_graphql::EmptySubscription,
    )
    .disable_suggestions()
    .finish();
    Router::new().route("/admin/gql", post(graphql::<async_graphql::Schema<_, _, _>>)).with_state(Arc::new(schema))
}

fn generated_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    Box::pin(async move {
        let schema = schema(Arc::new(api(&url).await)).finish().unwrap();
        Router::new().route("/admin/gql", post(graphql::<async_graphql::dynamic::Schema>)).with_state(Arc::new(schema))
    })
}

fn conventions_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    router_app(url, ServiceOptions { rate_limit: RateLimit::new(Uncounted), ..ServiceOptions::default() })
}

/// The example server without its parsed-document cache: every request parsed, as `plain` does.
fn uncached_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    router_app(url, ServiceOptions { document_cache: 0, rate_limit: RateLimit::new(Uncounted), ..Default::default() })
}

/// `conventions` with every request counted in process (the default).
fn limited_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    router_app(url, ServiceOptions::default())
}

/// `conventions` with every request counted in Redis, as replicas share it.
fn redis_app(url: String) -> Pin<Box<dyn Future<Output = Router>>> {
    let redis = REDIS_URL.get().expect("main starts Redis first");
    let limiter = RedisRateLimiter::new(redis).unwrap().with_prefix("load:");
    router_app(url, ServiceOptions { rate_limit: RateLimit::new(limiter), ..ServiceOptions::default() })
}

// --- load generator ---------------------------------------------------------

struct Signed {
    date: String,
    authorization: String,
    body: Bytes,
}

fn sign(host: &str) -> Signed {
    let server_tests::Signed { date, authorization } =
        server_tests::sign_post(host, ACCESS_KEY, SECRET_KEY, "application/json");
    let body = Bytes::from(serde_json::json!({ "query": QUERY, "variables": {} }).to_string());
    Signed { date, authorization, body }
}

fn request(host: &str, signed: &Signed) -> hyper::Request<Full<Bytes>> {
    hyper::Request::post("/admin/gql")
        .header("Host", host)
        .header("Content-Type", "application/json")
        .header("Date", &signed.date)
        .header("X-BackendAI-Version", VERSION)
        .header("Authorization", &signed.authorization)
        .body(Full::new(signed.body.clone()))
        .unwrap()
}

/// One connection's loop: requests back to back until `until`; latencies in µs.
async fn connection(addr: SocketAddr, signed: Arc<Signed>, until: Instant) -> Result<Vec<u32>, String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let host = addr.to_string();
    let mut latencies = Vec::new();
    while Instant::now() < until {
        let start = Instant::now();
        let response = sender.send_request(request(&host, &signed)).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        if status != 200 {
            return Err(format!("status {status}: {}", String::from_utf8_lossy(&body)));
        }
        latencies.push(start.elapsed().as_micros().min(u32::MAX as u128) as u32);
    }
    Ok(latencies)
}

struct Round {
    rps: f64,
    p50: u32,
    p99: u32,
}

/// Drives `addr` with `connections` connections for `seconds` from a
/// dedicated client thread (after a one-second warm-up).
fn drive(addr: SocketAddr, connections: usize, seconds: f64) -> Round {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let signed = Arc::new(sign(&addr.to_string()));
            let run = |secs: f64| {
                let signed = signed.clone();
                async move {
                    let until = Instant::now() + Duration::from_secs_f64(secs);
                    let tasks: Vec<_> =
                        (0..connections).map(|_| tokio::spawn(connection(addr, signed.clone(), until))).collect();
                    let start = Instant::now();
                    let mut all = Vec::new();
                    for t in tasks {
                        all.extend(t.await.unwrap().unwrap_or_else(|e| panic!("load failed: {e}")));
                    }
                    (all, start.elapsed())
                }
            };
            run(1.0).await;
            let (mut latencies, elapsed) = run(seconds).await;
            latencies.sort_unstable();
            let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
            Round { rps: latencies.len() as f64 / elapsed.as_secs_f64(), p50: pct(0.50), p99: pct(0.99) }
        })
    })
    .join()
    .unwrap()
}

/// Serves `app` on a runtime of its own; returns the address and the runtime (dropping it stops the server).
fn serve(app: App, url: &str, threads: usize) -> (SocketAddr, tokio::runtime::Runtime) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
    let app = rt.block_on(app(url.to_owned()));
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, rt)
}

/// The `data` a server answers the benchmark query with.
fn answer(addr: SocketAddr) -> serde_json::Value {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
            tokio::spawn(conn);
            let response = sender.send_request(request(&addr.to_string(), &sign(&addr.to_string()))).await.unwrap();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            body["data"].clone()
        })
    })
    .join()
    .unwrap()
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Per-request CPU cost without sockets: each app called in process, one request at a time.
fn in_process(apps: &[(&str, App)], url: &str, iterations: usize) {
    use tower::ServiceExt;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let apps: Vec<(&str, Router)> = apps.iter().map(|(name, app)| (*name, rt.block_on(app(url.to_owned())))).collect();
    let host = "127.0.0.1:1";
    let signed = sign(host);
    println!("in process: {iterations} sequential requests per app");
    for (name, app) in &apps {
        let run = |n: usize| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..n {
                    let response =
                        app.clone().oneshot(request(host, &signed).map(axum::body::Body::new)).await.unwrap();
                    assert_eq!(response.status(), 200);
                    let _ = response.into_body().collect().await.unwrap();
                }
                start.elapsed()
            })
        };
        run(iterations / 10);
        let elapsed = run(iterations);
        println!("{name:<12} {:>8.1} µs/request", elapsed.as_secs_f64() * 1e6 / iterations as f64);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and
    // only wants to know that the benchmark builds and runs.
    let quick = !std::env::args().any(|a| a == "--bench");
    let seconds: f64 = env("LOAD_SECONDS", if quick { 0.2 } else { 5.0 });
    let rounds: usize = env("LOAD_ROUNDS", if quick { 1 } else { 3 });
    let connections: usize = env("LOAD_CONNECTIONS", 32);
    let threads: usize = env("SERVER_THREADS", 1);

    // The apps `LOAD_ONLY` selects (all by default).
    let only = std::env::var("LOAD_ONLY").ok();
    let url = std::env::var("LOAD_DATABASE").unwrap_or_else(|_| ":memory:".into());
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    // Redis for the `redis` app: a server of its own on loopback, or skipped.
    let redis = if wanted("redis") {
        server_tests::service_or_skip(
            "redis-server (the `redis` app)",
            "LOAD_REQUIRE_REDIS",
            server_tests::RedisServer::start(),
        )
    } else {
        None
    };
    if let Some(r) = &redis {
        REDIS_URL.set(r.url.clone()).unwrap();
    }
    let apps: Vec<(&str, App)> = [
        ("plain", plain_app as App),
        ("generated", generated_app),
        ("conventions", conventions_app),
        ("uncached", uncached_app),
        ("limited", limited_app),
        ("redis", redis_app),
    ]
    .into_iter()
    .filter(|(name, _)| wanted(name) && (*name != "redis" || redis.is_some()))
    .collect();
    if std::env::var("LOAD_MODE").is_ok_and(|m| m == "inproc") {
        in_process(&apps, &url, env("LOAD_ITERATIONS", 20_000));
        return;
    }
    let servers: Vec<(&str, (SocketAddr, tokio::runtime::Runtime))> =
        apps.into_iter().map(|(name, app)| (name, serve(app, &url, threads))).collect();
    let expected = serde_json::json!({ "user": { "email": "user1@lablup.com", "role": "user" } });
    for (name, (addr, _)) in &servers {
        assert_eq!(answer(*addr), expected, "{name} answers the benchmark query");
    }
    println!(
        "load: `{QUERY}` as user1, database {url}, {connections} connections, {threads} server worker thread(s), {rounds} x {seconds} s per server, interleaved"
    );
    let mut results: Vec<Vec<Round>> = servers.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (i, (_, (addr, _))) in servers.iter().enumerate() {
            results[i].push(drive(*addr, connections, seconds));
        }
    }
    for r in &mut results {
        r.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    }
    let medians: Vec<&Round> = results.iter().map(|r| &r[r.len() / 2]).collect();
    println!("{:<12} {:>10} {:>9} {:>9}   rounds (req/s)", "server", "req/s", "p50 µs", "p99 µs");
    for (i, (name, _)) in servers.iter().enumerate() {
        let all: Vec<String> = results[i].iter().map(|r| format!("{:.0}", r.rps)).collect();
        let m = medians[i];
        println!("{name:<12} {:>10.0} {:>9} {:>9}   {}", m.rps, m.p50, m.p99, all.join(" "));
    }
    let [plain, generated, conventions, uncached] = medians[..] else { return };
    let (plain, generated, conventions, uncached) = (plain.rps, generated.rps, conventions.rps, uncached.rps);
    println!("conventions / plain:     {:.1}%", 100.0 * conventions / plain);
    println!("uncached / plain:        {:.1}%  (without the parsed-document cache)", 100.0 * uncached / plain);
    println!("uncached / generated:    {:.1}%  (the conventions layer alone)", 100.0 * uncached / generated);
    println!("generated / plain:       {:.1}%  (dynamic schema vs derived)", 100.0 * generated / plain);
}
