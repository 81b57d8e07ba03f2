//! Client operations: every decision about the Rust types of an operation's
//! variables and response, made here from validated documents and the schema IR.
//!
//! A response type holds exactly the selected fields. Fragments (named and
//! inline) are flattened into the selection they apply to, fields with the same
//! response key are merged, and a selection on an interface or union with type
//! conditions becomes an enum over the concrete types that select more than
//! the common fields, plus `Other` for the rest. Such selections need
//! `__typename` in the response, so the document sent adds it where missing.

use std::collections::{BTreeSet, HashSet};

use admin_codegen_parser::apollo_compiler::executable::{
    ExecutableDocument, Field as ExField, Operation, Selection, SelectionSet,
};
use admin_codegen_parser::apollo_compiler::validation::Valid;
use admin_codegen_parser::apollo_compiler::{Node, Schema, ast};
use admin_codegen_parser::{Diagnostic, ParsedDocument, ParsedSchema};

use crate::hash::FxHashMap;
use crate::model::*;
use crate::naming::{self, Namespace};

/// Every operation of the configured documents.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    /// In document order, documents in the order given.
    pub operations: Vec<OperationDef>,
}

/// A query or mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// `query`.
    Query,
    /// `mutation`.
    Mutation,
}

/// One operation and the Rust types generated for it.
#[derive(Debug, Clone)]
pub struct OperationDef {
    /// The operation's name (wire) and its marker type's Rust name.
    pub name: Name,
    /// Query or mutation.
    pub kind: OperationKind,
    /// The document file it came from.
    pub source: String,
    /// The text sent: the operation and the fragments it uses, with `__typename` added where needed.
    pub document: String,
    /// The same document as graphql-js's `DocumentNode`, in JSON, when
    /// asked for (`document_nodes` of [`lower_operations`]).
    pub document_node: Option<String>,
    /// The name of the TypeScript constant holding [`OperationDef::document_node`] (`<Op>Document`).
    pub document_name: String,
    /// The Rust name of the variables struct.
    pub variables_type: String,
    /// The variables, in declaration order.
    pub variables: Vec<InputValue>,
    /// Every response type, the root (`<Op>Response`) first.
    pub shapes: Vec<Shape>,
    /// The page stream this operation supports, if it pages.
    pub page: Option<OperationPage>,
    /// Root fields returning `{ok, msg}` payloads with `ok` selected.
    pub payloads: Vec<PayloadKeys>,
}

/// A response type: a struct of selected fields, or an enum over concrete types.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Its Rust name.
    pub rust: String,
    /// The schema type it is a selection on.
    pub on_type: String,
    /// The struct's fields or the enum's variants.
    pub kind: ShapeKind,
}

/// What a response type is.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// The selected fields, in selection order.
    Struct(Vec<ShapeField>),
    /// A selection on an interface or union with type conditions, decided by `__typename`.
    Enum {
        /// One per concrete type that selects more than the common fields.
        variants: Vec<ShapeVariant>,
        /// The shape (a struct of the common fields) of every other type.
        other: usize,
        /// The Rust name of the variant holding `other`: `Other`, claimed
        /// after the concrete types' variants (`Other2` beside a type `Other`).
        other_variant: String,
    },
}

/// One variant of an enum shape.
#[derive(Debug, Clone)]
pub struct ShapeVariant {
    /// The concrete type's wire name (`__typename`) and the variant's Rust name.
    pub name: Name,
    /// The index of the variant's struct in [`OperationDef::shapes`].
    pub shape: usize,
}

/// One selected field.
#[derive(Debug, Clone)]
pub struct ShapeField {
    /// The response key (alias or field name) and the Rust field name.
    pub name: Name,
    /// The type: schema scalars and enums as `super::types::…` (built-ins as
    /// themselves), selections as the name of their shape.
    pub ty: TypeRef,
    /// The schema field's description.
    pub description: Option<String>,
    /// The schema field's deprecation reason.
    pub deprecation: Option<String>,
    /// Whether the field is `__typename` (under any alias): its value is
    /// one of the names of the types the selection is on.
    pub typename: bool,
}

