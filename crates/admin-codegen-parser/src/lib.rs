//! Reads the SDL that admin-codegen generates from.
//!
//! The parser takes sources that are already in memory (the build layer does
//! the file IO), parses them with apollo-parser through apollo-compiler, and
//! validates the merged schema. It returns either a [`ParsedSchema`] that has
//! passed validation, or every error found, each as a located [`Diagnostic`].
//!
//! Two things are added to what the user wrote, in a synthetic prelude file:
//! - `scalar UUID` and `scalar DateTime` when the input does not declare them
//!   (the Admin API's known scalars);
//! - declarations of the Apollo Federation directives (`@link`, `@key`, …)
//!   that published schemas use without declaring them. They are accepted and
//!   otherwise ignored; a note says so.

#![warn(missing_docs)]

mod defaults;
mod diagnostic;
mod documents;
mod split;
mod suggest;

use std::collections::{BTreeSet, HashMap, HashSet};

use apollo_compiler::ast::{Definition, Document};
use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::parser::{FileId, SourceSpan};
use apollo_compiler::validation::{DiagnosticList, Valid};
use apollo_compiler::{Schema, ast};

pub use apollo_compiler;
pub use diagnostic::{Diagnostic, LineIndex, Location, Severity, render_all};
pub use documents::{DocumentSyntax, ParsedDocument, parse_documents, parse_documents_with, parse_syntax};
pub use suggest::did_you_mean;

/// The path shown for the synthetic prelude in diagnostics.
pub const PRELUDE_PATH: &str = "<admin-codegen prelude>";

/// One SDL source: the path as the user named it (used in diagnostics) and its text.
#[derive(Debug, Clone)]
pub struct SourceInput {
    /// Path shown in diagnostics.
    pub path: String,
    /// The SDL text.
    pub text: String,
}

impl SourceInput {
    /// A source named `path` with the given text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceInput {
        SourceInput { path: path.into(), text: text.into() }
    }
}

/// A schema that parsed and validated, with what is needed to point back into its sources.
#[derive(Debug)]
pub struct ParsedSchema {
    /// The validated schema.
    pub schema: Valid<Schema>,
    /// Notes about what the parser accepted and ignored (shown in verbose output).
    pub notes: Vec<Diagnostic>,
    synthetic_types: HashSet<String>,
    synthetic_directives: HashSet<String>,
    line_indexes: std::sync::OnceLock<HashMap<FileId, LineIndex>>,
}

impl ParsedSchema {
    /// Resolves a span of the schema's sources to a location for a diagnostic.
    pub fn locate(&self, span: Option<SourceSpan>) -> Option<Location> {
        let span = span?;
        let file = self.schema.sources.get(&span.file_id())?;
        let indexes = self
            .line_indexes
            .get_or_init(|| self.schema.sources.iter().map(|(id, f)| (*id, LineIndex::new(f.source_text()))).collect());
        let index = indexes.get(&span.file_id())?;
        let path = file.path().display().to_string();
        Some(Location::from_index(&path, file.source_text(), index, span.offset(), span.end_offset()))
    }

    /// Whether a type was added by the prelude for the parser's own purposes
    /// and must not be generated.
    pub fn is_synthetic_type(&self, name: &str) -> bool {
        self.synthetic_types.contains(name)
    }

    /// Whether a directive definition was added by the prelude (federation directives).
    pub fn is_synthetic_directive(&self, name: &str) -> bool {
        self.synthetic_directives.contains(name)
    }
}

fn locate(sources: &apollo_compiler::parser::SourceMap, span: Option<SourceSpan>) -> Option<Location> {
    let span = span?;
    let file = sources.get(&span.file_id())?;
    let path = file.path().display().to_string();
    Some(Location::from_offsets(&path, file.source_text(), span.offset(), span.end_offset()))
}

/// Federation directives accepted without a declaration, with the arguments they take.
const FEDERATION_DIRECTIVES: &[(&str, &[&str])] = &[
    ("link", &["url", "as", "for", "import"]),
    ("key", &["fields", "resolvable"]),
    ("shareable", &[]),
    ("external", &["reason"]),
    ("requires", &["fields"]),
    ("provides", &["fields"]),
    ("override", &["from", "label"]),
    ("inaccessible", &[]),
    ("tag", &["name"]),
    ("extends", &[]),
    ("interfaceObject", &[]),
    ("composeDirective", &["name"]),
];

