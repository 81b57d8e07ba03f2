//! One generation run: inputs → parse → IR → emit → format, all in memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use admin_codegen_emit::{GeneratedFile, Layout};
use admin_codegen_ir::{Ir, Options, scalars::ScalarOptions};
use admin_codegen_parser::{Diagnostic, ParsedDocument, ParsedSchema, SourceInput};

use crate::config::Config;

/// The result of a scoped thread, its panic carried on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Output {
    /// The generated files, formatted.
    pub files: Vec<GeneratedFile>,
    /// Warnings, plus notes for verbose output.
    pub diagnostics: Vec<Diagnostic>,
    /// Convention lints (shown by `check`).
    pub lints: Vec<Diagnostic>,
    /// Every file read (for `rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Directories whose contents were listed (for `rerun-if-changed`).
    pub watched_dirs: Vec<PathBuf>,
    /// How long each stage took.
    pub timings: Timings,
    /// What the run built on the way to its files (see [`Intermediates`]).
    pub intermediates: Intermediates,
}

/// What a run built on the way to its files: the validated schema and
/// documents, the IR and the operations. Dropping it frees them, which on a
/// large schema is millions of small allocations and a noticeable part of
/// the run; a process that exits right after can `std::mem::forget` it
/// instead, as the CLI does.
#[derive(Default)]
pub struct Intermediates {
    parsed: Option<ParsedSchema>,
    documents: Option<Vec<ParsedDocument>>,
    ir: Option<Ir>,
    operations: Option<admin_codegen_ir::Operations>,
}

impl std::fmt::Debug for Intermediates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intermediates")
            .field("parsed", &self.parsed.is_some())
            .field("documents", &self.documents.as_ref().map(Vec::len))
            .field("ir", &self.ir.as_ref().map(|ir| ir.types.len()))
            .field("operations", &self.operations.as_ref().map(|o| o.operations.len()))
            .finish()
    }
}

/// A failed run: every error found, and the files that were read.
#[derive(Debug)]
pub struct Failure {
    /// The errors (and any warnings found before them).
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read (a build script still reruns when one changes).
    pub inputs: Vec<PathBuf>,
    /// Directories whose contents were listed.
    pub watched_dirs: Vec<PathBuf>,
}

/// Time spent per stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Reading input files.
    pub read: Duration,
    /// Parsing and validating the SDL.
    pub parse: Duration,
    /// Lowering into the IR; with operation documents, also parsing and
    /// validating them (beside the schema's lowering) and lowering them.
    pub ir: Duration,
    /// Emitting tokens (CPU time summed over threads).
    pub emit: Duration,
    /// Formatting with syn and prettyplease (CPU time summed over threads).
    pub format: Duration,
    /// Wall time of emitting and formatting together (they run in parallel chunks).
    pub emit_and_format: Duration,
    /// Threads used for emitting and formatting.
    pub threads: usize,
}

/// The schema sources named by a config, read from disk.
pub struct Sources {
    /// The sources, in a deterministic (sorted) order.
    pub inputs: Vec<SourceInput>,
    /// The files read.
    pub paths: Vec<PathBuf>,
    /// Directories listed.
    pub watched_dirs: Vec<PathBuf>,
}

/// Expands files, directories and globs into a sorted list of files and reads them.
pub fn read_sources(patterns: &[String]) -> Result<Sources, Failure> {
    let mut paths = Vec::new();
    let mut watched_dirs = Vec::new();
    let mut errors = Vec::new();
    for pattern in patterns {
        let path = Path::new(pattern);
        if path.is_dir() {
            watched_dirs.push(path.to_owned());
            let mut found = list_graphql(path);
            if found.is_empty() {
                errors.push(Diagnostic::error(format!("no .graphql files in directory `{pattern}`")));
            }
            paths.append(&mut found);
        } else if pattern.contains(['*', '?', '[']) {
            match glob::glob(pattern) {
                Ok(matches) => {
                    let before = paths.len();
                    paths.extend(matches.filter_map(Result::ok).filter(|p| p.is_file()));
                    if paths.len() == before {
                        errors.push(Diagnostic::error(format!("no files match `{pattern}`")));
                    }
                    if let Some(dir) = glob_base(pattern) {
                        watched_dirs.push(dir);
                    }
                }
                Err(e) => errors.push(Diagnostic::error(format!("invalid glob `{pattern}`: {e}"))),
            }
        } else {
            paths.push(path.to_owned());
        }
    }
    paths.sort();
    paths.dedup();
    let mut inputs = Vec::with_capacity(paths.len());
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => inputs.push(SourceInput::new(display(path), text)),
            Err(e) => errors.push(Diagnostic::error(format!("cannot read schema file `{}`: {e}", path.display()))),
        }
    }
    if errors.is_empty() {
        Ok(Sources { inputs, paths, watched_dirs })
    } else {
        Err(Failure { diagnostics: errors, inputs: paths, watched_dirs })
    }
}