/// How a page stream walks an operation: the JSON keys to read and the variables to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationPage {
    /// An offset `*_list` field whose `limit` and `offset` are variables.
    Offset {
        /// Response key of the root field.
        root: String,
        /// Response key of `items`.
        items: String,
        /// Response key of `total_count`, when selected.
        total: Option<String>,
        /// Variable bound to `limit`.
        limit: String,
        /// Variable bound to `offset`.
        offset: String,
        /// The item type (an element of `items`).
        item: TypeRef,
    },
    /// A Relay connection whose `first` and `after` are variables.
    Relay {
        /// Response key of the root field.
        root: String,
        /// Response key of `edges`.
        edges: String,
        /// Response key of `node`.
        node: String,
        /// Response key of `pageInfo`.
        page_info: String,
        /// Response key of `hasNextPage`.
        has_next_page: String,
        /// Response key of `endCursor`.
        end_cursor: String,
        /// Variable bound to `first`.
        first: String,
        /// Variable bound to `after`.
        after: String,
        /// The item type (`node`).
        item: TypeRef,
    },
}

/// A root field whose payload reports failure in band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadKeys {
    /// The root field's response key.
    pub root: String,
    /// The schema field name (for messages).
    pub field: String,
    /// Response key of `ok`.
    pub ok: String,
    /// Response key of `msg`, when selected.
    pub msg: Option<String>,
}

/// Lowers validated documents against the schema and its IR; with
/// `document_nodes`, each operation also gets its graphql-js AST.
///
/// Operations are lowered in parallel, each claiming its Rust names in a
/// namespace of its own; then, in document order, each operation's names join
/// the module's. An operation none of whose names were taken by an earlier one
/// named itself exactly as lowering it after them would have; one that
/// collides is lowered again against the module's names. The result is that
/// of lowering them one after the other.
pub fn lower_operations(
    parsed: &ParsedSchema,
    ir: &Ir,
    documents: &[ParsedDocument],
    document_nodes: bool,
) -> Result<Operations, Vec<Diagnostic>> {
    let fields = FieldIndex::new(ir);
    let units: Vec<(&ParsedDocument, &str, &Node<Operation>)> = documents
        .iter()
        .flat_map(|doc| doc.document.operations.named.iter().map(move |(name, op)| (doc, name.as_str(), op)))
        .collect();
    let lower = |(doc, name, op): (&ParsedDocument, &str, &Node<Operation>), names: &mut Namespace| {
        lower_operation(parsed, ir, &fields, doc, name, op, names, document_nodes)
    };
    let lowered = crate::parallel::map(&units, |unit| {
        let mut names = Namespace::default();
        let def = lower(*unit, &mut names);
        (def, names)
    });
    let mut names = Namespace::default();
    let mut operations = Vec::with_capacity(units.len());
    for (unit, (def, local)) in units.into_iter().zip(lowered) {
        operations.push(if names.absorb_disjoint(local) { def } else { lower(unit, &mut names) });
    }
    Ok(Operations { operations })
}

/// One operation, its Rust names claimed in `names`.
#[allow(clippy::too_many_arguments)]
fn lower_operation(
    parsed: &ParsedSchema,
    ir: &Ir,
    fields: &FieldIndex<'_>,
    doc: &ParsedDocument,
    op_name: &str,
    op: &Node<Operation>,
    names: &mut Namespace,
    document_nodes: bool,
) -> OperationDef {
    let rust = names.claim(op_name, naming::type_ident(op_name), "").name().to_owned();
    let mut claim =
        |suffix: &str| names.claim(&format!("{op_name}.{suffix}"), format!("{rust}{suffix}"), "").name().to_owned();
    let variables_type = claim("Variables");
    let response_type = claim("Response");
    let document_name = claim("Document");
    let mut cx = OpCx { schema: &parsed.schema, ir, fields, doc: &doc.document, shapes: Vec::new(), names };
    let root_type = op.object_type().to_string();
    cx.shape(response_type, &rust, &root_type, &[&op.selection_set]);
    let shapes = cx.shapes;
    let variables = variables(ir, op);
    let page = page(fields, op, &shapes);
    let payloads = payloads(ir, op, &shapes);
    let document = document_text(&parsed.schema, &doc.document, op);
    OperationDef {
        name: Name { wire: op_name.to_owned(), rust },
        kind: if op.is_mutation() { OperationKind::Mutation } else { OperationKind::Query },
        source: doc.path.clone(),
        document_node: document_nodes.then(|| crate::graphql_js::document_json(&document).unwrap_or_default()),
        document,
        document_name,
        variables_type,
        variables,
        shapes,
        page,
        payloads,
    }
}