/// The scalar type the synthetic federation directives' arguments use: custom
/// scalars accept any literal, which is what "accepted and ignored" needs.
const ANY_SCALAR: &str = "admin_codegen__Any";

const ALL_LOCATIONS: &str = "SCHEMA | SCALAR | OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | INTERFACE \
     | UNION | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION";

/// admin-codegen's access directives (spec §9), declared when the input does not declare them.
pub const ACCESS_DIRECTIVES: &[(&str, &str)] = &[
    ("privileged", "directive @privileged on FIELD_DEFINITION"),
    ("scoped", "directive @scoped(owner: String, autofill: Boolean = false) on FIELD_DEFINITION"),
    ("allow", "directive @allow(roles: [String!]!) on FIELD_DEFINITION"),
];

/// The Admin API's scalars, known whether or not the input declares them.
pub const KNOWN_SCALARS: &[&str] = &["UUID", "DateTime"];

/// Parses and validates a schema made of one or more SDL sources.
///
/// On failure returns every error found: all syntax errors of all files, or,
/// when the syntax is fine, every validation error. Notes are returned on success.
///
/// A large file is parsed in parts on every core (see `split`); when that
/// finds any error, the files are parsed again whole, so that the errors are
/// exactly those of the whole files.
pub fn parse_schema(inputs: &[SourceInput]) -> Result<ParsedSchema, Vec<Diagnostic>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores > 1
        && inputs.iter().any(|i| i.text.len() >= split::MIN_SPLIT)
        && let Ok(parsed) = parse_schema_in(inputs, cores)
    {
        return Ok(parsed);
    }
    parse_schema_in(inputs, 1)
}

/// [`parse_schema`] with large files cut into about `parts` parts, and no
/// second attempt: what tests compare with `parts == 1`.
#[doc(hidden)]
pub fn parse_schema_parts(inputs: &[SourceInput], parts: usize) -> Result<ParsedSchema, Vec<Diagnostic>> {
    parse_schema_in(inputs, parts)
}

/// Each file's syntax trees: the whole file, or its parts (see `split`) parsed in parallel.
fn parse_files(
    inputs: &[SourceInput],
    parts: usize,
) -> Vec<Vec<Result<Document, apollo_compiler::validation::WithErrors<Document>>>> {
    std::thread::scope(|s| {
        let handles: Vec<Vec<_>> = inputs
            .iter()
            .map(|input| {
                let cuts = split::cuts(&input.text, parts);
                if cuts.is_empty() {
                    return vec![None];
                }
                split::parts(&input.text, &cuts)
                    .into_iter()
                    .map(|part| Some(s.spawn(move || Document::parse(part, &input.path))))
                    .collect()
            })
            .collect();
        handles
            .into_iter()
            .zip(inputs)
            .map(|(parts, input)| {
                parts
                    .into_iter()
                    .map(|h| match h {
                        None => Document::parse(input.text.as_str(), &input.path),
                        Some(h) => h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    })
                    .collect()
            })
            .collect()
    })
}

