//! The `filter` and `order` field specs of list fields (spec §6).
//!
//! Every paging field that takes `filter: String` or `order: String` gets a
//! [`ListQuery`]: the names its expressions may use, each with its GraphQL
//! type, its storage (column, JSON key or array column) and the item member
//! that holds it in memory. By default these are the item type's scalar and
//! enum fields (lists of them as array columns) under their wire names;
//! `[lists."Type.field"]` in the config excludes, renames, adds and marks
//! them. Generated servers check requests against the spec before a resolver
//! runs.

use admin_codegen_parser::{Diagnostic, Location};

use crate::model::*;

/// The config's changes to one list's spec (`[lists."Type.field"]`).
#[derive(Debug, Clone, Default)]
pub struct ListOverlay {
    /// `Type.field`, wire names.
    pub target: String,
    /// Names to leave out.
    pub exclude: Vec<String>,
    /// Names to change or add.
    pub fields: Vec<ListFieldOverlay>,
    /// Where the config says so, for errors.
    pub location: Option<Location>,
}

/// One `[lists."Type.field".fields]` entry.
#[derive(Debug, Clone, Default)]
pub struct ListFieldOverlay {
    /// The name in expressions.
    pub name: String,
    /// The storage column (`column` or `table.column`); default the name.
    pub column: Option<String>,
    /// A key of a JSON object in the column.
    pub json_key: Option<String>,
    /// Whether the column is an array.
    pub array: Option<bool>,
    /// Whether `order` may name it.
    pub order: Option<bool>,
    /// The GraphQL type, required for names the item type does not have.
    pub ty: Option<String>,
    /// Where the entry is, for errors.
    pub location: Option<Location>,
}

/// The value type of a filterable name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QueryKind {
    /// `Int`
    Int,
    /// `BigInt` (any scalar mapped to `i64`)
    BigInt,
    /// `Float`
    Float,
    /// `String`, `ID`, string-valued custom scalars
    String,
    /// `Boolean`
    Bool,
    /// `UUID`
    Uuid,
    /// `DateTime`
    DateTime,
    /// An enum, by wire name, with its values.
    Enum(String, Vec<String>),
}

impl QueryKind {
    /// The GraphQL spelling.
    pub fn graphql(&self) -> &str {
        match self {
            QueryKind::Int => "Int",
            QueryKind::BigInt => "BigInt",
            QueryKind::Float => "Float",
            QueryKind::String => "String",
            QueryKind::Bool => "Boolean",
            QueryKind::Uuid => "UUID",
            QueryKind::DateTime => "DateTime",
            QueryKind::Enum(name, _) => name,
        }
    }
}

/// Where a name's value is stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QueryStorage {
    /// A column.
    Column(String),
    /// A key of a JSON object in a column.
    Json {
        /// The column.
        column: String,
        /// The key.
        key: String,
    },
    /// An array column.
    Array(String),
}

/// One name of a list's filter and order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QueryField {
    /// The name in expressions.
    pub name: String,
    /// Its value type.
    pub kind: QueryKind,
    /// Its storage.
    pub storage: QueryStorage,
    /// Whether `order` may name it.
    pub order: bool,
    /// The index of the item type's field holding it in memory, when the
    /// item type is an object that has it.
    pub member: Option<usize>,
}

/// The filter and order spec of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Wire name of `Type.field`.
    pub list: String,
    /// Whether the field takes `filter`.
    pub filter: bool,
    /// Whether the field takes `order`.
    pub order: bool,
    /// Wire name of the item type.
    pub item_type: String,
    /// Whether the item type is an object (whose members a filter can read in memory).
    pub record: bool,
    /// The names.
    pub fields: Vec<QueryField>,
}

/// The kind of a scalar or enum type, from the IR's Rust type decision.
fn kind_of(ir: &Ir, named: &NamedRef) -> Option<QueryKind> {
    match named.kind {
        RefKind::BuiltInScalar => Some(match named.wire.as_str() {
            "Int" => QueryKind::Int,
            "Float" => QueryKind::Float,
            "Boolean" => QueryKind::Bool,
            _ => QueryKind::String,
        }),
        RefKind::Scalar => {
            let TypeKind::Scalar(s) = &ir.get(&named.wire)?.kind else { return None };
            rust_kind(&s.rust_type)
        }
        RefKind::Enum => {
            let TypeKind::Enum(e) = &ir.get(&named.wire)?.kind else { return None };
            Some(QueryKind::Enum(named.wire.clone(), e.values.iter().map(|v| v.name.wire.clone()).collect()))
        }
        _ => None,
    }
}

