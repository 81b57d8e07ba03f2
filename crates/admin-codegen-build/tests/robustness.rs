//! No panic on any input: truncated and mangled schemas give diagnostics
//! (each with a location when it is about the SDL) or valid output.
//! The bounded fuzzing of the stress issue goes further; this runs in every test run.

use std::path::Path;

use admin_codegen_build::pipeline::{Timings, generate};
use admin_codegen_build::{Config, Layout};
use admin_codegen_parser::SourceInput;

fn check(label: &str, text: &str) {
    let sources = [SourceInput::new("s.graphql", text)];
    match generate(&Config::default(), &sources, Layout::Tree, &mut Timings::default()) {
        Ok(g) => {
            for f in &g.files {
                syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{label}: {} does not parse: {e}", f.path));
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "{label}: failed without diagnostics");
            for d in &diagnostics {
                let rendered = d.render(false);
                // Schema-wide errors have no single place; they must say how to fix them instead.
                assert!(d.location.is_some() || d.help.is_some(), "{label}: unlocated, no help: {rendered}");
            }
        }
    }
}

#[test]
fn truncated_and_mangled_default_schema() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/admin.graphql")).unwrap();
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            check(&format!("prefix {cut}"), &text[..cut]);
        }
        cut += 211;
    }
    let lines: Vec<&str> = text.lines().collect();
    for skip in (0..lines.len()).step_by(7) {
        let mangled: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, l)| *l).collect();
        check(&format!("without line {}", skip + 1), &mangled.join("\n"));
    }
    for (i, ch) in [(0, '{'), (1, '}'), (2, '"'), (3, '@'), (4, '!')] {
        let at = text.len() * (i + 1) / 6;
        let at = (at..text.len()).find(|&j| text.is_char_boundary(j)).unwrap();
        check(&format!("{ch} at {at}"), &format!("{}{ch}{}", &text[..at], &text[at..]));
    }
}

#[test]
fn odd_but_valid_inputs() {
    check("unicode description", "\"\"\"é ☃ \\u00e9 ```rust\nfn main() {}\n```\"\"\"\ntype Query { a: Int }");
    check("deep lists", "type Query { a: [[[[[[Int!]!]]]]] }");
    check("only a scalar (no query root: an error with help)", "scalar X");
}

/// A byte-order mark and CRLF line ends (what editors on Windows write) are
/// accepted and change nothing: the same files, byte for byte, and
/// diagnostics on the same lines and columns.
#[test]
fn bom_and_crlf_are_accepted_and_change_nothing() {
    let lf = "\"\"\"A user.\"\"\"\ntype Query {\n  a: Int\n  b: Mystery\n}\n\nscalar Mystery\n";
    let run = |text: &str| {
        let sources = [SourceInput::new("s.graphql", text)];
        let g = generate(&Config::default(), &sources, Layout::Tree, &mut Timings::default())
            .unwrap_or_else(|d| panic!("{text:?} is refused: {}", d[0].render(false)));
        let files: Vec<(String, String)> = g.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        let warnings: Vec<String> = g.diagnostics.iter().map(|w| w.render(false)).collect();
        (files, warnings)
    };
    let expected = run(lf);
    assert!(expected.1.iter().any(|w| w.contains("s.graphql:7:8")), "{:?}", expected.1);
    for (label, text) in [
        ("bom", format!("\u{feff}{lf}")),
        ("crlf", lf.replace('\n', "\r\n")),
        ("bom and crlf", format!("\u{feff}{}", lf.replace('\n', "\r\n"))),
    ] {
        let got = run(&text);
        assert_eq!(got.0, expected.0, "{label}: the generated files differ");
        assert_eq!(got.1, expected.1, "{label}: the diagnostics differ");
    }
}
