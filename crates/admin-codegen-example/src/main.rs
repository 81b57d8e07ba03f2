//! `admin-example-server`: the example Admin API server.
//!
//! ```text
//! cargo run -p admin-codegen-example -- --bind 127.0.0.1:8090
//! ```

use std::net::SocketAddr;

use admin_codegen_runtime::server::ServiceOptions;
use clap::Parser;

/// Serves schema/admin.graphql over an in-memory store with the seeded keypairs of keypairs.toml.
#[derive(Parser)]
#[command(name = "admin-example-server", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8090", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// Answer introspection queries (off by default, as in the Admin API).
    #[arg(long)]
    introspection: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let limits = ServiceOptions::default().with_limits(&admin_codegen_example::admin::server::LIMITS);
    let options = ServiceOptions { introspection: args.introspection, ..limits };
    let listener = tokio::net::TcpListener::bind(args.bind).await?;
    eprintln!("admin-example-server listening on http://{}/admin/gql", listener.local_addr()?);
    axum::serve(listener, admin_codegen_example::app(options)).await
}
