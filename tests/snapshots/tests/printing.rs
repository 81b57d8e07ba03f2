//! The emitter writes its plainest items straight to text, as prettyplease
//! would print them (`admin-codegen-emit`'s `text` module), and leaves the
//! rest to syn and prettyplease. These tests generate every input both ways
//! (`generate_reference` builds every item as syn) and compare the bytes:
//! every fixture and the default schema with its operations, the corpus
//! schemas, and synthetic schemas with operations, with every target.

use std::path::{Path, PathBuf};

use admin_codegen_build::pipeline::{Timings, generate_reference, generate_with_documents};
use admin_codegen_build::{Config, Layout, Target};
use admin_codegen_parser::SourceInput;

fn read_dir_graphql(dir: &Path, prefix: &str) -> Vec<SourceInput> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "graphql")).collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = format!("{prefix}{}", p.file_name().unwrap().to_string_lossy());
            SourceInput::new(name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn every_target(mut config: Config, documents: &[SourceInput]) -> Config {
    config.targets = vec![Target::Types, Target::Server, Target::TypeScript];
    if !documents.is_empty() {
        config.targets.push(Target::Client);
    }
    config
}

/// Generates `sources` both ways, in both layouts, and fails on the first line that differs.
fn assert_same(name: &str, config: &Config, sources: &[SourceInput], documents: &[SourceInput]) {
    for layout in [Layout::Tree, Layout::SingleFile] {
        let fast = generate_with_documents(config, sources, documents, layout, &mut Timings::default())
            .unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let reference =
            generate_reference(config, sources, documents, layout).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let paths =
            |g: &admin_codegen_build::pipeline::Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&fast), paths(&reference), "{name}");
        for (a, b) in fast.files.iter().zip(&reference.files) {
            if a.contents != b.contents {
                let line = a.contents.lines().zip(b.contents.lines()).position(|(x, y)| x != y);
                let at = line.unwrap_or_else(|| a.contents.lines().count().min(b.contents.lines().count()));
                let show = |s: &str| s.lines().skip(at.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
                panic!(
                    "{name}: {} ({layout:?}) differs from prettyplease's printing at line {}\n--- text:\n{}\n--- prettyplease:\n{}",
                    a.path,
                    at + 1,
                    show(&a.contents),
                    show(&b.contents)
                );
            }
        }
    }
}

#[test]
fn fixtures_print_as_prettyplease_prints_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/schema");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    let mut cases = 0;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let config = match std::fs::read_to_string(dir.join("admin-codegen.toml")) {
            Ok(text) => Config::parse(&text, "admin-codegen.toml", Path::new("")).unwrap(),
            Err(_) => Config::default(),
        };
        // Cases that share a schema name it in their config, relative to the case.
        let sources = if config.schema != [admin_codegen_build::DEFAULT_SCHEMA] {
            config
                .schema
                .iter()
                .map(|f| SourceInput::new(f.clone(), std::fs::read_to_string(dir.join(f)).unwrap()))
                .collect()
        } else {
            read_dir_graphql(dir, "")
        };
        let documents = read_dir_graphql(&dir.join("operations"), "operations/");
        let config = every_target(config, &documents);
        assert_same(&dir.display().to_string(), &config, &sources, &documents);
        cases += 1;
    }
    assert!(cases >= 6, "fixtures missing: {cases} cases");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema = std::fs::read_to_string(repo.join("schema/admin.graphql")).unwrap();
    let documents = read_dir_graphql(&repo.join("operations"), "operations/");
    let config = every_target(Config::default(), &documents);
    assert_same("default", &config, &[SourceInput::new("schema/admin.graphql", schema)], &documents);
}

#[test]
fn corpus_prints_as_prettyplease_prints_it() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let schemas = read_dir_graphql(&corpus, "");
    if schemas.is_empty() {
        println!("skipped: {} is absent", corpus.display());
        return;
    }
    for schema in &schemas {
        let mut config = every_target(Config::default(), &[]);
        for scalar in ["URI", "HTML", "GitObjectID"] {
            config.scalars.insert(scalar.into(), "::std::string::String".into());
        }
        assert_same(&schema.path, &config, std::slice::from_ref(schema), &[]);
    }
}

#[test]
fn synthetic_schemas_print_as_prettyplease_prints_them() {
    for types in [40, 400] {
        let s = admin_codegen_synth::synthesize(types);
        let sources = [SourceInput::new("schema.graphql", s.sdl)];
        let documents = [SourceInput::new("operations/synthetic.graphql", s.operations)];
        let config = every_target(Config::default(), &documents);
        assert_same(&format!("synthetic-{types}"), &config, &sources, &documents);
    }
}
