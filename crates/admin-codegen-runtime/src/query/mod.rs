//! The `filter` and `order` languages of list fields (spec §6): parsed into a
//! syntax tree, checked against the list's field specs into a typed
//! [`Filter`] and [`Order`], and then evaluated in memory ([`Record`]) or
//! rendered as SQL with bound parameters (`sql`, with the `sql` feature).
//!
//! Generated servers hold one [`ListSpec`] per list field, decided by the IR
//! from the item type and `admin-codegen.toml`'s `[lists]`; the arguments
//! struct of the field deserializes `filter` and `order` through it, so a
//! resolver gets `args.filter: Option<Filter>` and `args.order: Order`, never
//! the unchecked text. Errors are values ([`QueryError`]) with the column in
//! the expression, and reach clients as GraphQL errors whose
//! `extensions.code` is `INVALID_FILTER` or `INVALID_ORDER`.
//!
//! The client side ([`build`]) renders filter and order strings with correct
//! quoting, so client code never formats them by hand.

pub mod build;
mod check;
#[cfg(all(test, feature = "sql"))]
mod differential;
mod eval;
mod macros;
mod parse;
#[cfg(feature = "sql")]
pub mod sql;

use std::fmt;

pub use check::{CmpOp, Cond, Test, Value};
pub use eval::{Cell, Record, ToCell, apply, like_match};
pub use parse::{Combine, Expr, Literal, Op, OrderKey, parse_filter, parse_order};

/// A string as the filter language writes it: double-quoted, JSON escapes.
fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Which language an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The `filter` argument.
    Filter,
    /// The `order` argument.
    Order,
}

impl Which {
    fn as_str(self) -> &'static str {
        match self {
            Which::Filter => "filter",
            Which::Order => "order",
        }
    }
}

/// A filter or order that does not parse or does not fit its list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Which argument.
    pub which: Which,
    /// The 1-based character column in the expression.
    pub column: usize,
    /// What is wrong, without the prefix and column.
    pub message: String,
}

impl QueryError {
    /// An error at a column.
    pub fn new(which: Which, column: usize, message: impl Into<String>) -> QueryError {
        QueryError { which, column, message: message.into() }
    }

    /// The GraphQL error's `extensions.code`: `INVALID_FILTER` or `INVALID_ORDER`.
    pub fn code(&self) -> &'static str {
        match self.which {
            Which::Filter => "INVALID_FILTER",
            Which::Order => "INVALID_ORDER",
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} at column {}", self.which.as_str(), self.message, self.column)
    }
}

impl std::error::Error for QueryError {}

/// Bounds on untrusted expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest expression accepted, in bytes.
    pub max_len: usize,
    /// The deepest nesting of parentheses and `!`.
    pub max_depth: usize,
    /// The most comparisons in a filter, or keys in an order.
    pub max_terms: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_len: 4096, max_depth: 32, max_terms: 128 }
    }
}

/// The names a list field may be filtered and ordered by, and how each maps
/// to storage. Generated code holds one per list field
/// (`QueriesUserListArgs::SPEC`).
#[derive(Debug)]
pub struct ListSpec {
    /// `Type.field` of the list field, wire names.
    pub list: &'static str,
    /// The names, in the item type's declaration order, then added ones.
    pub fields: &'static [FieldSpec],
}

/// One name of a list's filter and order.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The name in expressions (the item field's wire name by default).
    pub name: &'static str,
    /// The GraphQL type of its values.
    pub kind: Kind,
    /// Where the value is stored.
    pub storage: Storage,
    /// Whether `order` may name it (array columns may not).
    pub order: bool,
    /// Which member of the item type holds it in memory ([`Record::cell`]);
    /// none for names the config adds.
    pub member: Option<u16>,
}

/// The type of a filterable name's values, from its GraphQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Int`: 32-bit integers.
    Int,
    /// `BigInt`: 64-bit integers.
    BigInt,
    /// `Float`: integers or floats.
    Float,
    /// `String`, `ID` and string-valued custom scalars.
    String,
    /// `Boolean`.
    Bool,
    /// `UUID`: a string holding a UUID.
    Uuid,
    /// `DateTime`: a string holding an ISO-8601 date-time.
    DateTime,
    /// An enum: a string naming one of these values (its name, or the name in
    /// lower case as the reference server's enum values are spelled).
    Enum(&'static str, &'static [&'static str]),
}

impl Kind {
    /// The GraphQL type name, for messages.
    pub fn graphql(self) -> &'static str {
        match self {
            Kind::Int => "Int",
            Kind::BigInt => "BigInt",
            Kind::Float => "Float",
            Kind::String => "String",
            Kind::Bool => "Boolean",
            Kind::Uuid => "UUID",
            Kind::DateTime => "DateTime",
            Kind::Enum(name, _) => name,
        }
    }
}

