//! `admin-example-server`: the example Admin API server.
//!
//! ```text
//! cargo run -p admin-codegen-example -- --bind 127.0.0.1:8090
//! cargo run -p admin-codegen-example -- --database postgres://user@127.0.0.1:5432/admin
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use admin_codegen_runtime::server::ServiceOptions;
use clap::Parser;

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
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let limits = ServiceOptions::default().with_limits(&admin_codegen_example::admin::server::LIMITS);
    let options = ServiceOptions { introspection: args.introspection, ..limits };
    let app = match admin_codegen_example::app(options, &args.database).await {
        Ok(app) => app,
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
