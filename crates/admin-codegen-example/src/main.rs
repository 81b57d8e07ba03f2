//! `admin-example-server`: the example Admin API server.
//!
//! ```text
//! cargo run -p admin-codegen-example -- --bind 127.0.0.1:8090
//! cargo run -p admin-codegen-example -- --database postgres://user@127.0.0.1:5432/admin
//! cargo run -p admin-codegen-example -- --redis redis://127.0.0.1:6379/0   # replicas share rate limits
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use admin_codegen_runtime::server::{RateLimit, RedisRateLimiter, ServiceOptions, WhenUnavailable};
use clap::{Parser, ValueEnum};

/// Serves schema/admin.graphql over SQLite or PostgreSQL, seeded on first start with the keypairs of keypairs.toml.
#[derive(Parser)]
#[command(name = "admin-example-server", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// The database: a SQLite file (created, migrated and seeded if new), `:memory:`, or a `postgres://` URL.
    #[arg(long, default_value = "admin-example.db", value_name = "PATH|URL")]
    database: String,
    /// Answer introspection queries (off by default, as in the Admin API).
    #[arg(long)]
    introspection: bool,
    /// Count rate limits in this Redis or Valkey server (`redis://host:port/db`),
    /// shared by every replica that names it; without it, in this process.
    #[arg(long, value_name = "URL")]
    redis: Option<String>,
    /// What to do with requests while Redis does not answer.
    #[arg(long, value_enum, default_value = "serve", value_name = "WHAT")]
    when_redis_fails: WhenRedisFails,
    /// Let web pages of this origin (`http://127.0.0.1:3000`) call the API
    /// from the browser, signing in the page (CORS); repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum WhenRedisFails {
    /// Serve them uncounted (the limit is a fairness guard, not a permission).
    Serve,
    /// Refuse them with 503.
    Refuse,
}

/// CORS for console pages of the given origins: the preflight of a signed
/// POST (its `Authorization` and `X-BackendAI-*` headers) is answered, and
/// the rate-limit headers are readable by the page.
fn cors(origins: &[String]) -> Result<tower_http::cors::CorsLayer, String> {
    use axum::http::{HeaderName, HeaderValue, Method};
    let origins: Vec<HeaderValue> = origins
        .iter()
        .map(|o| HeaderValue::from_str(o.trim_end_matches('/')).map_err(|_| format!("{o:?} is not an origin")))
        .collect::<Result<_, _>>()?;
    let header = HeaderName::from_static;
    Ok(tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header("authorization"),
            header("content-type"),
            header("x-backendai-date"),
            header("x-backendai-version"),
        ])
        .expose_headers([header("x-ratelimit-limit"), header("x-ratelimit-remaining"), header("x-ratelimit-window")]))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let limits = ServiceOptions::default().with_limits(&admin_codegen_example::admin::server::LIMITS);
    let mut options = ServiceOptions { introspection: args.introspection, ..limits };
    if let Some(url) = &args.redis {
        let limiter = match RedisRateLimiter::new(url) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: --redis: {e}");
                return ExitCode::FAILURE;
            }
        };
        let when = match args.when_redis_fails {
            WhenRedisFails::Serve => WhenUnavailable::Serve,
            WhenRedisFails::Refuse => WhenUnavailable::Refuse,
        };
        options.rate_limit = RateLimit::new(limiter).when_unavailable(when);
    }
    let app = match admin_codegen_example::app(options, &args.database).await {
        Ok(app) if args.cors_origins.is_empty() => app,
        Ok(app) => match cors(&args.cors_origins) {
            Ok(layer) => app.layer(layer),
            Err(e) => {
                eprintln!("error: --cors-origin: {e}");
                return ExitCode::FAILURE;
            }
        },
        Err(e) => {
            eprintln!("error: {}: {e}", args.database);
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.bind);
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => {
            eprintln!("admin-example-server listening on http://{addr}/admin/gql (database: {})", args.database)
        }
        Err(e) => eprintln!("admin-example-server listening ({e})"),
    }
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
