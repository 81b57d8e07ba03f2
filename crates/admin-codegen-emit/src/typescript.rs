//! The TypeScript target: `schema.ts` (every schema type, as the wire JSON
//! has it) and, with operation documents, `operations.ts` (one typed
//! operation per named operation: its variables, its exact result and its
//! document). Built from the same IR as the Rust targets; every name and
//! scalar type is the IR's (`TypeDef::ts_name`, `ScalarDef::ts_type`,
//! the operations' shape names).
//!
//! The text is written directly (there is no TypeScript AST here): two-space
//! indentation, double-quoted strings, one declaration per item, TSDoc from
//! descriptions and `@deprecated` from deprecations.

use std::fmt::Write as _;

use admin_codegen_ir::*;

use crate::GeneratedFile;

/// The schema types module.
pub const SCHEMA_FILE: &str = "schema.ts";
/// The operations module.
pub const OPERATIONS_FILE: &str = "operations.ts";

/// What the TypeScript target writes.
#[derive(Debug, Clone, Copy)]
pub struct TypeScript<'a> {
    /// The directory inside the output directory its files go to.
    pub dir: &'a str,
    /// The operations for `operations.ts`, when there are documents.
    pub operations: Option<&'a Operations>,
    /// Whether each operation also gets a `TypedDocumentNode` constant (the
    /// parsed document, for clients that take graphql-js ASTs); its types
    /// come from `@graphql-typed-document-node/core`.
    pub document_nodes: bool,
}

/// The TypeScript files, paths relative to the output directory.
pub fn emit(ir: &Ir, ts: TypeScript<'_>) -> Vec<GeneratedFile> {
    let dir = ts.dir;
    let path = |file: &str| if dir.is_empty() { file.to_owned() } else { format!("{dir}/{file}") };
    let mut files = vec![GeneratedFile { path: path(SCHEMA_FILE), contents: schema(ir) }];
    if let Some(ops) = ts.operations {
        files.push(GeneratedFile {
            path: path(OPERATIONS_FILE),
            contents: operations_module(ir, ops, ts.document_nodes),
        });
    }
    files
}

