//! Data-driven snapshot tests: one folder per case under `tests/fixtures`.
//!
//! - `tests/fixtures/schema/<case>/`: a valid schema (every `*.graphql` file,
//!   plus an optional `admin-codegen.toml`). Snapshots: `ir.snap` (the IR
//!   dump), `types.rs.snap` and, with the server target, `server.rs.snap`,
//!   `server.graphql.snap` (the SDL it serves) and `scaffold.rs.snap` (generated code, and the resolver module `scaffold` writes);
//!   with the client target, operation documents in `operations/` and `client.rs.snap` and `diagnostics.snap` (warnings,
//!   notes and convention lints) beside the inputs. Every case also gets the
//!   TypeScript target: `schema.ts.snap`, and `operations.ts.snap` when it has
//!   documents and the client target.
//! - `tests/fixtures/errors/<case>/`: invalid input. Snapshot:
//!   `diagnostics.snap`, the exact text the CLI prints (without colour).
//! - `tests/fixtures/default/`: snapshots for `schema/admin.graphql`.
//!
//! Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use admin_codegen_build::pipeline::{Timings, generate_with_documents, lower};
use admin_codegen_build::scaffold::{self, ScaffoldOptions};
use admin_codegen_build::{Config, Diagnostic, Layout, render_all};
use admin_codegen_parser::SourceInput;
use libtest_mimic::Trial;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(fixtures().join(kind)).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

