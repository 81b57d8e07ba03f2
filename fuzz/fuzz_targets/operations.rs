//! Operation documents against a fixed schema (the client fixture) through
//! validation → operations IR → client emitter → formatter.
//! Invariant: located diagnostics, or a client module that parses as Rust.
#![no_main]

use admin_codegen_build::pipeline::{Timings, generate_with_documents};
use admin_codegen_build::{Config, Layout, Target};
use admin_codegen_parser::SourceInput;
use libfuzzer_sys::fuzz_target;

const SCHEMA: &str = include_str!("../../tests/fixtures/schema/client/schema.graphql");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config { targets: vec![Target::Types, Target::Client], ..Config::default() };
    let schema = [SourceInput::new("schema.graphql", SCHEMA)];
    let documents = [SourceInput::new("ops.graphql", text.as_ref())];
    match generate_with_documents(&config, &schema, &documents, Layout::Tree, &mut Timings::default()) {
        Ok(generated) => {
            for file in &generated.files {
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