/// Object and interface fields by type and field wire name, built once: root
/// types of large schemas have thousands of fields, and every operation
/// looks its root fields up.
struct FieldIndex<'a>(FxHashMap<(&'a str, &'a str), &'a Field>);

impl<'a> FieldIndex<'a> {
    fn new(ir: &'a Ir) -> FieldIndex<'a> {
        let mut index = FxHashMap::default();
        for ty in &ir.types {
            for f in ty.kind.fields() {
                index.insert((ty.name.wire.as_str(), f.name.wire.as_str()), f);
            }
        }
        FieldIndex(index)
    }

    fn get(&self, on_type: &str, name: &str) -> Option<&'a Field> {
        self.0.get(&(on_type, name)).copied()
    }
}

struct OpCx<'a> {
    schema: &'a Valid<Schema>,
    ir: &'a Ir,
    fields: &'a FieldIndex<'a>,
    doc: &'a ExecutableDocument,
    shapes: Vec<Shape>,
    names: &'a mut Namespace,
}

impl<'a> OpCx<'a> {
    /// Adds the shape named `rust` for `selections` on `on_type`; returns its
    /// index. Nested shapes are named `prefix` + their response key.
    fn shape(&mut self, rust: String, prefix: &str, on_type: &str, selections: &[&SelectionSet]) -> usize {
        let index = self.shapes.len();
        self.shapes.push(Shape {
            rust: rust.clone(),
            on_type: on_type.to_owned(),
            kind: ShapeKind::Struct(Vec::new()),
        });
        let kind = if self.is_abstract(on_type) {
            let common = collect(self.schema, self.doc, selections, on_type);
            let common_keys: Vec<&str> = common.iter().map(|(k, _)| k.as_str()).collect();
            let mut variants = Vec::new();
            let mut variant_names = Namespace::default();
            for concrete in self.possible_types(on_type) {
                let fields = collect(self.schema, self.doc, selections, &concrete);
                let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
                if keys != common_keys {
                    // The type's own Rust name, already unique among types (`Uuid2` beside `Uuid`).
                    let variant_rust =
                        self.ir.get(&concrete).map_or_else(|| naming::type_ident(&concrete), |t| t.name.rust.clone());
                    let variant_rust = variant_names.claim(&concrete, variant_rust, "").name().to_owned();
                    let shape = self.shape_name(&format!("{prefix}{variant_rust}"));
                    let shape = self.struct_shape(shape, &concrete, &fields);
                    variants.push(ShapeVariant { name: Name { wire: concrete, rust: variant_rust }, shape });
                }
            }
            if variants.is_empty() {
                ShapeKind::Struct(self.fields(prefix, on_type, &common))
            } else {
                let other_variant = variant_names.claim("(other)", "Other".to_owned(), "").name().to_owned();
                let other = self.shape_name(&format!("{prefix}{other_variant}"));
                let other = self.struct_shape(other, on_type, &common);
                ShapeKind::Enum { variants, other, other_variant }
            }
        } else {
            let fields = collect(self.schema, self.doc, selections, on_type);
            ShapeKind::Struct(self.fields(prefix, on_type, &fields))
        };
        self.shapes[index].kind = kind;
        index
    }

    fn struct_shape(&mut self, rust: String, on_type: &str, fields: &[(String, Vec<&Node<ExField>>)]) -> usize {
        let index = self.shapes.len();
        self.shapes.push(Shape {
            rust: rust.clone(),
            on_type: on_type.to_owned(),
            kind: ShapeKind::Struct(Vec::new()),
        });
        let fields = self.fields(&rust, on_type, fields);
        self.shapes[index].kind = ShapeKind::Struct(fields);
        index
    }

    fn shape_name(&mut self, wanted: &str) -> String {
        self.names.claim(wanted, wanted.to_owned(), "").name().to_owned()
    }