/// `/** … */` above a declaration, `indent` deep; nothing without a description or deprecation.
fn doc(out: &mut String, indent: &str, description: Option<&str>, deprecation: Option<&str>) {
    let clean = |s: &str| s.replace("*/", "*\\/");
    let mut lines: Vec<String> =
        description.map(|d| d.trim().lines().map(|l| clean(l.trim_end())).collect()).unwrap_or_default();
    if let Some(reason) = deprecation {
        let reason = clean(reason.trim());
        lines.push(if reason.is_empty() {
            "@deprecated".to_owned()
        } else {
            format!("@deprecated {}", reason.replace('\n', " "))
        });
    }
    match lines.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {one} */");
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for l in many {
                if l.is_empty() {
                    let _ = writeln!(out, "{indent} *");
                } else {
                    let _ = writeln!(out, "{indent} * {l}");
                }
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

/// A string literal (the SDL printer's, which escapes as JSON does).
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::sdl::string(&mut out, s);
    out
}

/// A type reference: `named` renders named types; nullable positions get `| null`.
fn type_ref(ty: &TypeRef, named: &dyn Fn(&NamedRef) -> String) -> String {
    match ty {
        TypeRef::NonNull(inner) => non_null(inner, named),
        other => format!("{} | null", non_null(other, named)),
    }
}

fn non_null(ty: &TypeRef, named: &dyn Fn(&NamedRef) -> String) -> String {
    match ty {
        TypeRef::Named(n) => named(n),
        TypeRef::List(item) => match item.as_ref() {
            TypeRef::NonNull(inner) if matches!(inner.as_ref(), TypeRef::Named(_)) => {
                format!("{}[]", non_null(inner, named))
            }
            item => format!("({})[]", type_ref(item, named)),
        },
        TypeRef::NonNull(inner) => non_null(inner, named),
    }
}

/// The TypeScript name of a schema type (`prefix` is `__schema.` outside schema.ts: GraphQL names cannot start with `__`, so nothing there can shadow it).
fn schema_name(ir: &Ir, n: &NamedRef, prefix: &str) -> String {
    if let Some(ts) = scalars::built_in_ts(&n.wire).filter(|_| n.kind == RefKind::BuiltInScalar) {
        return ts.to_owned();
    }
    match ir.get(&n.wire) {
        Some(t) => format!("{prefix}{}", t.ts_name),
        None => "unknown".to_owned(),
    }
}

/// `"A" | "B"`: the `__typename` values of a schema type's possible objects.
fn typenames(ir: &Ir, wire: &str, except: &[&str]) -> Option<String> {
    let possible: Vec<&str> = match ir.get(wire).map(|t| &t.kind) {
        Some(TypeKind::Object(_)) => vec![wire],
        Some(TypeKind::Interface(i)) => i.implementors.iter().map(|v| v.name.wire.as_str()).collect(),
        Some(TypeKind::Union(u)) => u.members.iter().map(|v| v.name.wire.as_str()).collect(),
        _ => return None,
    };
    let left: Vec<String> = possible.iter().filter(|p| !except.contains(p)).map(|p| string(p)).collect();
    (!left.is_empty()).then(|| left.join(" | "))
}

fn schema(ir: &Ir) -> String {
    let mut out = crate::header();
    out.push_str(
        "// Schema types as the wire JSON has them: names as the schema spells them,\n\
         // nullable fields as `T | null`, optional input fields as `?:`.\n",
    );
    let named = |n: &NamedRef| schema_name(ir, n, "");
    for ty in &ir.types {
        out.push('\n');
        let name = &ty.ts_name;
        let description = ty.description.as_deref();
        match &ty.kind {
            TypeKind::Scalar(s) => {
                doc(&mut out, "", description, None);
                let _ = writeln!(out, "export type {name} = {};", s.ts_type);
            }
            TypeKind::Object(o) => {
                doc(&mut out, "", description, None);
                let _ = writeln!(out, "export interface {name} {{");
                let _ = writeln!(out, "  __typename?: {};", string(&ty.name.wire));
                fields(&mut out, &o.fields, &named);
                out.push_str("}\n");
            }
            TypeKind::Interface(i) => {
                doc(&mut out, "", description, None);
                let _ = writeln!(out, "export interface {name} {{");
                if let Some(names) = typenames(ir, &ty.name.wire, &[]) {
                    let _ = writeln!(out, "  __typename?: {names};");
                }
                fields(&mut out, &i.fields, &named);
                out.push_str("}\n");
            }
            TypeKind::Union(u) => {
                doc(&mut out, "", description, None);
                let members: Vec<String> = u
                    .members
                    .iter()
                    .map(|m| ir.get(&m.name.wire).map_or_else(|| "never".into(), |t| t.ts_name.clone()))
                    .collect();
                let _ = writeln!(out, "export type {name} = {};", members.join(" | "));
            }
            TypeKind::Enum(e) => {
                let mut text = description.unwrap_or_default().trim().to_owned();
                for v in e.values.iter().filter(|v| v.description.is_some() || v.deprecation.is_some()) {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    let _ = write!(text, "- `{}`", v.name.wire);
                    if let Some(d) = &v.description {
                        let _ = write!(text, ": {}", d.trim().replace('\n', " "));
                    }
                    if let Some(reason) = &v.deprecation {
                        let _ = write!(text, " (deprecated: {})", reason.trim().replace('\n', " "));
                    }
                }
                doc(&mut out, "", (!text.is_empty()).then_some(text.as_str()), None);
                let values: Vec<String> = e.values.iter().map(|v| string(&v.name.wire)).collect();
                let _ = writeln!(out, "export type {name} = {};", values.join(" | "));
                let _ = writeln!(out, "/** Every value of `{}`, in schema order. */", ty.name.wire);
                let _ = writeln!(out, "export const {name} = [{}] as const;", values.join(", "));
            }
            TypeKind::InputObject(i) => {
                doc(&mut out, "", description, None);
                interface(&mut out, name, |out| inputs(out, &i.fields, &named));
            }
        }
    }
    out
}

/// `export interface Name { … }`, or `{}` on one line when `members` writes nothing.
fn interface(out: &mut String, name: &str, members: impl FnOnce(&mut String)) {
    let mut body = String::new();
    members(&mut body);
    if body.is_empty() {
        let _ = writeln!(out, "export interface {name} {{}}");
    } else {
        let _ = write!(out, "export interface {name} {{\n{body}}}\n");
    }
}

fn fields(out: &mut String, fields: &[Field], named: &dyn Fn(&NamedRef) -> String) {
    for f in fields {
        doc(out, "  ", f.description.as_deref(), f.deprecation.as_deref());
        let _ = writeln!(out, "  {}: {};", f.name.wire, type_ref(&f.ty, named));
    }
}

/// Input fields and variables: a nullable one may be left out or sent as
/// `null`; a non-null one with a default may be left out, not sent as `null`.
fn inputs(out: &mut String, values: &[InputValue], named: &dyn Fn(&NamedRef) -> String) {
    for v in values {
        doc(out, "  ", v.description.as_deref(), v.deprecation.as_deref());
        let optional = !v.ty.is_non_null() || v.default.is_some();
        let _ = writeln!(out, "  {}{}: {};", v.name.wire, if optional { "?" } else { "" }, type_ref(&v.ty, named));
    }
}

/// The declarations every operations module starts with:
/// `packages/client/operation.d.ts` (without its opening comment), the one
/// source of the `TypedOperation` shape that the client package's types
/// re-export. `__apiType` is the phantom member of
/// `@graphql-typed-document-node/core`'s `DocumentTypeDecoration`, so tools
/// that read result and variable types from it accept these operations.
const OPERATION_TYPES: &str = include_str!("../../../packages/client/operation.d.ts");

fn prelude() -> &'static str {
    OPERATION_TYPES.split_once("\n\n").map_or(OPERATION_TYPES, |(_, rest)| rest)
}