/// Where a filterable name's value lives in a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// A column (`name` or `table.name`).
    Column(&'static str),
    /// A key of a JSON object in a column.
    Json {
        /// The column.
        column: &'static str,
        /// The key.
        key: &'static str,
    },
    /// An array column (PostgreSQL array, or a JSON array in SQLite): a
    /// comparison holds when it holds for any element.
    Array(&'static str),
}

impl FieldSpec {
    /// A field spec (what generated code calls, one line per name).
    pub const fn new(name: &'static str, kind: Kind, storage: Storage, order: bool, member: Option<u16>) -> FieldSpec {
        FieldSpec { name, kind, storage, order, member }
    }

    /// The common case, shorter: an orderable name stored in a column of its
    /// own name and read from member `member` of the item type.
    pub const fn col(name: &'static str, kind: Kind, member: u16) -> FieldSpec {
        FieldSpec { name, kind, storage: Storage::Column(name), order: true, member: Some(member) }
    }
}

impl ListSpec {
    /// The field spec of a name.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        // `fields` is `'static`, so the reference outlives `self`.
        let fields: &'static [FieldSpec] = self.fields;
        fields.iter().find(|f| f.name == name)
    }

    /// Parses and checks a filter against this list.
    pub fn filter(&'static self, text: &str) -> Result<Filter, QueryError> {
        self.filter_with(text, Limits::default())
    }

    /// [`ListSpec::filter`] with other bounds.
    pub fn filter_with(&'static self, text: &str, limits: Limits) -> Result<Filter, QueryError> {
        let expr = parse_filter(text, limits)?;
        Ok(Filter { cond: check::check(self, expr)? })
    }

    /// Parses and checks an order against this list.
    pub fn order(&'static self, text: &str) -> Result<Order, QueryError> {
        let keys = parse_order(text, Limits::default())?;
        let keys = keys
            .into_iter()
            .map(|k| {
                let field = self.field(&k.name).ok_or_else(|| {
                    QueryError::new(Which::Order, k.at, format!("unknown/unsupported field name `{}`", k.name))
                })?;
                if !field.order {
                    return Err(QueryError::new(Which::Order, k.at, format!("`{}` cannot be ordered by", k.name)));
                }
                Ok(OrderBy { field, descending: k.descending })
            })
            .collect::<Result<_, _>>()?;
        Ok(Order { keys })
    }
}

/// A checked filter: every name known to the list, every value of the
/// name's type. Evaluate it with [`Filter::matches`] or render it as SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The condition tree.
    pub cond: Cond,
}

/// A checked order: keys known to the list and orderable. Empty when the
/// request gave none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Order {
    /// The keys, most significant first.
    pub keys: Vec<OrderBy>,
}

/// One key of an [`Order`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderBy {
    /// The name.
    pub field: &'static FieldSpec,
    /// Whether descending.
    pub descending: bool,
}

impl Order {
    /// Whether the request gave no order.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl fmt::Display for Filter {
    /// The filter in the language, fully parenthesized; it parses back to itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cond.fmt(f)
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.keys.iter().enumerate() {
            let sign = if k.descending { '-' } else { '+' };
            write!(f, "{}{sign}{}", if i > 0 { "," } else { "" }, k.field.name)?;
        }
        Ok(())
    }
}

impl serde::Serialize for Filter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for Order {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Implemented by generated arguments structs of list fields: the list's spec.
pub trait Spec {
    /// The names the list may be filtered and ordered by.
    const SPEC: &'static ListSpec;
}

thread_local! {
    /// The code of the last filter or order that failed to deserialize on
    /// this thread. serde errors are strings, so the code travels beside
    /// them to the server, which takes it right after deserializing.
    static FAILED: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Takes the code left by a failed [`de_filter`] or [`de_order`] on this
/// thread (the server calls it right after deserializing arguments).
pub fn take_failure_code() -> Option<&'static str> {
    FAILED.with(|c| c.take())
}

fn failed<E: serde::de::Error>(e: QueryError) -> E {
    FAILED.with(|c| c.set(Some(e.code())));
    E::custom(e)
}

/// Deserializes a nullable `filter` argument through `S`'s spec
/// (what `#[args(filter)]` on a field of a `#[codegen::args]` struct becomes).
pub fn de_filter<'de, D: serde::Deserializer<'de>, S: Spec>(d: D) -> Result<Option<Filter>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    text.map(|t| S::SPEC.filter(&t).map_err(failed)).transpose()
}

