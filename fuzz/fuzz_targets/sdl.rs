//! SDL text through parser → IR → emitters (types and server) → formatter.
//! Invariant: located diagnostics with at least one error, or output files
//! that all parse: the Rust modules as Rust, and `server.graphql` (the SDL
//! the server parses at startup) through the runtime's own `SchemaSource`.
#![no_main]

use admin_codegen_build::pipeline::{Timings, generate};
use admin_codegen_build::{Config, Layout, Target};
use admin_codegen_parser::SourceInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config { targets: vec![Target::Types, Target::Server], ..Config::default() };
    match generate(&config, &[SourceInput::new("fuzz.graphql", text.as_ref())], Layout::Tree, &mut Timings::default()) {
        Ok(generated) => {
            for file in &generated.files {
                if file.path.ends_with(".graphql") {
                    let query = generated.ir.roots.query.as_deref().unwrap_or("Query");
                    let source = admin_codegen_runtime::server::schema::SchemaSource::new(
                        Box::leak(query.to_owned().into_boxed_str()),
                        None,
                        Box::leak(file.contents.clone().into_boxed_str()),
                        &[],
                        &[],
                    );
                    if let Err(e) = source.parse() {
                        panic!("{} does not parse as SDL: {e}\n{}", file.path, file.contents);
                    }
                    continue;
                }
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse as Rust: {e}\n{}", file.path, file.contents);
                }
            }
        }
        Err(diagnostics) => {
            assert!(diagnostics.iter().any(|d| d.is_error()), "failed without an error: {diagnostics:?}")
        }
    }
});