fn operations_module(ir: &Ir, ops: &Operations, document_nodes: bool) -> String {
    let mut out = crate::header();
    if document_nodes {
        out.push_str("import type { TypedDocumentNode } from \"@graphql-typed-document-node/core\";\n");
    }
    out.push_str("import type * as __schema from \"./schema.js\";\n\n");
    out.push_str(prelude());
    for op in &ops.operations {
        operation(&mut out, ir, op, document_nodes);
    }
    out
}

fn operation(out: &mut String, ir: &Ir, op: &OperationDef, document_node: bool) {
    let named = |n: &NamedRef| match n.kind {
        RefKind::Object | RefKind::Interface | RefKind::Union => n.rust.clone(),
        _ => schema_name(ir, n, "__schema."),
    };
    let kind = match op.kind {
        OperationKind::Query => "query",
        OperationKind::Mutation => "mutation",
    };
    let about = format!("`{kind} {}` from `{}`.", op.name.wire, op.source);
    out.push('\n');
    let _ = writeln!(out, "/** The variables of {about} */");
    interface(out, &op.variables_type, |out| inputs(out, &op.variables, &named));
    // The `__typename` of each struct shape that is a case of an enum shape:
    // a variant's own type, the remaining possible types for the fallback.
    // A fallback with no type left is `None` and not written.
    let mut case: Vec<Option<Option<String>>> = vec![None; op.shapes.len()];
    for shape in &op.shapes {
        if let ShapeKind::Enum { variants, other, .. } = &shape.kind {
            for v in variants {
                case[v.shape] = Some(Some(string(&v.name.wire)));
            }
            let taken: Vec<&str> = variants.iter().map(|v| v.name.wire.as_str()).collect();
            case[*other] = Some(typenames(ir, &shape.on_type, &taken));
        }
    }
    for (i, shape) in op.shapes.iter().enumerate() {
        let typename = match &case[i] {
            Some(None) => continue,
            Some(Some(names)) => Some(names),
            None => None,
        };
        out.push('\n');
        if i == 0 {
            let _ = writeln!(out, "/** The result (`data`) of {about} */");
        }
        match &shape.kind {
            ShapeKind::Struct(fields) => {
                let _ = writeln!(out, "export interface {} {{", shape.rust);
                if let Some(names) = typename
                    && !fields.iter().any(|f| f.name.wire == "__typename")
                {
                    let _ = writeln!(out, "  __typename: {names};");
                }
                let own = typename.cloned().or_else(|| typenames(ir, &shape.on_type, &[]));
                for f in fields {
                    doc(out, "  ", f.description.as_deref(), f.deprecation.as_deref());
                    let ty = match &own {
                        // A selected `__typename` is one of the names it can be.
                        Some(names) if f.typename => names.clone(),
                        _ => type_ref(&f.ty, &named),
                    };
                    let _ = writeln!(out, "  {}: {ty};", f.name.wire);
                }
                out.push_str("}\n");
            }
            ShapeKind::Enum { variants, other, .. } => {
                let mut cases: Vec<String> = variants.iter().map(|v| op.shapes[v.shape].rust.clone()).collect();
                if matches!(case[*other], Some(Some(_))) {
                    cases.push(op.shapes[*other].rust.clone());
                }
                let _ = writeln!(out, "export type {} = {};", shape.rust, cases.join(" | "));
            }
        }
    }
    let item = match &op.page {
        Some(OperationPage::Offset { item, .. } | OperationPage::Relay { item, .. }) => {
            format!(", {}", type_ref(item, &named))
        }
        None => String::new(),
    };
    out.push('\n');
    let _ = writeln!(out, "/** {about} */");
    let _ = writeln!(
        out,
        "export const {}: TypedOperation<{}, {}{item}> = {{",
        op.name.rust, op.shapes[0].rust, op.variables_type
    );
    let _ = writeln!(out, "  name: {},", string(&op.name.wire));
    let _ = writeln!(out, "  kind: {},", string(kind));
    let _ = writeln!(out, "  document: {},", string(&op.document));
    let opt = |s: &Option<String>| s.as_deref().map_or_else(|| "null".to_owned(), string);
    match &op.page {
        None => out.push_str("  page: null,\n"),
        Some(OperationPage::Offset { root, items, total, limit, offset, .. }) => {
            let _ = writeln!(
                out,
                "  page: {{ kind: \"offset\", root: {}, items: {}, total: {}, limit: {}, offset: {} }},",
                string(root),
                string(items),
                opt(total),
                string(limit),
                string(offset)
            );
        }
        Some(OperationPage::Relay {
            root, edges, node, page_info, has_next_page, end_cursor, first, after, ..
        }) => {
            let _ = writeln!(
                out,
                "  page: {{ kind: \"relay\", root: {}, edges: {}, node: {}, pageInfo: {}, hasNextPage: {}, endCursor: {}, first: {}, after: {} }},",
                string(root),
                string(edges),
                string(node),
                string(page_info),
                string(has_next_page),
                string(end_cursor),
                string(first),
                string(after)
            );
        }
    }
    if op.payloads.is_empty() {
        out.push_str("  payloads: [],\n");
    } else {
        out.push_str("  payloads: [\n");
        for p in &op.payloads {
            let _ = writeln!(
                out,
                "    {{ root: {}, field: {}, ok: {}, msg: {} }},",
                string(&p.root),
                string(&p.field),
                string(&p.ok),
                opt(&p.msg)
            );
        }
        out.push_str("  ],\n");
    }
    out.push_str("};\n");
    if let Some(node) = op.document_node.as_deref().filter(|_| document_node) {
        let _ = writeln!(out, "\n/** {about} As a `DocumentNode`, for clients that take parsed documents. */");
        let _ = writeln!(
            out,
            "export const {} = {} as unknown as TypedDocumentNode<{}, {}>;",
            op.document_name, node, op.shapes[0].rust, op.variables_type
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_docs_are_escaped() {
        assert_eq!(string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        let mut out = String::new();
        doc(&mut out, "", Some("ends */ early"), Some("use b"));
        assert_eq!(out, "/**\n * ends *\\/ early\n * @deprecated use b\n */\n");
    }

    #[test]
    fn nullability_and_lists() {
        let n = |wire: &str| {
            TypeRef::Named(NamedRef { wire: wire.into(), rust: String::new(), kind: RefKind::BuiltInScalar })
        };
        let nn = |t: TypeRef| TypeRef::NonNull(Box::new(t));
        let list = |t: TypeRef| TypeRef::List(Box::new(t));
        let named = |r: &NamedRef| scalars::built_in_ts(&r.wire).unwrap_or("unknown").to_owned();
        assert_eq!(type_ref(&n("Int"), &named), "number | null");
        assert_eq!(type_ref(&nn(list(nn(n("String")))), &named), "string[]");
        assert_eq!(type_ref(&list(n("ID")), &named), "(string | null)[] | null");
        assert_eq!(type_ref(&nn(list(list(nn(n("Boolean"))))), &named), "(boolean[] | null)[]");
    }
}