fn list_graphql(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "graphql" || e == "graphqls") {
                out.push(p);
            }
        }
    }
    out
}

/// The directory part of a glob before its first wildcard.
fn glob_base(pattern: &str) -> Option<PathBuf> {
    let cut = pattern.find(['*', '?', '['])?;
    let dir = &pattern[..cut];
    let dir = dir.rfind('/').map_or("", |i| &dir[..i]);
    Some(PathBuf::from(if dir.is_empty() { "." } else { dir }))
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Parses, lowers and validates only (no emitting): what `admin-codegen check` runs.
///
/// Returns the IR, warnings and notes, and convention lints (computed only `with_lints`).
pub fn lower(
    config: &Config,
    sources: &[SourceInput],
    with_lints: bool,
    timings: &mut Timings,
) -> Result<(Ir, Vec<Diagnostic>, Vec<Diagnostic>), Vec<Diagnostic>> {
    lower_parsed(config, sources, with_lints, None, timings).map(|((_, ir, d, l), _)| (ir, d, l))
}

/// The validated schema (operation documents are validated against it), the
/// IR, warnings and notes, and lints.
type Lowered = (ParsedSchema, Ir, Vec<Diagnostic>, Vec<Diagnostic>);

/// [`lower`], also returning the validated schema; with `documents`, also
/// parses and validates them against it, beside the lowering (both only
/// read the validated schema). Schema errors come first: documents are
/// only reported when the schema lowers.
fn lower_parsed(
    config: &Config,
    sources: &[SourceInput],
    with_lints: bool,
    documents: Option<&[SourceInput]>,
    timings: &mut Timings,
) -> Result<(Lowered, Option<Vec<ParsedDocument>>), Vec<Diagnostic>> {
    let t = Instant::now();
    // The documents' syntax needs no schema: it is parsed beside the schema.
    let (parsed, syntax) = std::thread::scope(|s| {
        let syntax = documents.map(|d| s.spawn(|| admin_codegen_parser::parse_syntax(d)));
        (admin_codegen_parser::parse_schema(sources), syntax.map(join))
    });
    let parsed = parsed?;
    timings.parse = t.elapsed();
    let t = Instant::now();
    let options = Options {
        scalars: ScalarOptions {
            mappings: config.scalars.clone(),
            strict: config.strict,
            ts_mappings: config.typescript_scalars.clone(),
            no_rust: !config.generates_rust(),
        },
        access: config.access.clone(),
        lists: config.lists.clone(),
        lints: with_lints,
        limits: config.limits,
    };
    let (lowered, documents) = std::thread::scope(|s| {
        let documents = documents
            .zip(syntax)
            .map(|(d, syntax)| s.spawn(|| admin_codegen_parser::parse_documents_with(&parsed, d, syntax)));
        let lowered = admin_codegen_ir::lower(&parsed, &options);
        (lowered, documents.map(join))
    });
    let lowered = lowered?;
    let documents = documents.transpose()?;
    timings.ir = t.elapsed();
    let mut diagnostics = lowered.warnings;
    diagnostics.extend(parsed.notes.iter().cloned());
    Ok(((parsed, lowered.ir, diagnostics, lowered.lints), documents))
}

/// What [`generate`] produced from in-memory sources.
#[derive(Debug)]
pub struct Generated {
    /// The IR the files were generated from.
    pub ir: Ir,
    /// The client operations, with the client target.
    pub operations: Option<admin_codegen_ir::Operations>,
    /// The formatted files.
    pub files: Vec<GeneratedFile>,
    /// Warnings, plus notes for verbose output.
    pub diagnostics: Vec<Diagnostic>,
    /// Convention lints (not computed by `generate`; see [`lower`]).
    pub lints: Vec<Diagnostic>,
}

/// Parses, lowers, emits and formats in-memory sources. Nothing is read or written.
pub fn generate(
    config: &Config,
    sources: &[SourceInput],
    layout: Layout,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    generate_with_documents(config, sources, &[], layout, timings)
}

/// [`generate`] with operation documents for the client target (validated
/// against the schema; errors are located in the documents).
pub fn generate_with_documents(
    config: &Config,
    sources: &[SourceInput],
    documents: &[SourceInput],
    layout: Layout,
    timings: &mut Timings,
) -> Result<Generated, Vec<Diagnostic>> {
    generate_printed(config, sources, documents, layout, timings, true).map(|(g, _)| g)
}

/// [`generate_with_documents`] with every Rust item printed by prettyplease
/// from syn, none written as text: the reference tests compare its bytes with.
#[doc(hidden)]
pub fn generate_reference(
    config: &Config,
    sources: &[SourceInput],
    documents: &[SourceInput],
    layout: Layout,
) -> Result<Generated, Vec<Diagnostic>> {
    generate_printed(config, sources, documents, layout, &mut Timings::default(), false).map(|(g, _)| g)
}

fn generate_printed(
    config: &Config,
    sources: &[SourceInput],
    documents: &[SourceInput],
    layout: Layout,
    timings: &mut Timings,
    fast: bool,
) -> Result<(Generated, Intermediates), Vec<Diagnostic>> {
    let has_ts = config.targets.contains(&crate::Target::TypeScript);
    let wants_operations = config.targets.contains(&crate::Target::Client) || (has_ts && !documents.is_empty());
    let ((parsed, ir, diagnostics, lints), documents) =
        lower_parsed(config, sources, false, wants_operations.then_some(documents), timings)?;
    let operations = if let Some(documents) = documents {
        let t = Instant::now();
        let document_nodes = has_ts && config.typescript_document_nodes;
        let operations = admin_codegen_ir::lower_operations(&parsed, &ir, &documents, document_nodes)?;
        timings.ir += t.elapsed();
        Some((operations, documents))
    } else {
        None
    };
    let (operations, documents) = operations.unzip();
    let t = Instant::now();
    let has = |t: crate::Target| config.targets.contains(&t);
    let targets = admin_codegen_emit::Targets {
        server: has(crate::Target::Server),
        client: operations.as_ref().filter(|_| has(crate::Target::Client)),
        rust: config.generates_rust(),
        typescript: has(crate::Target::TypeScript).then_some(admin_codegen_emit::typescript::TypeScript {
            dir: &config.typescript_out,
            operations: operations.as_ref(),
            document_nodes: config.typescript_document_nodes,
        }),
    };
    let emit = if fast { admin_codegen_emit::generate } else { admin_codegen_emit::generate_reference };
    let (files, stats) = emit(&ir, layout, targets).map_err(|e| vec![emit_error(e)])?;
    timings.emit_and_format = t.elapsed();
    timings.emit = stats.emit;
    timings.format = stats.format;
    timings.threads = stats.threads;
    let intermediates = Intermediates { parsed: Some(parsed), documents, ..Intermediates::default() };
    Ok((Generated { ir, operations, files, diagnostics, lints }, intermediates))
}

/// Reads the configured schema files and runs the whole pipeline in memory. Nothing is written.
pub fn run(config: &Config, layout: Layout) -> Result<Output, Failure> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let Sources { inputs: sources, mut paths, mut watched_dirs } = read_sources(&config.schema)?;
    // The client target needs its documents; the TypeScript target reads them
    // when they are there (without them it writes the schema types only).
    let typescript_documents = config.targets.contains(&crate::Target::TypeScript)
        && config.documents.iter().any(|d| Path::new(d).exists() || d.contains(['*', '?', '[']));
    let documents = if config.targets.contains(&crate::Target::Client) || typescript_documents {
        let docs = read_sources(&config.documents).map_err(|mut f| {
            f.inputs.extend(paths.iter().cloned());
            f
        })?;
        paths.extend(docs.paths);
        watched_dirs.extend(docs.watched_dirs);
        docs.inputs
    } else {
        Vec::new()
    };
    timings.read = t.elapsed();
    match generate_printed(config, &sources, &documents, layout, &mut timings, true) {
        Ok((g, intermediates)) => Ok(Output {
            files: g.files,
            diagnostics: g.diagnostics,
            lints: g.lints,
            inputs: paths,
            watched_dirs,
            timings,
            intermediates: Intermediates { ir: Some(g.ir), operations: g.operations, ..intermediates },
        }),
        Err(diagnostics) => Err(Failure { diagnostics, inputs: paths, watched_dirs }),
    }
}

/// An emitter error as a diagnostic. Configured scalar types are checked
/// when the configuration is resolved, so this is a bug in admin-codegen (or a
/// `Config` built by hand with a type that does not parse).
fn emit_error(e: admin_codegen_emit::EmitError) -> Diagnostic {
    Diagnostic::error(e.message)
}

/// Reads the configured schema and builds the scaffold of every resolver trait
/// (for `admin-codegen scaffold`). Nothing is written.
pub fn resolver_scaffold(
    config: &Config,
) -> Result<(Vec<admin_codegen_emit::TraitScaffold>, Vec<Diagnostic>), Failure> {
    let Sources { inputs: sources, paths, watched_dirs } = read_sources(&config.schema)?;
    let fail = |diagnostics| Failure { diagnostics, inputs: paths.clone(), watched_dirs: watched_dirs.clone() };
    let (ir, diagnostics, _) = lower(config, &sources, false, &mut Timings::default()).map_err(fail)?;
    let traits = admin_codegen_emit::scaffold(&ir).map_err(|e| fail(vec![emit_error(e)]))?;
    Ok((traits, diagnostics))
}