/// The kinds of the Rust types the runtime's in-memory cells know.
fn rust_kind(rust: &str) -> Option<QueryKind> {
    Some(match rust {
        "i32" => QueryKind::Int,
        "i64" => QueryKind::BigInt,
        "f64" => QueryKind::Float,
        "bool" => QueryKind::Bool,
        "__rt::String" => QueryKind::String,
        "__rt::Uuid" => QueryKind::Uuid,
        "__rt::DateTime" => QueryKind::DateTime,
        _ => return None,
    })
}

/// A type named in the config: a built-in, a scalar the runtime can hold, or an enum.
fn kind_named(ir: &Ir, name: &str) -> Option<QueryKind> {
    let named = match name {
        "Int" | "Float" | "String" | "Boolean" | "ID" => {
            NamedRef { wire: name.to_owned(), rust: String::new(), kind: RefKind::BuiltInScalar }
        }
        _ => {
            let ty = ir.get(name)?;
            let kind = match &ty.kind {
                TypeKind::Scalar(_) => RefKind::Scalar,
                TypeKind::Enum(_) => RefKind::Enum,
                _ => return None,
            };
            NamedRef { wire: name.to_owned(), rust: String::new(), kind }
        }
    };
    kind_of(ir, &named)
}

/// Whether the field's type is `[T]`/`[T!]` (one list level).
fn single_list(ty: &TypeRef) -> bool {
    let inner = match ty {
        TypeRef::NonNull(inner) => inner,
        other => other,
    };
    match inner {
        TypeRef::List(element) => !element.is_list(),
        _ => false,
    }
}

/// The item type's default names.
fn defaults(ir: &Ir, item: &TypeDef) -> Vec<QueryField> {
    let (fields, record) = match &item.kind {
        TypeKind::Object(o) => (&o.fields, true),
        TypeKind::Interface(i) => (&i.fields, false),
        _ => return Vec::new(),
    };
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.args.is_empty())
        .filter_map(|(i, f)| {
            let list = f.ty.is_list();
            if list && !(single_list(&f.ty) && f.ty.named().kind != RefKind::Enum) {
                return None;
            }
            let kind = kind_of(ir, f.ty.named())?;
            let column = f.name.wire.clone();
            Some(QueryField {
                name: f.name.wire.clone(),
                kind,
                storage: if list { QueryStorage::Array(column) } else { QueryStorage::Column(column) },
                order: !list,
                member: record.then_some(i),
            })
        })
        .collect()
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn valid_column(c: &str) -> bool {
    let parts: Vec<&str> = c.split('.').collect();
    parts.len() <= 2 && parts.iter().all(|p| is_ident(p))
}

/// Decides the spec of every list field that takes `filter` or `order`, then applies the overlay.
pub(crate) fn assign(ir: &mut Ir, overlay: &[ListOverlay], errors: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    for (ti, ty) in ir.types.iter().enumerate() {
        let TypeKind::Object(o) = &ty.kind else { continue };
        for (fi, f) in o.fields.iter().enumerate() {
            let item = match &f.pagination {
                Some(Pagination::Offset(p)) => &p.item_type,
                Some(Pagination::Relay(p)) => &p.node_type,
                None => continue,
            };
            let string_arg = |name: &str| {
                f.args.iter().any(|a| a.name.wire == name && !a.ty.is_list() && a.ty.named().wire == "String")
            };
            let (filter, order) = (string_arg("filter"), string_arg("order"));
            if !(filter || order) {
                continue;
            }
            let Some(item_def) = ir.get(item) else { continue };
            found.push((
                ti,
                fi,
                ListQuery {
                    list: format!("{}.{}", ty.name.wire, f.name.wire),
                    filter,
                    order,
                    item_type: item.clone(),
                    record: matches!(item_def.kind, TypeKind::Object(_)),
                    fields: defaults(ir, item_def),
                },
            ));
        }
    }
    for entry in overlay {
        let Some(slot) = found.iter_mut().find(|(_, _, q)| q.list == entry.target) else {
            let lists: Vec<&str> = found.iter().map(|(_, _, q)| q.list.as_str()).collect();
            let mut d = Diagnostic::error(format!(
                "`[lists.\"{}\"]`: no list field of that name takes `filter` or `order`",
                entry.target
            ))
            .at(entry.location.clone());
            if let Some(best) = admin_codegen_parser::did_you_mean(&entry.target, lists.iter().copied()) {
                d = d.with_help(format!("did you mean `{best}`?"));
            }
            errors.push(d);
            continue;
        };
        apply(ir, &mut slot.2, entry, errors);
    }
    for (ti, fi, q) in found {
        if let TypeKind::Object(o) = &mut ir.types[ti].kind {
            o.fields[fi].query = Some(q);
        }
    }
}

