//! Server startup: `SchemaSource::parse` (the SDL of `server.graphql` into
//! the runtime's schema description) and `schema::build(..).finish()` (the
//! async-graphql dynamic schema, with its checks), fastest of 7 runs each.
//!
//! `cargo bench -p compile-tests --bench startup` (SYNTH_TYPES=5000 by
//! default: about 0.8 MB of SDL).

use std::time::{Duration, Instant};

use admin_codegen_runtime::server::schema::{Resolvers, SchemaSource, build};

fn fastest(mut run: impl FnMut()) -> Duration {
    (0..7)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .min()
        .expect("seven runs")
}

fn measure(name: &str, source: &'static SchemaSource) {
    let parse = fastest(|| {
        source.parse().expect("the SDL parses");
    });
    let build_time = fastest(|| {
        build(source, Resolvers::default()).finish().expect("the schema builds");
    });
    println!(
        "| {name} | {} | {:.1} | {:.1} |",
        source.sdl().len(),
        parse.as_secs_f64() * 1e3,
        build_time.as_secs_f64() * 1e3
    );
}

/// The `server.graphql` admin-codegen prints for a synthetic schema of `types` types.
fn synthetic(types: usize) -> &'static SchemaSource {
    use admin_codegen_build::pipeline::{Timings, generate};
    use admin_codegen_build::{Config, Layout, Target};
    let s = admin_codegen_synth::synthesize(types);
    let config = Config { targets: vec![Target::Types, Target::Server], ..Config::default() };
    let sources = [admin_codegen_parser::SourceInput::new("synthetic.graphql", s.sdl.as_str())];
    let generated = generate(&config, &sources, Layout::Tree, &mut Timings::default()).expect("synthetic generates");
    let sdl = generated.files.into_iter().find(|f| f.path == "server.graphql").expect("server.graphql").contents;
    let query = generated.ir.roots.query.clone().expect("a query root");
    let mutation = generated.ir.roots.mutation.clone();
    Box::leak(Box::new(SchemaSource::new(
        Box::leak(query.into_boxed_str()),
        mutation.map(|m| &*Box::leak(m.into_boxed_str())),
        Box::leak(sdl.into_boxed_str()),
        &[],
        &[],
    )))
}

fn main() {
    println!("| schema | SDL bytes | parse ms | build+finish ms |");
    println!("|---|---:|---:|---:|");
    #[cfg(corpus)]
    {
        measure("backendai-24.09.0", &compile_tests::backendai_24_09::server::SCHEMA);
        measure("github-2019", &compile_tests::github_2019::server::SCHEMA);
    }
    let types = std::env::var("SYNTH_TYPES").ok().and_then(|v| v.parse().ok()).unwrap_or(5000);
    measure(&format!("synthetic-{types}"), synthetic(types));
}