/// [`parse_schema`], cutting large files into about `parts` parts.
fn parse_schema_in(inputs: &[SourceInput], parts: usize) -> Result<ParsedSchema, Vec<Diagnostic>> {
    if inputs.is_empty() {
        return Err(vec![
            Diagnostic::error("no schema files to read")
                .with_help("name SDL files with `--schema <FILE|GLOB>` or `schema = [...]` in admin-codegen.toml"),
        ]);
    }
    let mut syntax_errors = Vec::new();
    let mut documents = Vec::with_capacity(inputs.len());
    // The input each document comes from.
    let mut from = Vec::with_capacity(inputs.len());
    for (input, parsed) in inputs.iter().zip(parse_files(inputs, parts)) {
        if is_blank(&input.text) {
            syntax_errors.push(
                Diagnostic::error(format!("`{}` contains no definitions", input.path))
                    .with_help("a schema file needs at least one type, schema or directive definition"),
            );
            continue;
        }
        for part in parsed {
            match part {
                Ok(doc) => documents.push(doc),
                Err(with_errors) => {
                    syntax_errors.extend(first_per_line(convert(&with_errors.errors, &[])));
                    documents.push(with_errors.partial);
                }
            }
            from.push(input);
        }
    }
    for (doc, input) in documents.iter().zip(from) {
        if doc.definitions.iter().any(is_executable) {
            let span = doc.definitions.iter().find(|d| is_executable(d)).and_then(|d| d.location());
            syntax_errors.push(
                Diagnostic::error("a schema file must not contain operations or fragments")
                    .at(locate(&doc.sources, span))
                    .with_note(format!("in {}", input.path))
                    .with_help("put operations in .graphql documents configured under `documents`"),
            );
        }
    }
    if !syntax_errors.is_empty() {
        return Err(syntax_errors);
    }

    let (prelude, notes, synthetic_types, synthetic_directives) = prelude_for(&documents);
    // The prelude goes first so the known scalars claim their Rust names
    // (`Uuid`, `DateTime`) before any user type that would collide with them.
    let mut builder = Schema::builder().adopt_orphan_extensions();
    if !prelude.is_empty() {
        builder = builder.parse(prelude, PRELUDE_PATH);
    }
    for doc in &documents {
        builder = builder.add_ast(doc);
    }
    let type_names = |schema: &Schema| -> Vec<String> {
        schema
            .types
            .keys()
            .map(|n| n.to_string())
            .filter(|n| !synthetic_types.contains(n) && !n.starts_with("__"))
            .collect()
    };
    let schema = match builder.build() {
        Ok(schema) => schema,
        Err(with_errors) => {
            let names = type_names(&with_errors.partial);
            return Err(convert(&with_errors.errors, &names));
        }
    };
    match schema.validate() {
        Ok(schema) => {
            let parsed = ParsedSchema {
                schema,
                notes,
                synthetic_types,
                synthetic_directives,
                line_indexes: std::sync::OnceLock::new(),
            };
            let bad_defaults: Vec<Diagnostic> = defaults::invalid_defaults(&parsed.schema)
                .into_iter()
                .map(|(def, why)| {
                    let at = def.default_value.as_ref().and_then(|v| v.location()).or(def.location());
                    Diagnostic::error(format!("invalid default value for `{}: {}`", def.name, def.ty))
                        .at(parsed.locate(at))
                        .with_label(why)
                })
                .collect();
            if bad_defaults.is_empty() { Ok(parsed) } else { Err(bad_defaults) }
        }
        Err(with_errors) => {
            let names = type_names(&with_errors.partial);
            Err(convert(&with_errors.errors, &names))
        }
    }
}

/// Whether a file holds nothing but whitespace, commas and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '\u{feff}');
        l.is_empty() || l.starts_with('#')
    })
}

/// The parser recovers from a syntax error by reporting the tokens that
/// follow it; after the first error on a line the rest are cascades.
fn first_per_line(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diagnostics
        .into_iter()
        .filter(|d| d.location.as_ref().is_none_or(|l| seen.insert((l.path.clone(), l.line))))
        .collect()
}

fn is_executable(d: &Definition) -> bool {
    matches!(d, Definition::OperationDefinition(_) | Definition::FragmentDefinition(_))
}