/// Deserializes a nullable `order` argument through `S`'s spec; null is the empty order
/// (what `#[args(order)]` becomes).
pub fn de_order<'de, D: serde::Deserializer<'de>, S: Spec>(d: D) -> Result<Order, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    text.map_or_else(|| Ok(Order::default()), |t| S::SPEC.order(&t).map_err(failed))
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    pub const STATUS: &[&str] = &["ACTIVE", "INACTIVE", "DELETED"];

    /// A user-like list: every kind, a JSON key, an array and an added name.
    pub static USERS: ListSpec = ListSpec {
        list: "Queries.user_list",
        fields: &[
            FieldSpec { name: "id", kind: Kind::BigInt, storage: Storage::Column("id"), order: true, member: Some(0) },
            FieldSpec {
                name: "name",
                kind: Kind::String,
                storage: Storage::Column("name"),
                order: true,
                member: Some(1),
            },
            FieldSpec { name: "age", kind: Kind::Int, storage: Storage::Column("age"), order: true, member: Some(2) },
            FieldSpec {
                name: "score",
                kind: Kind::Float,
                storage: Storage::Column("score"),
                order: true,
                member: Some(3),
            },
            FieldSpec {
                name: "active",
                kind: Kind::Bool,
                storage: Storage::Column("active"),
                order: true,
                member: Some(4),
            },
            FieldSpec {
                name: "status",
                kind: Kind::Enum("UserStatus", STATUS),
                storage: Storage::Column("status"),
                order: true,
                member: Some(5),
            },
            FieldSpec {
                name: "uuid",
                kind: Kind::Uuid,
                storage: Storage::Column("uuid"),
                order: true,
                member: Some(6),
            },
            FieldSpec {
                name: "created_at",
                kind: Kind::DateTime,
                storage: Storage::Column("created_at"),
                order: true,
                member: Some(7),
            },
            FieldSpec {
                name: "tags",
                kind: Kind::String,
                storage: Storage::Array("tags"),
                order: false,
                member: Some(8),
            },
            FieldSpec {
                name: "cpu",
                kind: Kind::Int,
                storage: Storage::Json { column: "slots", key: "cpu" },
                order: true,
                member: Some(9),
            },
            FieldSpec {
                name: "group_name",
                kind: Kind::String,
                storage: Storage::Column("group_name"),
                order: true,
                member: None,
            },
        ],
    };
}

#[cfg(test)]
mod tests {
    use super::fixture::USERS;
    use super::*;

    #[test]
    fn checked_filters_print_back_to_themselves() {
        for text in [
            "name == \"a\\\"b\" & age > 3 | !status in [\"ACTIVE\", \"deleted\"]",
            "uuid == \"6E3E9A6B-4F7E-4C43-9D2B-2F1C2D3E4F50\" | created_at >= \"2024-01-01T00:00:00\"",
            "tags contains \"gpu\" & cpu <= 4 & score < 1 & active is true & name isnot null",
            "(name like \"a%\" | name ilike \"%B\\\\_\") & age != null",
        ] {
            let f = USERS.filter(text).unwrap();
            let again = USERS.filter(&f.to_string()).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert_eq!(again, f, "{text} printed as {f}");
        }
    }

    #[test]
    fn long_chains_print_without_nesting() {
        // Found by the fuzzer: printing must not nest a right-grouped chain
        // deeper than the parser accepts.
        let text = vec!["age > 1"; Limits::default().max_terms].join(" & ");
        let f = USERS.filter(&text).unwrap();
        assert_eq!(f.to_string(), text);
        let mixed = vec!["age > 1 | !name == \"x\" & score < 2"; 40].join(" & ");
        let f = USERS.filter(&mixed).unwrap();
        assert_eq!(USERS.filter(&f.to_string()).unwrap(), f);
    }

    #[test]
    fn orders_check_names() {
        let o = USERS.order("-created_at, name").unwrap();
        assert_eq!(o.to_string(), "-created_at,+name");
        assert_eq!(
            USERS.order("name,-nope").unwrap_err().to_string(),
            "order: unknown/unsupported field name `nope` at column 7"
        );
        assert_eq!(USERS.order("tags").unwrap_err().to_string(), "order: `tags` cannot be ordered by at column 1");
        assert_eq!(USERS.order("tags").unwrap_err().code(), "INVALID_ORDER");
    }

    #[test]
    fn deserializing_leaves_the_code_behind() {
        struct Users;
        impl Spec for Users {
            const SPEC: &'static ListSpec = &USERS;
        }
        let ok = de_filter::<_, Users>(serde_json::json!("age > 1")).unwrap();
        assert!(ok.is_some());
        assert_eq!(take_failure_code(), None);
        assert_eq!(de_filter::<_, Users>(serde_json::Value::Null).unwrap(), None);
        let e = de_filter::<_, Users>(serde_json::json!("age > \"x\"")).unwrap_err();
        assert!(e.to_string().starts_with("filter: `age` is an Int"), "{e}");
        assert_eq!(take_failure_code(), Some("INVALID_FILTER"));
        assert_eq!(take_failure_code(), None);
        assert_eq!(de_order::<_, Users>(serde_json::Value::Null).unwrap(), Order::default());
        de_order::<_, Users>(serde_json::json!("+bogus")).unwrap_err();
        assert_eq!(take_failure_code(), Some("INVALID_ORDER"));
    }
}
