//! Synthetic schemas (admin-codegen-synth) from the smallest to a large one
//! generate every target without errors, deterministically, with only the
//! warnings the synthesizer provokes on purpose (its name collisions), and
//! output that parses as Rust. (tests/compile compiles a medium one.)

use admin_codegen_build::pipeline::{Timings, generate_with_documents};
use admin_codegen_build::{Config, Layout, Severity, Target};
use admin_codegen_parser::SourceInput;

#[test]
fn synthetic_schemas_generate_every_target() {
    let config = Config { targets: vec![Target::Types, Target::Server, Target::Client], ..Config::default() };
    for size in [10, 200, 800] {
        let s = admin_codegen_synth::synthesize(size);
        let schema = [SourceInput::new("synthetic.graphql", s.sdl.as_str())];
        let docs = [SourceInput::new("operations.graphql", s.operations.as_str())];
        let run = || {
            generate_with_documents(&config, &schema, &docs, Layout::Tree, &mut Timings::default())
                .unwrap_or_else(|d| panic!("{size}: {}", admin_codegen_build::render_all(&d, false)))
        };
        let out = run();
        let warnings: Vec<&str> =
            out.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.as_str()).collect();
        // Per unit: `thingN_meta`/`ThingNMeta`, `RUNNING`/`running`, `fooBar`/`foo_bar`; once: `Box`/`box`.
        assert_eq!(warnings.len(), 3 * s.units + 1, "{size}: {warnings:#?}");
        assert!(warnings.iter().all(|w| w.contains("both become")), "{size}: {warnings:#?}");
        let names: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["mod.rs", "types.rs", "server.rs", "client.rs", "server.graphql"], "{size}");
        for f in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
            syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{size}: {} does not parse: {e}", f.path));
        }
        assert_eq!(out.files, run().files, "{size}: generation is deterministic");
    }
}