fn apply(ir: &Ir, q: &mut ListQuery, entry: &ListOverlay, errors: &mut Vec<Diagnostic>) {
    let target = &entry.target;
    for name in &entry.exclude {
        let before = q.fields.len();
        q.fields.retain(|f| &f.name != name);
        if q.fields.len() == before {
            errors.push(
                Diagnostic::error(format!("`[lists.\"{target}\"]` excludes `{name}`, which is not one of its names"))
                    .at(entry.location.clone())
                    .with_note(format!("its names: {}", names(q))),
            );
        }
    }
    // The item's members (object items only: nothing else is read in memory), and whether each holds JSON.
    let item_members: Vec<(String, usize, bool)> = match ir.get(&q.item_type).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.wire.clone(), i, !f.ty.is_list() && holds_json(ir, f.ty.named())))
            .collect(),
        _ => Vec::new(),
    };
    for e in &entry.fields {
        let at = e.location.clone().or(entry.location.clone());
        let err =
            |m: String| Diagnostic::error(format!("`[lists.\"{target}\".fields]` `{}`: {m}", e.name)).at(at.clone());
        let kind = match checked_kind(ir, e) {
            Ok(kind) => kind,
            Err(why) => {
                errors.push(err(why));
                continue;
            }
        };
        let existing = q.fields.iter().position(|f| f.name == e.name);
        let mut field = match (existing, kind) {
            (Some(i), kind) => {
                let mut f = q.fields[i].clone();
                if let Some(k) = kind {
                    f.kind = k;
                }
                f
            }
            (None, Some(kind)) => QueryField {
                name: e.name.clone(),
                kind,
                storage: QueryStorage::Column(e.name.clone()),
                order: true,
                member: None,
            },
            (None, None) => {
                errors.push(
                    err(format!("`{}` has no field of that name; an added name needs a `type`", q.item_type))
                        .with_note(format!("its names: {}", names(q))),
                );
                continue;
            }
        };
        let column = e.column.clone().unwrap_or_else(|| match &field.storage {
            QueryStorage::Column(c) | QueryStorage::Array(c) => c.clone(),
            QueryStorage::Json { column, .. } => column.clone(),
        });
        field.storage = if let Some(key) = &e.json_key {
            // In memory, a JSON key reads the item member named by the column, when it is a scalar holding JSON.
            field.member = item_members.iter().find(|(n, _, json)| *n == column && *json).map(|m| m.1);
            QueryStorage::Json { column, key: key.clone() }
        } else if e.array.unwrap_or(matches!(field.storage, QueryStorage::Array(_))) {
            QueryStorage::Array(column)
        } else {
            QueryStorage::Column(column)
        };
        let array = matches!(field.storage, QueryStorage::Array(_));
        field.order = e.order.unwrap_or(!array);
        if field.order && array {
            errors.push(err("an array column cannot be ordered by".into()));
            continue;
        }
        match existing {
            Some(i) => q.fields[i] = field,
            None => q.fields.push(field),
        }
    }
}

/// Checks one `[lists."Type.field".fields]` entry on its own (names,
/// column, JSON key, type); the kind its `type` names, if it names one.
fn checked_kind(ir: &Ir, e: &ListFieldOverlay) -> Result<Option<QueryKind>, String> {
    if !is_ident(&e.name) {
        return Err("a name must be an identifier (letters, digits and `_`, not starting with a digit)".into());
    }
    if let Some(c) = &e.column
        && !valid_column(c)
    {
        return Err(format!("column `{c}` must be `name` or `table.name`, each an identifier"));
    }
    if let Some(k) = &e.json_key
        && !is_ident(k)
    {
        // SQLite reads `a.b` after `->>` as a path, PostgreSQL as a key: identifiers mean the same to both.
        return Err(format!("JSON key `{k}` must be an identifier (letters, digits and `_`)"));
    }
    if e.json_key.is_some() && e.array == Some(true) {
        return Err("a name is a JSON key or an array column, not both".into());
    }
    match &e.ty {
        Some(t) => kind_named(ir, t).map(Some).ok_or_else(|| {
            format!(
                "type `{t}` cannot be filtered (use Int, BigInt, Float, String, ID, Boolean, UUID, DateTime or an enum)"
            )
        }),
        None => Ok(None),
    }
}

/// Whether a scalar's Rust type is one of the runtime's JSON values.
fn holds_json(ir: &Ir, named: &NamedRef) -> bool {
    named.kind == RefKind::Scalar
        && ir.get(&named.wire).is_some_and(
            |t| matches!(&t.kind, TypeKind::Scalar(s) if s.rust_type == "__rt::Json" || s.rust_type == "__rt::JsonString"),
        )
}

fn names(q: &ListQuery) -> String {
    if q.fields.is_empty() {
        return "(none)".into();
    }
    q.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}
