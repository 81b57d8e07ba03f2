//! A large file parsed in parts (see the crate's `split` module) gives the
//! schema, the notes and the locations of parsing it whole; where a part does
//! not parse, `parse_schema` falls back to the whole file.

use admin_codegen_parser::apollo_compiler::schema::ExtendedType;
use admin_codegen_parser::{ParsedSchema, SourceInput, parse_schema, parse_schema_parts, render_all};

/// The schema as SDL, its notes, and where every type, field and value is, as `locate` gives them.
fn fingerprint(parsed: &ParsedSchema) -> String {
    let mut out = parsed.schema.to_string();
    out.push_str(&render_all(&parsed.notes, false));
    let at = |span| format!("{:?}\n", parsed.locate(span));
    for (name, ty) in &parsed.schema.types {
        out.push_str(&at(name.location()));
        match ty {
            ExtendedType::Object(o) => o.fields.values().for_each(|f| out.push_str(&at(f.name.location()))),
            ExtendedType::Interface(i) => i.fields.values().for_each(|f| out.push_str(&at(f.name.location()))),
            ExtendedType::InputObject(i) => i.fields.values().for_each(|f| out.push_str(&at(f.name.location()))),
            ExtendedType::Enum(e) => e.values.values().for_each(|v| out.push_str(&at(v.value.location()))),
            _ => {}
        }
    }
    out
}

fn same_in_parts(name: &str, inputs: &[SourceInput]) {
    let whole = parse_schema_parts(inputs, 1).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    for parts in [2, 3, 8] {
        let cut = parse_schema_parts(inputs, parts).unwrap_or_else(|e| panic!("{name} in {parts} parts: {e:?}"));
        assert!(cut.schema.sources.len() > whole.schema.sources.len(), "{name} was not cut in {parts} parts");
        assert!(fingerprint(&whole) == fingerprint(&cut), "{name} differs in {parts} parts");
    }
}

#[test]
fn synthetic_schemas_parse_the_same_in_parts() {
    for types in [1000, 3000] {
        let s = admin_codegen_synth::synthesize(types);
        same_in_parts(&format!("synthetic-{types}"), &[SourceInput::new("schema.graphql", s.sdl)]);
    }
}

#[test]
fn corpus_schemas_parse_the_same_in_parts() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/github-2019.graphql");
    let Ok(text) = std::fs::read_to_string(&corpus) else {
        println!("skipped: {} is absent", corpus.display());
        return;
    };
    same_in_parts("github-2019", &[SourceInput::new("github-2019.graphql", text)]);
}

/// A cut inside a definition (`type` as a union member on a line of its own)
/// leaves a part that does not parse: the whole file is parsed instead, and
/// what comes out is what the whole file gives, errors included.
#[test]
fn a_cut_inside_a_definition_falls_back_to_the_whole_file() {
    let filler = admin_codegen_synth::synthesize(1000).sdl;
    // Cut in two, a file is cut at its first place from the middle on: here
    // the line `type`, a member of `union Odd` (a comment after it evens the halves).
    let head = format!("{filler}union Odd =\n");
    let tail = "type type { a: Int }\n";
    let pad = "#".repeat(head.len() - "type\n".len() - 1 - tail.len());
    let valid = format!("{head}type\n{pad}\n{tail}");
    assert_eq!(valid.len(), 2 * head.len());
    let cut = parse_schema_parts(&[SourceInput::new("s.graphql", valid.as_str())], 2);
    assert!(cut.is_err(), "the cut should fall inside `union Odd`");
    let whole = parse_schema_parts(&[SourceInput::new("s.graphql", valid.as_str())], 1);
    let parsed = parse_schema(&[SourceInput::new("s.graphql", valid.as_str())]);
    match (whole, parsed) {
        (Ok(whole), Ok(parsed)) => assert!(fingerprint(&whole) == fingerprint(&parsed)),
        (Err(whole), Err(parsed)) => assert_eq!(render_all(&parsed, false), render_all(&whole, false)),
        (whole, parsed) => panic!("whole: {}, with parts: {}", whole.is_ok(), parsed.is_ok()),
    }

    let broken = format!("{filler}\ntype Broken {{ a: }}\n{filler}");
    let inputs = [SourceInput::new("s.graphql", broken)];
    let whole = render_all(&parse_schema_parts(&inputs, 1).unwrap_err(), false);
    assert_eq!(render_all(&parse_schema(&inputs).unwrap_err(), false), whole);
    assert!(whole.contains("s.graphql:"), "{whole}");
}
