//! The `admin-codegen` command line.
//!
//! Exit status: 0 on success, 1 for invalid input (or `--check` finding stale
//! output, or `check --deny-warnings` finding warnings), 2 for usage errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use admin_codegen_build::pipeline::{self, Timings};
use admin_codegen_build::scaffold::ScaffoldOptions;

mod proxy;
use admin_codegen_build::{
    CONFIG_FILE, Config, Diagnostic, Layout, Options, Severity, WriteMode, render_all, write_files,
};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Schema-first code generation for Backend.AI-style Admin APIs.
#[derive(Parser)]
#[command(name = "admin-codegen", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust code from the schema (by default `schema/` into `generated/`).
    Generate {
        #[command(flatten)]
        input: InputArgs,
        /// Output directory (overrides `out` in the config).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 if any output file would change.
        #[arg(long)]
        check: bool,
    },
    /// Validate the schema and report convention warnings; writes nothing.
    Check {
        #[command(flatten)]
        input: InputArgs,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Write a resolver module you own, from `templates/`: one impl per
    /// resolver trait, each method answering "not implemented". Never
    /// overwrites; with `--update`, appends missing methods and lists stale ones.
    Scaffold {
        #[command(flatten)]
        input: InputArgs,
        /// The resolver module to write (or update).
        #[arg(long, value_name = "FILE", default_value = "src/resolvers.rs")]
        out: PathBuf,
        /// Add the methods (and impls) missing from an existing module, touching nothing else.
        #[arg(long)]
        update: bool,
        /// The type that implements the resolver traits.
        #[arg(long = "struct", value_name = "NAME", default_value = "Api")]
        struct_name: String,
        /// The Rust path of the generated modules.
        #[arg(long, value_name = "PATH", default_value = "crate::generated")]
        generated: String,
        /// A template to use instead of the built-in `templates/resolvers.rs`.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// Run the local development proxy (spec §10): sign and forward requests to
    /// the endpoint, answer introspection from the schema.
    Proxy {
        #[command(flatten)]
        input: InputArgs,
        /// Address to listen on (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8084)]
        port: u16,
        /// The Admin API endpoint to forward to.
        #[arg(long, env = "BACKEND_ENDPOINT", value_name = "URL")]
        endpoint: String,
        /// The access key requests are signed with.
        #[arg(long, env = "BACKEND_ACCESS_KEY", value_name = "KEY")]
        access_key: String,
        /// The secret key requests are signed with.
        #[arg(long, env = "BACKEND_SECRET_KEY", value_name = "KEY", hide_env_values = true)]
        secret_key: String,
        /// The `X-BackendAI-Version` sent.
        #[arg(long, default_value = admin_codegen_runtime::versions::LATEST)]
        api_version: String,
        /// Forward introspection queries too, instead of answering them from the schema.
        #[arg(long)]
        no_introspection: bool,
    },
    /// Print the IR (every naming, scalar and pagination decision) as text.
    DumpIr {
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(Args)]
struct InputArgs {
    /// Config file [default: ./admin-codegen.toml if present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Schema file, directory or glob; repeatable (overrides `schema` in the config).
    #[arg(long, value_name = "FILE|GLOB")]
    schema: Vec<String>,
    /// Operation documents (file, directory or glob); repeatable (overrides `documents` in the config).
    #[arg(long, value_name = "FILE|GLOB")]
    documents: Vec<String>,
    /// What to generate: types, server, client, typescript; repeatable (overrides `targets` in the config).
    #[arg(long = "target", value_name = "TARGET", value_parser = parse_target)]
    targets: Vec<admin_codegen_build::Target>,
    /// Treat unmapped custom scalars as errors.
    #[arg(long)]
    strict: bool,
    /// Also print notes and per-stage timings.
    #[arg(short, long)]
    verbose: bool,
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

struct Ui {
    color: bool,
    verbose: bool,
}

impl Ui {
    fn new(args: &InputArgs) -> Ui {
        let color = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Ui { color, verbose: args.verbose }
    }

    /// Prints diagnostics (notes only when verbose).
    fn report(&self, diagnostics: &[Diagnostic]) {
        eprint!("{}", self.render(diagnostics));
    }

    /// The text [`Ui::report`] prints.
    fn render(&self, diagnostics: &[Diagnostic]) -> String {
        render_all(diagnostics.iter().filter(|d| self.verbose || d.severity != Severity::Note), self.color)
    }

    fn timings(&self, t: &Timings) {
        if self.verbose {
            eprintln!(
                "timings: read {:?}, parse+validate {:?}, ir {:?}, emit+format {:?} on {} threads (cpu: emit {:?}, format {:?})",
                t.read, t.parse, t.ir, t.emit_and_format, t.threads, t.emit, t.format
            );
        }
    }
}

/// jemalloc, not the system allocator: generation is allocation-heavy (the
/// syntax trees, the IR and the emitted text are many small allocations,
/// most freed at once), and on synthetic-5000 types+server takes a quarter
/// less time with jemalloc so configured than with glibc's malloc, at the
/// same peak RSS (BENCHMARKS.md, "The command line's allocator").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before `main`: one arena. A run's few threads
/// are short-lived, and one arena reuses what another thread freed instead
/// of faulting in fresh pages. (`thp:always` was faster still on a quiet
/// machine, but where the kernel compacts memory for `madvise`d huge pages
/// a run after a large process stalls: 101 → 168 ms on synthetic-5000.)
/// `_RJEM_MALLOC_CONF` in the environment still overrides this.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &u8 = &b"narenas:1\0"[0];

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { input, out, check } => generate(&input, out, check),
        Command::Check { input, deny_warnings } => check(&input, deny_warnings),
        Command::DumpIr { input } => dump_ir(&input),
        Command::Proxy { input, bind, port, endpoint, access_key, secret_key, api_version, no_introspection } => {
            let upstream = proxy::Upstream {
                endpoint: endpoint.trim_end_matches('/').to_owned(),
                access_key,
                secret_key,
                version: api_version,
            };
            run_proxy(&input, std::net::SocketAddr::new(bind, port), upstream, !no_introspection)
        }
        Command::Scaffold { input, out, update, struct_name, generated, template } => {
            scaffold(&input, &out, update, ScaffoldOptions { struct_name, generated, schema: String::new() }, template)
        }
    }
}

impl InputArgs {
    /// The flags as [`Options`], the type a build script's builder fills too;
    /// `./admin-codegen.toml` is read when present and no `--config` is given.
    fn options(&self) -> Options {
        let default_file = std::path::Path::new(CONFIG_FILE);
        Options {
            config_file: self.config.clone().or_else(|| default_file.is_file().then(|| default_file.to_owned())),
            schema: self.schema.clone(),
            documents: self.documents.clone(),
            targets: self.targets.clone(),
            strict: self.strict.then_some(true),
            ..Options::default()
        }
    }
}

fn parse_target(name: &str) -> Result<admin_codegen_build::Target, String> {
    use admin_codegen_build::Target;
    Target::from_name(name).ok_or_else(|| format!("unknown target `{name}` (targets: {})", Target::names()))
}

fn load_config(args: &InputArgs) -> Result<Config, Vec<Diagnostic>> {
    args.options().resolve()
}

fn generate(args: &InputArgs, out: Option<PathBuf>, check: bool) -> ExitCode {
    let ui = Ui::new(args);
    let config = match (Options { out, ..args.options() }).resolve() {
        Ok(c) => c,
        Err(d) => return fail(&ui, &d),
    };
    let mut output = match pipeline::run(&config, Layout::Tree) {
        Ok(o) => o,
        Err(f) => return fail(&ui, &f.diagnostics),
    };
    // The process exits when this returns: freeing the schema, the IR and
    // the operations one allocation at a time would only delay that.
    std::mem::forget(std::mem::take(&mut output.intermediates));
    let mode = if check { WriteMode::Check } else { WriteMode::Write };
    // The diagnostics (a thousand warnings on a large schema) are rendered
    // while the files are compared and written, and printed before the outcome.
    let (rendered, written) = std::thread::scope(|s| {
        let rendered = s.spawn(|| ui.render(&output.diagnostics));
        let written = write_files(&config.out, &output.files, mode);
        (rendered.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), written)
    });
    eprint!("{rendered}");
    ui.timings(&output.timings);
    let report = match written {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let out = config.out.display();
    if check {
        if report.changed.is_empty() {
            eprintln!("{} files in {out} are up to date", report.unchanged.len());
            ExitCode::SUCCESS
        } else {
            for path in &report.changed {
                eprintln!("would change: {}", path.display());
            }
            eprintln!(
                "error: {} of {} files in {out} are stale; run `admin-codegen generate`",
                report.changed.len(),
                output.files.len()
            );
            ExitCode::from(1)
        }
    } else {
        eprintln!(
            "generated {} files in {out} ({} written, {} unchanged)",
            output.files.len(),
            report.changed.len(),
            report.unchanged.len()
        );
        ExitCode::SUCCESS
    }
}

/// What `check` and `dump-ir` work on: the lowered schema named by the arguments.
struct Checked {
    ir: admin_codegen_build::Ir,
    diagnostics: Vec<Diagnostic>,
    files: usize,
    timings: Timings,
}

/// Reads config and schema and lowers it; on failure prints the diagnostics
/// and returns the exit code.
fn lower_inputs(ui: &Ui, args: &InputArgs, with_lints: bool) -> Result<Checked, ExitCode> {
    let config = load_config(args).map_err(|d| fail(ui, &d))?;
    let sources = pipeline::read_sources(&config.schema).map_err(|f| fail(ui, &f.diagnostics))?;
    let mut timings = Timings::default();
    let (ir, mut diagnostics, lints) =
        pipeline::lower(&config, &sources.inputs, with_lints, &mut timings).map_err(|d| fail(ui, &d))?;
    diagnostics.extend(lints);
    Ok(Checked { ir, diagnostics, files: sources.paths.len(), timings })
}

fn check(args: &InputArgs, deny_warnings: bool) -> ExitCode {
    let ui = Ui::new(args);
    let checked = match lower_inputs(&ui, args, true) {
        Ok(c) => c,
        Err(code) => return code,
    };
    ui.report(&checked.diagnostics);
    ui.timings(&checked.timings);
    let warnings = checked.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    eprintln!("checked {} files: {} types, {warnings} warnings", checked.files, checked.ir.types.len());
    if deny_warnings && warnings > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn dump_ir(args: &InputArgs) -> ExitCode {
    let ui = Ui::new(args);
    match lower_inputs(&ui, args, false) {
        Ok(checked) => {
            ui.report(&checked.diagnostics);
            print!("{}", admin_codegen_build::dump_ir(&checked.ir));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn fail(ui: &Ui, diagnostics: &[Diagnostic]) -> ExitCode {
    ui.report(diagnostics);
    ExitCode::from(1)
}

fn scaffold(
    args: &InputArgs,
    out: &std::path::Path,
    update: bool,
    mut options: ScaffoldOptions,
    template: Option<PathBuf>,
) -> ExitCode {
    use admin_codegen_build::scaffold;
    let ui = Ui::new(args);
    let config = match load_config(args) {
        Ok(c) => c,
        Err(d) => return fail(&ui, &d),
    };
    let (traits, diagnostics) = match pipeline::resolver_scaffold(&config) {
        Ok(t) => t,
        Err(f) => return fail(&ui, &f.diagnostics),
    };
    ui.report(&diagnostics);
    options.schema = config.schema.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    let shown = out.display().to_string();
    let existing = match std::fs::read_to_string(out) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return fail(&ui, &[Diagnostic::error(format!("cannot read `{shown}`: {e}"))]),
    };
    let (text, summary) = match (existing, update) {
        (Some(_), false) => {
            return fail(
                &ui,
                &[Diagnostic::error(format!("`{shown}` exists; scaffold never overwrites a file"))
                    .with_help("run `admin-codegen scaffold --update` to add the methods it is missing")],
            );
        }
        (Some(existing), true) => match admin_codegen::update::update(&existing, &shown, &traits, &options) {
            Ok(u) => {
                ui.report(&u.stale);
                for field in &u.added {
                    eprintln!("added: {field}");
                }
                let summary = format!(
                    "updated {shown}: {} methods added ({} new impls), {} stale",
                    u.added.len(),
                    u.added_impls.len(),
                    u.stale.len()
                );
                (u.text, summary)
            }
            Err(d) => return fail(&ui, &d),
        },
        (None, _) => {
            let template_text = match &template {
                Some(path) => match std::fs::read_to_string(path) {
                    Ok(t) => t,
                    Err(e) => {
                        return fail(
                            &ui,
                            &[Diagnostic::error(format!("cannot read template `{}`: {e}", path.display()))],
                        );
                    }
                },
                None => scaffold::DEFAULT_TEMPLATE.to_owned(),
            };
            match scaffold::render(&template_text, &traits, &options) {
                Ok(text) => {
                    let methods: usize = traits.iter().map(|t| t.methods.len()).sum();
                    (text, format!("wrote {shown}: {} impls, {methods} methods", traits.len()))
                }
                Err(d) => return fail(&ui, &d),
            }
        }
    };
    let (dir, name) = match (out.parent(), out.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().into_owned()),
        _ => return fail(&ui, &[Diagnostic::error(format!("`{shown}` is not a file path"))]),
    };
    let file = admin_codegen_build::GeneratedFile { path: name, contents: text };
    if let Err(e) = write_files(dir, &[file], WriteMode::Write) {
        eprintln!("error: cannot write `{shown}`: {e}");
        return ExitCode::from(1);
    }
    eprintln!("{summary}");
    ExitCode::SUCCESS
}

fn run_proxy(args: &InputArgs, bind: std::net::SocketAddr, upstream: proxy::Upstream, introspection: bool) -> ExitCode {
    let ui = Ui::new(args);
    let schema = if introspection {
        let config = match load_config(args) {
            Ok(c) => c,
            Err(d) => return fail(&ui, &d),
        };
        let sources = match pipeline::read_sources(&config.schema) {
            Ok(s) => s,
            Err(f) => return fail(&ui, &f.diagnostics),
        };
        match admin_codegen_parser::parse_schema(&sources.inputs) {
            Ok(parsed) => Some(parsed),
            Err(d) => return fail(&ui, &d),
        }
    } else {
        None
    };
    let app = match proxy::app(upstream, schema) {
        Ok(app) => app,
        Err(e) => return fail(&ui, &[Diagnostic::error(e)]),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&ui, &[Diagnostic::error(format!("cannot start the runtime: {e}"))]),
    };
    match runtime.block_on(proxy::serve(bind, app)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&ui, &[Diagnostic::error(format!("cannot serve on {bind}: {e}"))]),
    }
}