/// Builds the prelude text for what the documents use but do not declare.
fn prelude_for(documents: &[Document]) -> (String, Vec<Diagnostic>, HashSet<String>, HashSet<String>) {
    let mut declared_types = HashSet::new();
    let mut declared_directives = HashSet::new();
    let mut used_directives: BTreeSet<String> = BTreeSet::new();
    let mut first_use: Vec<(String, Option<Location>)> = Vec::new();
    for doc in documents {
        for def in &doc.definitions {
            if let Some(name) = def.name() {
                match def {
                    Definition::DirectiveDefinition(_) => {
                        declared_directives.insert(name.to_string());
                    }
                    d if d.is_extension_definition() => {}
                    _ => {
                        declared_types.insert(name.to_string());
                    }
                }
            }
            for directive in def.directives().iter() {
                note_use(doc, directive, &mut used_directives, &mut first_use);
            }
            for_each_nested_directive(def, &mut |d| note_use(doc, d, &mut used_directives, &mut first_use));
        }
    }

    let mut text = String::new();
    let mut synthetic_types = HashSet::new();
    let mut synthetic_directives = HashSet::new();
    let mut notes = Vec::new();
    for scalar in KNOWN_SCALARS {
        if !declared_types.contains(*scalar) {
            text.push_str(&format!("scalar {scalar}\n"));
        }
    }
    for (name, definition) in ACCESS_DIRECTIVES {
        if !declared_directives.contains(*name) {
            text.push_str(definition);
            text.push('\n');
        }
    }
    for (name, args) in FEDERATION_DIRECTIVES {
        if used_directives.contains(*name) && !declared_directives.contains(*name) {
            let args = if args.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = args.iter().map(|a| format!("{a}: {ANY_SCALAR}")).collect();
                format!("({})", list.join(", "))
            };
            text.push_str(&format!("directive @{name}{args} repeatable on {ALL_LOCATIONS}\n"));
            synthetic_directives.insert((*name).to_owned());
            let location = first_use.iter().find(|(n, _)| n == name).and_then(|(_, l)| l.clone());
            notes.push(
                Diagnostic::note(format!(
                    "federation directive `@{name}` is accepted without a declaration and ignored"
                ))
                .at(location),
            );
        }
    }
    if !synthetic_directives.is_empty() {
        text.push_str(&format!("scalar {ANY_SCALAR}\n"));
        synthetic_types.insert(ANY_SCALAR.to_owned());
    }
    (text, notes, synthetic_types, synthetic_directives)
}

fn note_use(
    doc: &Document,
    directive: &apollo_compiler::Node<ast::Directive>,
    used: &mut BTreeSet<String>,
    first_use: &mut Vec<(String, Option<Location>)>,
) {
    let name = directive.name.to_string();
    if used.insert(name.clone()) {
        // Locations are only needed for the few federation notes.
        if FEDERATION_DIRECTIVES.iter().any(|(n, _)| *n == name) {
            first_use.push((name, locate(&doc.sources, directive.location())));
        }
    }
}

/// Visits directives on fields, arguments, enum values and input fields.
fn for_each_nested_directive(def: &Definition, f: &mut dyn FnMut(&apollo_compiler::Node<ast::Directive>)) {
    let fields: &[apollo_compiler::Node<ast::FieldDefinition>] = match def {
        Definition::ObjectTypeDefinition(d) => &d.fields,
        Definition::ObjectTypeExtension(d) => &d.fields,
        Definition::InterfaceTypeDefinition(d) => &d.fields,
        Definition::InterfaceTypeExtension(d) => &d.fields,
        _ => &[],
    };
    for field in fields {
        field.directives.iter().chain(field.arguments.iter().flat_map(|a| a.directives.iter())).for_each(&mut *f);
    }
    let values: &[apollo_compiler::Node<ast::EnumValueDefinition>] = match def {
        Definition::EnumTypeDefinition(d) => &d.values,
        Definition::EnumTypeExtension(d) => &d.values,
        _ => &[],
    };
    values.iter().flat_map(|v| v.directives.iter()).for_each(&mut *f);
    let inputs: &[apollo_compiler::Node<ast::InputValueDefinition>] = match def {
        Definition::InputObjectTypeDefinition(d) => &d.fields,
        Definition::InputObjectTypeExtension(d) => &d.fields,
        Definition::DirectiveDefinition(d) => &d.arguments,
        _ => &[],
    };
    inputs.iter().flat_map(|v| v.directives.iter()).for_each(&mut *f);
}

