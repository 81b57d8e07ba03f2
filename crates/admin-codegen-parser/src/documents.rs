//! Operation documents (`.graphql` files of queries and mutations), validated
//! against the schema with the same located diagnostics as schema errors.

use std::collections::HashMap;

use apollo_compiler::ExecutableDocument;
use apollo_compiler::validation::Valid;

use crate::{Diagnostic, ParsedSchema, SourceInput, convert, first_per_line, is_blank, locate};

/// One validated operation document.
#[derive(Debug)]
pub struct ParsedDocument {
    /// The path as the user named it.
    pub path: String,
    /// The validated document.
    pub document: Valid<ExecutableDocument>,
}

/// The syntax trees of operation documents, parsed before there is a schema
/// (see [`parse_syntax`]).
#[derive(Debug)]
pub struct DocumentSyntax(Vec<Option<apollo_compiler::ast::Document>>);

/// Parses the syntax of each document, which needs no schema, so that it can
/// run beside the schema's parsing. A document with syntax errors is kept as
/// `None` and reparsed by [`parse_documents_with`] to report them.
pub fn parse_syntax(inputs: &[SourceInput]) -> DocumentSyntax {
    DocumentSyntax(
        inputs
            .iter()
            .map(|input| apollo_compiler::ast::Document::parse(input.text.as_str(), &input.path).ok())
            .collect(),
    )
}

/// Parses and validates operation documents against `schema`. Each file is a
/// document of its own (fragments are shared within a file). Every operation
/// must be named, and names must be unique across files; subscriptions are
/// not supported. Returns every error of every file.
pub fn parse_documents(schema: &ParsedSchema, inputs: &[SourceInput]) -> Result<Vec<ParsedDocument>, Vec<Diagnostic>> {
    parse_documents_with(schema, inputs, parse_syntax(inputs))
}

/// [`parse_documents`] from the syntax [`parse_syntax`] parsed from the same `inputs`.
pub fn parse_documents_with(
    schema: &ParsedSchema,
    inputs: &[SourceInput],
    syntax: DocumentSyntax,
) -> Result<Vec<ParsedDocument>, Vec<Diagnostic>> {
    assert_eq!(syntax.0.len(), inputs.len(), "the syntax of these inputs");
    let mut errors = Vec::new();
    let mut documents = Vec::new();
    let type_names: Vec<String> = schema
        .schema
        .types
        .keys()
        .map(|n| n.to_string())
        .filter(|n| !n.starts_with("__") && !schema.is_synthetic_type(n))
        .collect();
    for (input, ast) in inputs.iter().zip(syntax.0) {
        if is_blank(&input.text) {
            errors.push(
                Diagnostic::error(format!("`{}` contains no operations", input.path)).with_help(
                    "an operation document holds `query Name { ... }` or `mutation Name { ... }` definitions",
                ),
            );
            continue;
        }
        // A valid document builds from its syntax tree; one with errors is
        // parsed again with the schema's sources, which its diagnostics can point into.
        if let Some(document) = ast.and_then(|ast| ast.to_executable_validate(&schema.schema).ok()) {
            documents.push(ParsedDocument { path: input.path.clone(), document });
            continue;
        }
        match ExecutableDocument::parse_and_validate(&schema.schema, input.text.as_str(), &input.path) {
            Ok(document) => documents.push(ParsedDocument { path: input.path.clone(), document }),
            Err(with_errors) => {
                let converted = convert(&with_errors.errors, &type_names);
                errors.extend(
                    first_per_line(converted).into_iter().filter(|d| !is_cascade(d)).map(|d| suggest_field(schema, d)),
                );
            }
        }
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for doc in &documents {
        let sources = &doc.document.sources;
        if let Some(op) = &doc.document.operations.anonymous {
            errors.push(
                Diagnostic::error("operations must be named")
                    .at(locate(sources, op.location()))
                    .with_label("anonymous operation")
                    .with_help("write `query MyName { ... }`: the name becomes the Rust type's name"),
            );
        }
        for (name, op) in &doc.document.operations.named {
            if op.is_subscription() {
                errors.push(
                    Diagnostic::error(format!("subscription `{name}` is not supported"))
                        .at(locate(sources, op.location()))
                        .with_help("the Admin API has queries and mutations only"),
                );
            }
            match seen.get(name.as_str()) {
                Some(first) => errors.push(
                    Diagnostic::error(format!("operation `{name}` is defined more than once"))
                        .at(locate(sources, name.location()))
                        .with_label("second definition")
                        .with_note(format!("first defined in {first}")),
                ),
                None => {
                    seen.insert(name.to_string(), doc.path.clone());
                }
            }
        }
    }
    if errors.is_empty() { Ok(documents) } else { Err(errors) }
}

/// "must have a subselection set" on a field that has one, all of whose fields
/// are unknown: the unknown fields are reported, this adds nothing.
fn is_cascade(d: &Diagnostic) -> bool {
    d.message.starts_with("interface, union and object types must have a subselection set")
        && d.location
            .as_ref()
            .is_some_and(|l| l.line_text.chars().skip(l.column.saturating_sub(1)).collect::<String>().contains('{'))
}

/// Adds "did you mean" to "type `T` does not have a field `f`".
fn suggest_field(schema: &ParsedSchema, d: Diagnostic) -> Diagnostic {
    let mut parts = d.message.split('`');
    let (Some(_), Some(ty), Some(rest), Some(field)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return d;
    };
    if rest != " does not have a field " || d.help.is_some() {
        return d;
    }
    let fields: Vec<&str> = match schema.schema.types.get(ty) {
        Some(apollo_compiler::schema::ExtendedType::Object(o)) => o.fields.keys().map(|k| k.as_str()).collect(),
        Some(apollo_compiler::schema::ExtendedType::Interface(i)) => i.fields.keys().map(|k| k.as_str()).collect(),
        _ => return d,
    };
    match crate::did_you_mean(field, fields) {
        Some(best) => {
            let help = format!("did you mean `{best}`?");
            d.with_help(help)
        }
        None => d,
    }
}
