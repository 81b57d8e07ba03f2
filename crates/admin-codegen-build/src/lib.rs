//! admin-codegen for build scripts, and the file handling the CLI shares.
//!
//! This is the only layer that reads configuration, the environment or files,
//! and the only one that writes output.
//!
//! In `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), admin_codegen_build::Error> {
//!     admin_codegen_build::compile("schema/admin.graphql")
//! }
//! ```
//!
//! or, with options:
//!
//! ```no_run
//! fn main() -> Result<(), admin_codegen_build::Error> {
//!     admin_codegen_build::configure()
//!         .schema("schema/*.graphql")
//!         .scalar("JSONString", "::serde_json::Value")
//!         .strict(true)
//!         .compile()
//! }
//! ```
//!
//! and in the crate: `admin_codegen_runtime::include_generated!();`, which
//! includes `$OUT_DIR/admin_codegen.rs`. A crate holding several APIs names
//! each one ([`Builder::name`]) and includes it by name:
//! `include_generated!("billing")`.

#![warn(missing_docs)]

mod config;
mod options;
pub mod pipeline;
pub mod scaffold;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use admin_codegen_emit::{GeneratedFile, Layout, SINGLE_FILE};
pub use admin_codegen_ir::{Ir, dump as dump_ir};
pub use admin_codegen_parser::{Diagnostic, Severity, render_all};
pub use config::{CONFIG_FILE, Config, DEFAULT_DOCUMENTS, DEFAULT_OUT, DEFAULT_SCHEMA, DEFAULT_TYPESCRIPT_OUT, Target};
pub use options::Options;
pub use write::{WriteMode, WriteReport, write_files};

/// Generates code for one schema file (or glob) into `$OUT_DIR/admin_codegen.rs`.
pub fn compile(schema: impl AsRef<Path>) -> Result<(), Error> {
    configure().schema(schema).compile()
}

/// Generates code for one schema file (or glob) into `out_dir/admin_codegen.rs`.
pub fn compile_to(schema: impl AsRef<Path>, out_dir: impl AsRef<Path>) -> Result<(), Error> {
    configure().schema(schema).out_dir(out_dir).compile()
}

/// A builder for build scripts.
pub fn configure() -> Builder {
    Builder::default()
}

/// Options for a build script run. Methods chain by value; they fill an
/// [`Options`], the type the CLI's flags fill too, which goes over the config
/// file by one rule ([`Options::resolve`]).
#[derive(Debug, Clone)]
#[must_use = "call `.compile()` to generate"]
pub struct Builder {
    options: Options,
    layout: Layout,
    emit_rerun_if_changed: bool,
    emit_warnings: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            options: Options::default(),
            layout: Layout::SingleFile,
            emit_rerun_if_changed: true,
            emit_warnings: true,
        }
    }
}

