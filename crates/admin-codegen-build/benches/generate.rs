//! Generation cost per stage, against apollo-compiler's own parse-and-validate.
//!
//! `cargo bench -p admin-codegen-build --bench generate`
//!
//! For each schema (the default one and the corpus files when `../shared/corpus`
//! is present, types only; synthetic ones from `admin-codegen-synth` with
//! their operations and every target, 1000 and 5000 types unless
//! `SYNTH_TYPES` says otherwise) it reports the
//! fastest of several interleaved runs of:
//! - `apollo`: `apollo_compiler::Schema::parse_and_validate` alone (the baseline);
//! - our stages: parse+validate (apollo plus our prelude and default-value
//!   checks), IR, emit (tokens) and format (syn + prettyplease), the last two
//!   as CPU time summed over the threads they run on, then the wall time of
//!   the whole pipeline;
//! - the ratio of our whole pipeline to the baseline;
//! - peak heap during one whole run (input text included), from a counting
//!   allocator switched on for that run only.

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use admin_codegen_build::pipeline::{Timings, generate_with_documents};
use admin_codegen_build::{Config, Layout, Target};
use admin_codegen_parser::SourceInput;

/// Counts heap bytes only while `COUNTING` is on, so that the timed runs pay
/// nothing for it (contended atomics on every allocation would distort them).
struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let now = CURRENT.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            CURRENT.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The fastest of the runs: on a shared machine noise only ever adds time,
/// so the minimum is the steadiest estimate of the cost itself.
fn best(v: Vec<Duration>) -> Duration {
    v.into_iter().min().expect("at least one run")
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// One schema to measure: types only, or (with `documents`) every target.
struct Case {
    name: String,
    text: String,
    documents: Option<String>,
}

fn bench(case: &Case, runs: usize) {
    let Case { name, text, documents } = case;
    let name = name.as_str();
    let config = match documents {
        None => Config::default(),
        Some(_) => Config { targets: vec![Target::Types, Target::Server, Target::Client], ..Config::default() },
    };
    let sources = [SourceInput::new(name, text.as_str())];
    let docs: Vec<SourceInput> =
        documents.iter().map(|d| SourceInput::new(format!("{name}.operations.graphql"), d.as_str())).collect();
    let generate = |config: &Config, sources: &[SourceInput], timings: &mut Timings| {
        generate_with_documents(config, sources, &docs, Layout::Tree, timings)
    };
    // Warm up, and check the schema generates at all.
    generate(&config, &sources, &mut Timings::default())
        .unwrap_or_else(|d| panic!("{name}: {}", admin_codegen_build::render_all(&d, false)));

    // apollo on the same schema, with what admin-codegen declares for it when
    // the text does not (the access directives, the known scalars).
    let mut apollo_text = String::new();
    for (directive, declaration) in admin_codegen_parser::ACCESS_DIRECTIVES {
        if !text.contains(&format!("directive @{directive}")) {
            apollo_text.push_str(declaration);
            apollo_text.push('\n');
        }
    }
    for scalar in admin_codegen_parser::KNOWN_SCALARS {
        if !text.contains(&format!("scalar {scalar}")) {
            apollo_text.push_str(&format!("scalar {scalar}\n"));
        }
    }
    apollo_text.push_str(text);
    let mut apollo = Vec::new();
    let mut stages: [Vec<Duration>; 5] = Default::default();
    for _ in 0..runs {
        let t = Instant::now();
        let schema = apollo_compiler::Schema::parse_and_validate(apollo_text.as_str(), name).expect("valid");
        apollo.push(t.elapsed());
        drop(schema);

        let mut timings = Timings::default();
        let t = Instant::now();
        let out = generate(&config, &sources, &mut timings).expect("valid");
        stages[4].push(t.elapsed());
        drop(out);
        stages[0].push(timings.parse);
        stages[1].push(timings.ir);
        stages[2].push(timings.emit);
        stages[3].push(timings.format);
    }
    // Peak heap of one whole run, measured apart from the timed runs. Frees of
    // memory allocated before counting started can push CURRENT below zero,
    // which only makes the peak an underestimate by what was freed, never more.
    CURRENT.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let text_copy = text.to_owned();
    let sources_copy = [SourceInput::new(name, text_copy)];
    let out = generate(&config, &sources_copy, &mut Timings::default()).expect("valid");
    let generated: usize = out.files.iter().map(|f| f.contents.len()).sum();
    drop(out);
    drop(sources_copy);
    COUNTING.store(false, Ordering::SeqCst);
    let peak = PEAK.load(Ordering::SeqCst).max(0) as usize;

    let apollo = best(apollo);
    let [parse, ir, emit, format, total] = stages.map(best);
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2}x | {:.1} |",
        if documents.is_some() { "all" } else { "types" },
        text.len(),
        generated,
        ms(apollo),
        ms(parse),
        ms(ir),
        ms(emit),
        ms(format),
        ms(total),
        total.as_secs_f64() / apollo.as_secs_f64(),
        peak as f64 / (1024.0 * 1024.0),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument selects schemas by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let types_only = |name: String, text: String| Case { name, text, documents: None };
    let mut cases: Vec<Case> = Vec::new();
    cases.push(types_only(
        "schema/admin.graphql".into(),
        std::fs::read_to_string(root.join("schema/admin.graphql")).unwrap(),
    ));
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        for name in ["backendai-24.09.0.graphql", "github-2019.graphql"] {
            cases.push(types_only(format!("corpus/{name}"), std::fs::read_to_string(corpus.join(name)).unwrap()));
        }
    } else {
        println!("(../shared/corpus is absent: corpus schemas skipped)");
    }
    // `SYNTH_TYPES=29,100,500,1000,2500,5000` picks the synthetic sizes (the cost curve in
    // BENCHMARKS.md); each is generated with every target and its operations.
    let sizes: Vec<usize> = std::env::var("SYNTH_TYPES")
        .ok()
        .map(|v| v.split(',').filter_map(|u| u.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1000, 5000]);
    for types in sizes {
        let s = admin_codegen_synth::synthesize(types);
        cases.push(Case { name: format!("synthetic-{}", s.types), text: s.sdl, documents: Some(s.operations) });
    }
    println!(
        "| schema | targets | SDL bytes | Rust bytes | apollo ms | parse ms | IR ms | emit cpu ms | format cpu ms | total ms | total/apollo | peak MiB |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for case in &cases {
        if filter.as_ref().is_some_and(|f| !case.name.contains(f.as_str())) {
            continue;
        }
        let runs = if case.text.len() > 500_000 { 9 } else { 15 };
        bench(case, runs);
    }
    if filter.as_ref().is_none_or(|f| "operations".contains(f.as_str())) {
        with_documents(&root);
    }
}

/// The default schema with the repository's `operations/`: every target, documents included.
fn with_documents(root: &Path) {
    use admin_codegen_build::{Target, pipeline::generate_with_documents};
    let schema =
        [SourceInput::new("schema/admin.graphql", std::fs::read_to_string(root.join("schema/admin.graphql")).unwrap())];
    let mut documents = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("operations")).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        documents.push(SourceInput::new(p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
    }
    let operations: usize =
        documents.iter().map(|d| d.text.matches("query ").count() + d.text.matches("mutation ").count()).sum();
    let types_only = Config::default();
    let all = Config { targets: vec![Target::Types, Target::Server, Target::Client], ..Config::default() };
    let time = |config: &Config, docs: &[SourceInput]| {
        (0..15)
            .map(|_| {
                let t = Instant::now();
                generate_with_documents(config, &schema, docs, Layout::Tree, &mut Timings::default()).unwrap();
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let (base, full) = (time(&types_only, &[]), time(&all, &documents));
    println!();
    println!(
        "schema/admin.graphql + operations/ ({} files, {operations} operations): types only {:.2} ms, types + server + client {:.2} ms (fastest of 15)",
        documents.len(),
        base.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3
    );
}
