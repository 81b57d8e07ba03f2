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
    // Two APIs in one crate, named and so written to `OUT_DIR/<name>/`, included
    // with `include_generated!("<name>")` (src/lib.rs `named`).
    admin_codegen_build::configure().schema("../../schema/admin.graphql").name("admin").server(true).compile()?;
    admin_codegen_build::configure()
        .config_file("../fixtures/schema/lists/admin-codegen.toml")
        .schema("../fixtures/schema/lists/*.graphql")
        .name("fleet")
        .compile()?;
    synthetic(&out)?;
    for depth in CHAIN_DEPTHS {
        chain(&out, depth)?;
    }

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

/// How many types the synthetic schema compiled here has (a medium one: the
/// benchmarks go from 29 to 5000).
const SYNTHETIC_TYPES: usize = 300;

/// A medium synthetic schema (admin-codegen-synth) with operations over it:
/// types, server and client generated through the build.rs API, plus the
/// resolver scaffold (`admin-codegen scaffold`'s output) implementing every
/// generated trait, all compiled into `compile_tests::synthetic`.
fn synthetic(out: &Path) -> Result<(), admin_codegen_build::Error> {
    use admin_codegen_build::scaffold::{DEFAULT_TEMPLATE, ScaffoldOptions, render};
    let dir = out.join("synthetic");
    let synthetic = admin_codegen_synth::synthesize(SYNTHETIC_TYPES);
    write_if_changed(&dir, "schema.graphql", synthetic.sdl);
    write_if_changed(&dir, "operations/synthetic.graphql", synthetic.operations);
    // The synthetic schema collides names on purpose; those warnings are the expected ones.
    admin_codegen_build::configure()
        .schema(dir.join("schema.graphql"))
        .documents(dir.join("operations"))
        .server(true)
        .client(true)
        .emit_warnings(false)
        .emit_rerun_if_changed(false)
        .out_dir(&dir)
        .compile()?;
    let config = admin_codegen_build::Config {
        schema: vec![dir.join("schema.graphql").display().to_string()],
        ..Default::default()
    };
    let (traits, _) = admin_codegen_build::pipeline::resolver_scaffold(&config).map_err(|f| f.diagnostics)?;
    // Inner doc comments cannot be `include!`d.
    let template: String =
        DEFAULT_TEMPLATE.lines().filter(|l| !l.starts_with("//!")).map(|l| format!("{l}\n")).collect();
    let options =
        ScaffoldOptions { struct_name: "Api".into(), generated: "crate::synthetic".into(), schema: String::new() };
    write_if_changed(&dir, "resolvers.rs", render(&template, &traits, &options)?);
    Ok(())
}

/// The by-value chains compiled here: `T0.next: T1`, ..., each also with a
/// field taking arguments (so that every type has a resolver trait). 500 is
/// what issue 10 asks for: it needs `Indirect` to cut rustc's instantiation
/// chain as well as its trait recursion (see the runtime's `indirect` docs).
const CHAIN_DEPTHS: [usize; 2] = [60, 500];

/// `type Query { t0(x: Int): T0 }`, `type T<i> { next: T<i+1> v: Int w(x: Int): Int }`, ..., `type T<depth> { v: Int }`:
/// types and server, into `chain-<depth>`.
fn chain(out: &Path, depth: usize) -> Result<(), admin_codegen_build::Error> {
    let dir = out.join(format!("chain-{depth}"));
    let mut sdl = String::from("type Query { t0(x: Int): T0 }\n");
    for i in 0..depth {
        let _ = writeln!(sdl, "type T{i} {{ next: T{} v: Int w(x: Int): Int }}", i + 1);
    }
    let _ = writeln!(sdl, "type T{depth} {{ v: Int }}");
    write_if_changed(&dir, "schema.graphql", sdl);
    // The resolver impls tests/chains.rs needs, one `w!` row per type.
    let rows: Vec<String> = (0..depth).map(|i| format!("T{i}Resolver T{i} T{i}WArgs")).collect();
    write_if_changed(&dir, "impls.rs", format!("w!({});\n", rows.join(", ")));
    admin_codegen_build::configure()
        .schema(dir.join("schema.graphql"))
        .server(true)
        .emit_rerun_if_changed(false)
        .out_dir(&dir)
        .compile()
}

/// Writes only when the bytes differ (the build crate's own `write_files`), so
/// the generated code is not rebuilt for nothing.
fn write_if_changed(dir: &Path, path: &str, contents: String) {
    let file = admin_codegen_build::GeneratedFile { path: path.to_owned(), contents };
    admin_codegen_build::write_files(dir, &[file], admin_codegen_build::WriteMode::Write).expect("OUT_DIR is writable");
}