impl Builder {
    /// Names this API's output, so that one crate can hold several: the
    /// code goes to `<out_dir>/<name>/admin_codegen.rs` (with its
    /// `server.graphql` beside it) and the crate includes it with
    /// `admin_codegen_runtime::include_generated!("<name>")`. A name is ASCII
    /// letters, digits, `_` and `-`.
    ///
    /// ```no_run
    /// fn main() -> Result<(), admin_codegen_build::Error> {
    ///     admin_codegen_build::configure().schema("schema/admin.graphql").name("admin").compile()?;
    ///     admin_codegen_build::configure().schema("schema/billing.graphql").name("billing").compile()
    /// }
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.options.name = Some(name.into());
        self
    }

    /// Reads options from an `admin-codegen.toml`; the builder's own settings override it.
    pub fn config_file(mut self, path: impl AsRef<Path>) -> Self {
        self.options.config_file = Some(path.as_ref().to_owned());
        self
    }

    /// Adds a schema file, directory or glob (relative to the crate root).
    pub fn schema(mut self, path: impl AsRef<Path>) -> Self {
        self.options.schema.push(path.as_ref().display().to_string());
        self
    }

    /// Where to write; defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, path: impl AsRef<Path>) -> Self {
        self.options.out = Some(path.as_ref().to_owned());
        self
    }

    /// Maps a custom scalar to a Rust type path.
    pub fn scalar(mut self, name: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.options.scalars.push((name.into(), rust_type.into()));
        self
    }

    /// Makes unmapped custom scalars errors instead of warnings.
    pub fn strict(mut self, strict: bool) -> Self {
        self.options.strict = Some(strict);
        self
    }

    /// Also generates the `server` module (resolver traits and schema); the
    /// crate then needs `admin-codegen-runtime` with its `server` feature.
    pub fn server(mut self, server: bool) -> Self {
        self.options.server = Some(server);
        self
    }

    /// Also generates the `client` module from operation documents (see
    /// [`Builder::documents`]); the crate then needs `admin-codegen-runtime`
    /// with its `client` feature to send them.
    pub fn client(mut self, client: bool) -> Self {
        self.options.client = Some(client);
        self
    }

    /// Also generates TypeScript (`schema.ts` and, with documents,
    /// `operations.ts`) into `<out_dir>/typescript/` (or `[typescript] out`).
    pub fn typescript(mut self, typescript: bool) -> Self {
        self.options.typescript = Some(typescript);
        self
    }

    /// Maps a custom scalar to a TypeScript type (default: `string` for the
    /// Admin API's string scalars, `number` for `BigInt`, else `unknown`).
    pub fn typescript_scalar(mut self, name: impl Into<String>, ts_type: impl Into<String>) -> Self {
        self.options.typescript_scalars.push((name.into(), ts_type.into()));
        self
    }

    /// Also writes each TypeScript operation as a `TypedDocumentNode` constant
    /// (`<Op>Document`, the parsed document for Apollo Client, urql and the
    /// like; the code then imports types from `@graphql-typed-document-node/core`).
    pub fn typescript_document_nodes(mut self, nodes: bool) -> Self {
        self.options.typescript_document_nodes = Some(nodes);
        self
    }

    /// Adds an operation document file, directory or glob (default `operations/`).
    pub fn documents(mut self, path: impl AsRef<Path>) -> Self {
        self.options.documents.push(path.as_ref().display().to_string());
        self
    }

    /// The deepest selection nesting generated servers accept (default 16; `[limits] depth`).
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.options.max_depth = Some(depth);
        self
    }

    /// The highest query complexity generated servers accept (default 1000; `[limits] complexity`).
    pub fn max_complexity(mut self, complexity: usize) -> Self {
        self.options.max_complexity = Some(complexity);
        self
    }

    /// One file with inline modules (the default, for `include!`) or a `mod.rs` tree.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every input (default: true).
    pub fn emit_rerun_if_changed(mut self, emit: bool) -> Self {
        self.emit_rerun_if_changed = emit;
        self
    }

    /// The effective configuration: the config file (if any) with the
    /// builder's settings on top ([`Options::resolve`]); the output directory
    /// is `$OUT_DIR` unless [`Builder::out_dir`] says otherwise (a build
    /// script does not write where the config file's `out` points).
    pub fn resolve(&self) -> Result<Config, Error> {
        let mut options = self.options.clone();
        if options.out.is_none() {
            options.out = Some(std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                Error::from_diagnostics(vec![Diagnostic::error(
                    "OUT_DIR is not set: call this from a build script, or set `.out_dir(...)`",
                )])
            })?);
        }
        options.resolve().map_err(Error::from_diagnostics)
    }

    /// Whether warnings (name collisions, JSON fallbacks) are printed as
    /// `cargo:warning` lines; default `true`. Turn it off for a schema whose
    /// warnings you have reviewed. Errors are always reported.
    pub fn emit_warnings(mut self, emit: bool) -> Self {
        self.emit_warnings = emit;
        self
    }

    /// Generates and writes the code (only files whose bytes changed).
    pub fn compile(self) -> Result<(), Error> {
        if self.emit_rerun_if_changed
            && let Some(path) = &self.options.config_file
        {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let config = self.resolve()?;
        let rerun = |inputs: &[PathBuf], dirs: &[PathBuf]| {
            if self.emit_rerun_if_changed {
                for path in inputs.iter().chain(dirs) {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        };
        match pipeline::run(&config, self.layout) {
            Ok(output) => {
                rerun(&output.inputs, &output.watched_dirs);
                let warnings = output.diagnostics.iter().filter(|d| d.severity == Severity::Warning);
                if self.emit_warnings {
                    warnings.for_each(|d| println!("cargo:warning={}", one_line(d)));
                }
                write_files(&config.out, &output.files, WriteMode::Write).map_err(Error::from_io)?;
                Ok(())
            }
            Err(failure) => {
                rerun(&failure.inputs, &failure.watched_dirs);
                Err(Error::from_diagnostics(failure.diagnostics))
            }
        }
    }
}

/// A diagnostic on one line, for `cargo:warning=`.
fn one_line(d: &Diagnostic) -> String {
    match &d.location {
        Some(l) => format!("admin-codegen: {} ({}:{}:{})", d.message, l.path, l.line, l.column),
        None => format!("admin-codegen: {}", d.message),
    }
}

/// Why generation failed: located diagnostics, or an IO error while writing.
///
/// `Display` and `Debug` both render the diagnostics as the CLI prints them,
/// so `build.rs` can return it from `main` or `unwrap()` it.
pub struct Error {
    diagnostics: Vec<Diagnostic>,
    io: Option<std::io::Error>,
}

impl Error {
    fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Error {
        Error { diagnostics, io: None }
    }

    fn from_io(e: std::io::Error) -> Error {
        Error { diagnostics: Vec::new(), io: Some(e) }
    }

    /// The diagnostics (empty for an IO error).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Error {
        Error::from_diagnostics(diagnostics)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Error {
        Error::from_diagnostics(vec![diagnostic])
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::from_io(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.io {
            return write!(f, "admin-codegen: {e}");
        }
        write!(f, "admin-codegen failed:\n\n{}", render_all(&self.diagnostics, false))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
