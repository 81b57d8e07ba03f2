//! SDL text through parser → IR → emitters (types and server) → formatter.
//! Invariant: located diagnostics with at least one error, or output files
//! that all parse as Rust.
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
