//! Generates code, through the build.rs API, for the default schema, every
//! valid fixture under `tests/fixtures/schema`, and (when `../shared/corpus`
//! is present) every corpus schema with its server module, each into its own
//! folder of `OUT_DIR`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), admin_codegen_build::Error> {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    admin_codegen_build::configure()
        .schema("../../schema/admin.graphql")
        .out_dir(out.join("default"))
        .strict(true)
        .compile()?;

    // Every valid fixture, with its admin-codegen.toml when it has one.
    let fixtures = Path::new("../fixtures/schema");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(fixtures).expect("fixtures exist").flatten().map(|e| e.path()).collect();
    dirs.sort();
    let mut modules = String::new();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let name = dir.file_name().unwrap().to_string_lossy().replace('-', "_");
        let config = dir.join("admin-codegen.toml");
        // The fixture's own SDL files (not `operations/`, its client documents, which the
        // config's default `documents = "operations"` picks up for the client target).
        let mut builder =
            admin_codegen_build::configure().schema(dir.join("*.graphql")).out_dir(out.join("fixtures").join(&name));
        if config.is_file() {
            builder = builder.config_file(&config);
        }
        builder.compile()?;
        let _ = writeln!(
            modules,
            "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/fixtures/{name}/admin_codegen.rs\")); }}"
        );
    }
    std::fs::write(out.join("fixtures.rs"), modules).expect("OUT_DIR is writable");

    let corpus = Path::new("../../../shared/corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    if !corpus.is_dir() {
        println!("cargo:warning=../shared/corpus is absent: the corpus compile tests are skipped");
        return Ok(());
    }
    println!("cargo:rustc-cfg=corpus");
    admin_codegen_build::configure()
        .schema(corpus.join("backendai-24.03.0.graphql"))
        .server(true)
        .out_dir(out.join("backendai-24.03.0"))
        .compile()?;
    // 24.09 with the access overlay of examples/backendai (its schema path points at the corpus).
    admin_codegen_build::configure()
        .config_file("../../examples/backendai/admin-codegen.toml")
        .server(true)
        .out_dir(out.join("backendai-24.09.0"))
        .compile()?;
    // GitHub's scalars are string-valued; map the ones we know, leave the
    // rest to the JSON fallback (which also has to compile).
    admin_codegen_build::configure()
        .schema(corpus.join("github-2019.graphql"))
        .scalar("URI", "::std::string::String")
        .scalar("HTML", "::std::string::String")
        .scalar("GitObjectID", "::std::string::String")
        .server(true)
        .out_dir(out.join("github-2019"))
        .compile()
}