    fn fields(
        &mut self,
        parent_rust: &str,
        on_type: &str,
        fields: &[(String, Vec<&Node<ExField>>)],
    ) -> Vec<ShapeField> {
        let mut ns = Namespace::default();
        let mut out = Vec::new();
        for (key, group) in fields {
            let first = group[0];
            let rust = ns.claim(key, naming::field_ident(key), "_").name().to_owned();
            let schema_field = self.schema_field(on_type, first.name.as_str());
            let ty = match &schema_field {
                Some(f) => f.ty.clone(),
                // `__typename`, or a field validation accepted that the IR does not list.
                None => type_ref_of(self.ir, &first.definition.ty),
            };
            let selections: Vec<&SelectionSet> = group.iter().map(|f| &f.selection_set).collect();
            let ty = if selections.iter().all(|s| s.selections.is_empty()) {
                leaf(ty)
            } else {
                let inner = first.definition.ty.inner_named_type().to_string();
                let shape_rust = self.shape_name(&format!("{parent_rust}{}", naming::type_ident(key)));
                let shape = self.shape(shape_rust.clone(), &shape_rust, &inner, &selections);
                let shape_rust = self.shapes[shape].rust.clone();
                with_named(ty, |n| NamedRef { wire: n.wire.clone(), rust: shape_rust.clone(), kind: n.kind })
            };
            out.push(ShapeField {
                name: Name { wire: key.clone(), rust },
                ty,
                description: schema_field.and_then(|f| f.description.clone()),
                deprecation: schema_field.and_then(|f| f.deprecation.clone()),
                typename: first.name == "__typename",
            });
        }
        out
    }