/// The case's schema files, named by file name so snapshots do not depend on where the repo is.
fn sources(dir: &Path) -> Vec<SourceInput> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| SourceInput::new(p.file_name().unwrap().to_string_lossy(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

/// The case's schema: the files its `admin-codegen.toml` names in `schema`
/// (relative to the case, so cases can share one schema; see the `op-*`
/// cases), else every `*.graphql` file in it.
fn case_sources(dir: &Path) -> Vec<SourceInput> {
    let named = match config(dir) {
        Ok(c) if c.schema != [admin_codegen_build::DEFAULT_SCHEMA] => c.schema,
        _ => return sources(dir),
    };
    named
        .iter()
        .map(|file| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            SourceInput::new(path.file_name().unwrap().to_string_lossy(), text)
        })
        .collect()
}

fn config(dir: &Path) -> Result<Config, Vec<Diagnostic>> {
    match std::fs::read_to_string(dir.join("admin-codegen.toml")) {
        Ok(text) => Config::parse(&text, "admin-codegen.toml", Path::new("")),
        Err(_) => Ok(Config::default()),
    }
}

/// The case's operation documents (`operations/*.graphql`), named `operations/<file>`.
fn documents(dir: &Path) -> Vec<SourceInput> {
    let ops = dir.join("operations");
    if !ops.is_dir() {
        return Vec::new();
    }
    sources(&ops).into_iter().map(|s| SourceInput::new(format!("operations/{}", s.path), s.text)).collect()
}

/// Generates, and adds the convention lints `admin-codegen check` would print.
fn run(dir: &Path, sources: &[SourceInput]) -> Result<admin_codegen_build::pipeline::Generated, Vec<Diagnostic>> {
    let mut config = config(dir)?;
    // Every case also gets the TypeScript target (`schema.ts`, and `operations.ts` with documents).
    if !config.targets.contains(&admin_codegen_build::Target::TypeScript) {
        config.targets.push(admin_codegen_build::Target::TypeScript);
    }
    let mut generated =
        generate_with_documents(&config, sources, &documents(dir), Layout::Tree, &mut Timings::default())?;
    generated.lints = lower(&config, sources, true, &mut Timings::default())?.2;
    Ok(generated)
}

fn snapshot(dir: &Path, name: &str, value: &str) {
    insta::with_settings!({
        snapshot_path => dir,
        prepend_module_to_snapshot => false,
        omit_expression => true,
        input_file => dir,
    }, {
        insta::assert_snapshot!(name, value);
    });
}

fn check_valid(dir: &Path, sources: &[SourceInput]) {
    let generated =
        run(dir, sources).unwrap_or_else(|d| panic!("{} failed:\n{}", dir.display(), render_all(&d, false)));
    snapshot(dir, "ir", &admin_codegen_build::dump_ir(&generated.ir));
    let types = generated.files.iter().find(|f| f.path == "types.rs").expect("types.rs is generated");
    snapshot(dir, "types.rs", &types.contents);
    if let Some(server) = generated.files.iter().find(|f| f.path == "server.rs") {
        snapshot(dir, "server.rs", &server.contents);
        let sdl = generated.files.iter().find(|f| f.path == "server.graphql").expect("server.graphql beside server.rs");
        snapshot(dir, "server.graphql", &sdl.contents);
        // The user-owned module `admin-codegen scaffold` writes for it.
        let traits = scaffold::traits(&generated.ir).unwrap();
        let options = ScaffoldOptions {
            struct_name: "Api".into(),
            generated: "crate::generated".into(),
            schema: "`schema.graphql`".into(),
        };
        snapshot(dir, "scaffold.rs", &scaffold::render(scaffold::DEFAULT_TEMPLATE, &traits, &options).unwrap());
    }
    if let Some(client) = generated.files.iter().find(|f| f.path == "client.rs") {
        snapshot(dir, "client.rs", &client.contents);
    }
    for file in ["schema.ts", "operations.ts"] {
        let path = format!("{}/{file}", admin_codegen_build::DEFAULT_TYPESCRIPT_OUT);
        if let Some(ts) = generated.files.iter().find(|f| f.path == path) {
            snapshot(dir, file, &ts.contents);
        }
    }
    let mut diagnostics = generated.diagnostics;
    diagnostics.extend(generated.lints);
    if !diagnostics.is_empty() {
        snapshot(dir, "diagnostics", &render_all(&diagnostics, false));
    }
}

/// The invalid-input case's diagnostics, as the CLI prints them.
fn check_invalid(dir: &Path) {
    let rendered = match run(dir, &case_sources(dir)) {
        Err(diagnostics) => {
            assert!(diagnostics.iter().any(Diagnostic::is_error), "{}: no error among {diagnostics:?}", dir.display());
            render_all(&diagnostics, false)
        }
        // A few cases are warnings only (collisions): generation goes on, the text is still snapshotted.
        Ok(g) => {
            let mut d = g.diagnostics;
            d.extend(g.lints);
            assert!(!d.is_empty(), "{}: expected diagnostics, got none", dir.display());
            format!("(generation succeeded)\n{}", render_all(&d, false))
        }
    };
    snapshot(dir, "diagnostics", &rendered);
}

/// One test per case (`schema/<case>`, `errors/<case>`, `default`), so a
/// failure names its fixture and `cargo test -p snapshot-tests -- lists`
/// runs one.
fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let schema = cases("schema");
    let errors = cases("errors");
    let mut trials = vec![Trial::test("guard/fixture-counts", {
        let (schema, errors) = (schema.len(), errors.len());
        move || {
            // A fixtures directory that went missing must not pass as "no cases".
            if schema < 6 || errors < 15 {
                return Err(format!("fixtures missing: {schema} valid and {errors} invalid cases").into());
            }
            Ok(())
        }
    })];
    for dir in schema {
        trials.push(case("schema", dir, |dir| check_valid(dir, &case_sources(dir))));
    }
    for dir in errors {
        trials.push(case("errors", dir, check_invalid));
    }
    trials.push(Trial::test("default", || {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/admin.graphql");
        let text = std::fs::read_to_string(path).map_err(|e| format!("schema/admin.graphql: {e}"))?;
        check_valid(&fixtures().join("default"), &[SourceInput::new("schema/admin.graphql", text)]);
        Ok(())
    }));
    libtest_mimic::run(&args, trials).exit_code()
}

fn case(kind: &str, dir: PathBuf, check: fn(&Path)) -> Trial {
    let name = format!("{kind}/{}", dir.file_name().unwrap().to_string_lossy());
    Trial::test(name, move || {
        check(&dir);
        Ok(())
    })
}