/// Converts apollo-compiler diagnostics into ours, adding "did you mean" hints
/// for unknown type names.
fn convert(list: &DiagnosticList, type_names: &[String]) -> Vec<Diagnostic> {
    list.iter()
        .map(|d| {
            let message = d.error.to_string();
            let mut out = Diagnostic::error(message.clone()).at(locate(d.sources, d.error.location()));
            if message.contains("missing query root operation type") {
                out = out
                    .with_help("define `type Query { ... }`, or name the query root type in `schema { query: ... }`");
            }
            if d.error.unstable_error_name() == Some("UndefinedDefinition")
                && let Some(name) = message.split('`').nth(1)
                && let Some(best) = did_you_mean(name, type_names.iter().map(String::as_str))
            {
                out = out.with_help(format!("did you mean `{best}`?"));
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sdl: &str) -> Result<ParsedSchema, Vec<Diagnostic>> {
        parse_schema(&[SourceInput::new("t.graphql", sdl)])
    }

    #[test]
    fn known_scalars_need_no_declaration() {
        let parsed = one("type Query { id: UUID, at: DateTime }").unwrap();
        assert!(parsed.schema.get_scalar("UUID").is_some());
        assert!(parsed.notes.is_empty());
    }

    #[test]
    fn declared_known_scalars_are_not_redeclared() {
        one("scalar UUID\nscalar DateTime\ntype Query { id: UUID }").unwrap();
    }

    #[test]
    fn federation_directives_are_accepted_with_a_note() {
        let parsed = one(
            "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\"], for: SECURITY)\n\
             type Query { me: User @shareable }\n\
             type User @key(fields: \"id\") @key(fields: \"email\", resolvable: false) { id: ID! email: String @tag(name: \"x\") }",
        )
        .unwrap();
        let notes: Vec<_> = parsed.notes.iter().map(|n| n.message.clone()).collect();
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(parsed.is_synthetic_type(ANY_SCALAR));
        assert!(parsed.is_synthetic_directive("key"));
    }

    #[test]
    fn multi_file_with_extensions() {
        let parsed = parse_schema(&[
            SourceInput::new("a.graphql", "schema { query: Queries } type Queries { a: Int }"),
            SourceInput::new("b.graphql", "extend type Queries { b: String }"),
        ])
        .unwrap();
        assert_eq!(parsed.schema.get_object("Queries").unwrap().fields.len(), 2);
    }

    #[test]
    fn all_syntax_errors_of_all_files_are_reported() {
        let errs = parse_schema(&[
            SourceInput::new("a.graphql", "type A { a: }"),
            SourceInput::new("b.graphql", "type B { b: Int"),
        ])
        .unwrap_err();
        let paths: BTreeSet<_> = errs.iter().filter_map(|e| e.location.as_ref()).map(|l| l.path.clone()).collect();
        assert_eq!(paths.len(), 2, "{errs:?}");
    }

    #[test]
    fn default_values_are_checked_against_their_types() {
        let ok = "enum S { A B } input I { a: Int! b: [S] = A c: Float = 1 }\n\
                  type Query { f(i: I = {a: 1}, l: [Int!]! = [1, 2], s: S = B, n: String = null, id: ID = 7): Int }";
        one(ok).unwrap();
        for (bad, why) in [
            ("type Query { f(a: Int = \"ten\"): Int }", "is not a valid `Int`"),
            ("type Query { f(a: Int = 3000000000): Int }", "32-bit"),
            ("type Query { f(a: Int! = null): Int }", "non-null"),
            ("enum S { A } type Query { f(a: S = B): Int }", "no value `B`"),
            ("enum S { A } type Query { f(a: S = \"A\"): Int }", "without quotes"),
            ("input I { a: Int! } type Query { f(a: I = {}): Int }", "required field `a`"),
            ("input I { a: Int } type Query { f(a: I = {b: 1}): Int }", "no field `b`"),
            ("type Query { f(a: [Boolean] = [true, 1]): Int }", "not a valid `Boolean`"),
        ] {
            let errs = one(bad).unwrap_err();
            let label = errs[0].label.clone().unwrap_or_default();
            assert!(label.contains(why), "{bad}: {label}");
            assert!(errs[0].location.is_some());
        }
    }

    #[test]
    fn unknown_type_suggests_a_name() {
        let errs = one("type Query { u: Usr } type User { id: ID }").unwrap_err();
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `User`?"), "{errs:?}");
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (1, 17));
    }
}