    fn schema_field(&self, on_type: &str, name: &str) -> Option<&'a Field> {
        self.fields.get(on_type, name)
    }

    fn is_abstract(&self, ty: &str) -> bool {
        matches!(self.ir.get(ty).map(|t| &t.kind), Some(TypeKind::Interface(_) | TypeKind::Union(_)))
    }

    fn possible_types(&self, ty: &str) -> Vec<String> {
        match self.ir.get(ty).map(|t| &t.kind) {
            Some(TypeKind::Interface(i)) => i.implementors.iter().map(|v| v.name.wire.clone()).collect(),
            Some(TypeKind::Union(u)) => u.members.iter().map(|v| v.name.wire.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The fields selected on `runtime_type`, grouped by response key in
/// selection order (GraphQL's CollectFields over several selection sets).
fn collect<'d>(
    schema: &Schema,
    doc: &'d ExecutableDocument,
    selections: &[&'d SelectionSet],
    runtime_type: &str,
) -> Vec<(String, Vec<&'d Node<ExField>>)> {
    fn walk<'d>(
        schema: &Schema,
        doc: &'d ExecutableDocument,
        set: &'d SelectionSet,
        runtime_type: &str,
        visited: &mut HashSet<String>,
        out: &mut Vec<(String, Vec<&'d Node<ExField>>)>,
    ) {
        for selection in &set.selections {
            match selection {
                Selection::Field(f) => {
                    let key = f.response_key().to_string();
                    match out.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, group)) => group.push(f),
                        None => out.push((key, vec![f])),
                    }
                }
                Selection::FragmentSpread(s) => {
                    let Some(fragment) = doc.fragments.get(&s.fragment_name) else { continue };
                    if applies(schema, fragment.type_condition(), runtime_type)
                        && visited.insert(s.fragment_name.to_string())
                    {
                        walk(schema, doc, &fragment.selection_set, runtime_type, visited, out);
                        visited.remove(s.fragment_name.as_str());
                    }
                }
                Selection::InlineFragment(i) => {
                    if i.type_condition.as_ref().is_none_or(|c| applies(schema, c, runtime_type)) {
                        walk(schema, doc, &i.selection_set, runtime_type, visited, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for set in selections {
        walk(schema, doc, set, runtime_type, &mut HashSet::new(), &mut out);
    }
    out
}

/// Whether a fragment on `condition` applies to values of `runtime_type`.
fn applies(schema: &Schema, condition: &str, runtime_type: &str) -> bool {
    condition == runtime_type || schema.is_subtype(condition, runtime_type)
}

/// Leaf types of the response: schema types are reached through `super::types`.
fn leaf(ty: TypeRef) -> TypeRef {
    with_named(ty, |n| match n.kind {
        RefKind::BuiltInScalar => n.clone(),
        _ => NamedRef { wire: n.wire.clone(), rust: format!("super::types::{}", n.rust), kind: n.kind },
    })
}

fn with_named(ty: TypeRef, f: impl Fn(&NamedRef) -> NamedRef + Copy) -> TypeRef {
    match ty {
        TypeRef::Named(n) => TypeRef::Named(f(&n)),
        TypeRef::List(inner) => TypeRef::List(Box::new(with_named(*inner, f))),
        TypeRef::NonNull(inner) => TypeRef::NonNull(Box::new(with_named(*inner, f))),
    }
}

/// A type reference of an AST type, resolved through the schema IR.
fn type_ref_of(ir: &Ir, ty: &ast::Type) -> TypeRef {
    let named = |n: &ast::NamedType| {
        let wire = n.as_str();
        let (rust, kind) = match crate::scalars::built_in(wire) {
            Some(rust) => (rust.to_owned(), RefKind::BuiltInScalar),
            None => match ir.get(wire) {
                Some(t) => (t.name.rust.clone(), kind_of(&t.kind)),
                None => (naming::type_ident(wire), RefKind::Object),
            },
        };
        TypeRef::Named(NamedRef { wire: wire.to_owned(), rust, kind })
    };
    match ty {
        ast::Type::Named(n) => named(n),
        ast::Type::NonNullNamed(n) => TypeRef::NonNull(Box::new(named(n))),
        ast::Type::List(inner) => TypeRef::List(Box::new(type_ref_of(ir, inner))),
        ast::Type::NonNullList(inner) => TypeRef::NonNull(Box::new(TypeRef::List(Box::new(type_ref_of(ir, inner))))),
    }
}

fn kind_of(kind: &TypeKind) -> RefKind {
    match kind {
        TypeKind::Scalar(_) => RefKind::Scalar,
        TypeKind::Object(_) => RefKind::Object,
        TypeKind::Interface(_) => RefKind::Interface,
        TypeKind::Union(_) => RefKind::Union,
        TypeKind::Enum(_) => RefKind::Enum,
        TypeKind::InputObject(_) => RefKind::InputObject,
    }
}

fn variables(ir: &Ir, op: &Operation) -> Vec<InputValue> {
    let mut ns = Namespace::default();
    op.variables
        .iter()
        .map(|v| {
            let wire = v.name.to_string();
            let rust = ns.claim(&wire, naming::field_ident(&wire), "_").name().to_owned();
            InputValue {
                name: Name { wire, rust },
                description: None,
                ty: leaf(type_ref_of(ir, &v.ty)),
                default: v.default_value.as_ref().map(|d| d.to_string()),
                deprecation: None,
                held: Held::Value,
            }
        })
        .collect()
}

fn variable_of(field: &ExField, arg: &str) -> Option<String> {
    match field.specified_argument_by_name(arg)?.as_ref() {
        ast::Value::Variable(v) => Some(v.to_string()),
        _ => None,
    }
}

/// The page stream an operation supports: its only root field pages, the
/// paging arguments are variables, and the keys the stream reads are selected.
fn page(fields: &FieldIndex<'_>, op: &Operation, shapes: &[Shape]) -> Option<OperationPage> {
    let doc_fields = op.selection_set.fields().collect::<Vec<_>>();
    let [root] = doc_fields.as_slice() else { return None };
    let ir_field = fields.get(op.object_type().as_str(), root.name.as_str())?;
    let root_shape = field_shape(shapes, 0, root.response_key())?;
    let key_of = |shape: usize, name: &str| -> Option<(String, Option<usize>, TypeRef)> {
        let ShapeKind::Struct(fields) = &shapes[shape].kind else { return None };
        // The page helper reads fields under their own names (not aliased).
        let f = fields.iter().find(|f| f.name.wire == name)?;
        Some((f.name.wire.clone(), field_shape_index(shapes, &f.ty), f.ty.clone()))
    };
    match ir_field.pagination.as_ref()? {
        Pagination::Offset(_) => {
            let (items, _, items_ty) = key_of(root_shape, "items")?;
            let total = key_of(root_shape, "total_count").map(|t| t.0);
            Some(OperationPage::Offset {
                root: root.response_key().to_string(),
                items,
                total,
                limit: variable_of(root, "limit")?,
                offset: variable_of(root, "offset")?,
                item: element(items_ty)?,
            })
        }
        Pagination::Relay(_) => {
            let (edges, edge_shape, _) = key_of(root_shape, "edges")?;
            let (node, _, node_ty) = key_of(edge_shape?, "node")?;
            let (page_info, info_shape, _) = key_of(root_shape, "pageInfo")?;
            let info_shape = info_shape?;
            Some(OperationPage::Relay {
                root: root.response_key().to_string(),
                edges,
                node,
                page_info,
                has_next_page: key_of(info_shape, "hasNextPage")?.0,
                end_cursor: key_of(info_shape, "endCursor")?.0,
                first: variable_of(root, "first")?,
                after: variable_of(root, "after")?,
                item: node_ty,
            })
        }
    }
}

fn field_shape(shapes: &[Shape], shape: usize, key: &str) -> Option<usize> {
    let ShapeKind::Struct(fields) = &shapes[shape].kind else { return None };
    field_shape_index(shapes, &fields.iter().find(|f| f.name.wire == key)?.ty)
}

fn field_shape_index(shapes: &[Shape], ty: &TypeRef) -> Option<usize> {
    let rust = &ty.named().rust;
    shapes.iter().position(|s| s.rust == *rust && matches!(s.kind, ShapeKind::Struct(_)))
}

fn element(ty: TypeRef) -> Option<TypeRef> {
    match ty {
        TypeRef::NonNull(inner) => element(*inner),
        TypeRef::List(inner) => Some(*inner),
        TypeRef::Named(_) => None,
    }
}

/// Root fields of a mutation that return `{ok, msg}` payloads with `ok` selected.
fn payloads(ir: &Ir, op: &Operation, shapes: &[Shape]) -> Vec<PayloadKeys> {
    if !op.is_mutation() {
        return Vec::new();
    }
    let ShapeKind::Struct(root_fields) = &shapes[0].kind else { return Vec::new() };
    let mut out = Vec::new();
    for root in op.selection_set.fields() {
        let Some(TypeKind::Object(o)) = ir.get(root.definition.ty.inner_named_type()).map(|t| &t.kind) else {
            continue;
        };
        let Some(payload) = &o.payload else { continue };
        let key = root.response_key().to_string();
        let Some(shape) =
            root_fields.iter().find(|f| f.name.wire == key).and_then(|f| field_shape_index(shapes, &f.ty))
        else {
            continue;
        };
        let ShapeKind::Struct(fields) = &shapes[shape].kind else { continue };
        let has = |name: &str| fields.iter().any(|f| f.name.wire == name).then(|| name.to_owned());
        if let Some(ok) = has(&payload.ok.wire) {
            out.push(PayloadKeys { root: key, field: root.name.to_string(), ok, msg: has(&payload.msg.wire) });
        }
    }
    out
}

/// The text sent for `op`: the operation, then the fragments it uses
/// (transitively, in document order), with `__typename` added to every
/// selection on an interface or union that lacks it.
fn document_text(schema: &Valid<Schema>, doc: &ExecutableDocument, op: &Node<Operation>) -> String {
    let mut used = BTreeSet::new();
    let mut stack = vec![&op.selection_set];
    while let Some(set) = stack.pop() {
        for selection in &set.selections {
            match selection {
                Selection::Field(f) => stack.push(&f.selection_set),
                Selection::InlineFragment(i) => stack.push(&i.selection_set),
                Selection::FragmentSpread(s) => {
                    if used.insert(s.fragment_name.clone())
                        && let Some(fragment) = doc.fragments.get(&s.fragment_name)
                    {
                        stack.push(&fragment.selection_set);
                    }
                }
            }
        }
    }
    let mut op = op.clone();
    add_typename(schema, &mut op.make_mut().selection_set);
    let mut text = op.serialize().to_string();
    for (name, fragment) in &doc.fragments {
        if used.contains(name) {
            let mut fragment = fragment.clone();
            add_typename(schema, &mut fragment.make_mut().selection_set);
            text.push_str("\n\n");
            text.push_str(&fragment.serialize().to_string());
        }
    }
    text.push('\n');
    text
}

fn add_typename(schema: &Valid<Schema>, set: &mut SelectionSet) {
    let is_abstract = matches!(
        schema.types.get(set.ty.as_str()),
        Some(ast_type) if ast_type.is_interface() || ast_type.is_union()
    );
    let has_typename =
        set.selections.iter().any(|s| s.as_field().is_some_and(|f| f.name == "__typename" && f.alias.is_none()));
    for selection in &mut set.selections {
        match selection {
            Selection::Field(f) => add_typename(schema, &mut f.make_mut().selection_set),
            Selection::InlineFragment(i) => add_typename(schema, &mut i.make_mut().selection_set),
            Selection::FragmentSpread(_) => {}
        }
    }
    if is_abstract
        && !has_typename
        && !set.selections.is_empty()
        && let Ok(field) = set.new_field(schema, admin_codegen_parser::apollo_compiler::name!("__typename"))
    {
        set.selections.insert(0, Selection::Field(Node::new(field)));
    }
}
