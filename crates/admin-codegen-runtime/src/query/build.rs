//! Building `filter` and `order` strings on the client, with correct quoting,
//! escaping and grouping, so client code never formats them by hand.
//!
//! ```
//! use admin_codegen_runtime::query::build::{field, like_escape, order};
//!
//! let f = field("status").eq("RUNNING").and(field("name").ilike(format!("%{}%", like_escape("gpu_1"))));
//! assert_eq!(f.to_string(), r#"status == "RUNNING" & name ilike "%gpu\\_1%""#);
//! let f = field("role").is_in(["admin", "user"]).or(!field("age").gt(30));
//! assert_eq!(f.to_string(), r#"role in ["admin", "user"] | !age > 30"#);
//! assert_eq!(order().desc("created_at").asc("name").to_string(), "-created_at,+name");
//! ```

use std::fmt;

use super::Op;

/// A value in a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    /// `null`
    Null,
    /// `true`, `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float (finite; a non-finite one is written as `null`).
    Float(f64),
    /// A string, written with JSON escapes.
    String(String),
}

macro_rules! from_value {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl From<$t> for FilterValue {
            fn from($v: $t) -> FilterValue {
                $e
            }
        }
    )*};
}

from_value! {
    bool => |v| FilterValue::Bool(v),
    i32 => |v| FilterValue::Int(v.into()),
    i64 => |v| FilterValue::Int(v),
    u32 => |v| FilterValue::Int(v.into()),
    f64 => |v| FilterValue::Float(v),
    &str => |v| FilterValue::String(v.to_owned()),
    String => |v| FilterValue::String(v),
    &String => |v| FilterValue::String(v.clone()),
    uuid::Uuid => |v| FilterValue::String(v.to_string()),
    crate::DateTime => |v| FilterValue::String(v.to_string()),
}

impl<T: Into<FilterValue>> From<Option<T>> for FilterValue {
    fn from(v: Option<T>) -> FilterValue {
        v.map_or(FilterValue::Null, Into::into)
    }
}

impl fmt::Display for FilterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterValue::Null => f.write_str("null"),
            FilterValue::Bool(b) => write!(f, "{b}"),
            FilterValue::Int(i) => write!(f, "{i}"),
            FilterValue::Float(x) if x.is_finite() => write!(f, "{x:?}"),
            FilterValue::Float(_) => f.write_str("null"),
            FilterValue::String(s) => write!(f, "{}", super::quoted(s)),
        }
    }
}

/// A filter expression under construction.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterExpr {
    /// `name OP value`; several values only with `in`, written as an array.
    Compare(String, Op, Vec<FilterValue>),
    /// `!e`
    Not(Box<FilterExpr>),
    /// `a & b`
    And(Box<FilterExpr>, Box<FilterExpr>),
    /// `a | b`
    Or(Box<FilterExpr>, Box<FilterExpr>),
}

/// A name to compare: `field("status").eq("RUNNING")`.
#[derive(Debug, Clone)]
pub struct Field(String);

/// Starts a comparison of the named field (its wire name).
pub fn field(name: impl Into<String>) -> Field {
    Field(name.into())
}

impl Field {
    fn op(self, op: Op, v: impl Into<FilterValue>) -> FilterExpr {
        FilterExpr::Compare(self.0, op, vec![v.into()])
    }

    /// `name == v`
    pub fn eq(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Eq, v)
    }
    /// `name != v`
    pub fn ne(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Ne, v)
    }
    /// `name > v`
    pub fn gt(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Gt, v)
    }
    /// `name >= v`
    pub fn ge(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Ge, v)
    }
    /// `name < v`
    pub fn lt(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Lt, v)
    }
    /// `name <= v`
    pub fn le(self, v: impl Into<FilterValue>) -> FilterExpr {
        self.op(Op::Le, v)
    }
    /// `name contains "s"`: a substring, no wildcards.
    pub fn contains(self, s: impl Into<String>) -> FilterExpr {
        self.op(Op::Contains, s.into())
    }
    /// `name like "p"`: an SQL LIKE pattern (see [`like_escape`]).
    pub fn like(self, pattern: impl Into<String>) -> FilterExpr {
        self.op(Op::Like, pattern.into())
    }
    /// `name ilike "p"`: case-insensitive [`Field::like`].
    pub fn ilike(self, pattern: impl Into<String>) -> FilterExpr {
        self.op(Op::ILike, pattern.into())
    }
    /// `name is null`
    pub fn is_null(self) -> FilterExpr {
        self.op(Op::Is, FilterValue::Null)
    }
    /// `name isnot null`
    pub fn is_not_null(self) -> FilterExpr {
        self.op(Op::IsNot, FilterValue::Null)
    }
    /// `name is true` / `name is false`
    pub fn is(self, b: bool) -> FilterExpr {
        self.op(Op::Is, b)
    }
    /// `name in [v, ...]`
    pub fn is_in<V: Into<FilterValue>>(self, values: impl IntoIterator<Item = V>) -> FilterExpr {
        FilterExpr::Compare(self.0, Op::In, values.into_iter().map(Into::into).collect())
    }
}

impl FilterExpr {
    /// `self & other`
    pub fn and(self, other: FilterExpr) -> FilterExpr {
        FilterExpr::And(Box::new(self), Box::new(other))
    }

    /// `self | other`
    pub fn or(self, other: FilterExpr) -> FilterExpr {
        FilterExpr::Or(Box::new(self), Box::new(other))
    }

    /// Every expression joined with `&`; `None` when there is none.
    pub fn all(exprs: impl IntoIterator<Item = FilterExpr>) -> Option<FilterExpr> {
        exprs.into_iter().reduce(FilterExpr::and)
    }

    /// Every expression joined with `|`; `None` when there is none.
    pub fn any(exprs: impl IntoIterator<Item = FilterExpr>) -> Option<FilterExpr> {
        exprs.into_iter().reduce(FilterExpr::or)
    }
}

impl std::ops::Not for FilterExpr {
    type Output = FilterExpr;
    fn not(self) -> FilterExpr {
        FilterExpr::Not(Box::new(self))
    }
}

impl fmt::Display for FilterExpr {
    /// The expression in the filter language. The language groups `&` and
    /// `|` to the right and lets `!` take the rest, so compound operands are
    /// parenthesized wherever that would change the meaning.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterExpr::Compare(name, op, values) => {
                write!(f, "{name} {} ", op.as_str())?;
                if *op == Op::In {
                    f.write_str("[")?;
                    for (i, v) in values.iter().enumerate() {
                        write!(f, "{}{v}", if i > 0 { ", " } else { "" })?;
                    }
                    f.write_str("]")
                } else {
                    write!(f, "{}", values[0])
                }
            }
            // `!` takes the rest, which is exactly its operand here.
            FilterExpr::Not(e) => write!(f, "!{e}"),
            FilterExpr::And(a, b) | FilterExpr::Or(a, b) => {
                let and = matches!(self, FilterExpr::And(..));
                // A left operand of the same (associative) operator needs no
                // parentheses: `(a & b) & c` means `a & (b & c)`.
                match (&**a, and) {
                    (FilterExpr::Compare(..), _) | (FilterExpr::And(..), true) | (FilterExpr::Or(..), false) => {
                        write!(f, "{a}")?
                    }
                    _ => write!(f, "({a})")?,
                }
                // Right operands never need them: the language groups to the right.
                write!(f, "{}{b}", if and { " & " } else { " | " })
            }
        }
    }
}

/// Escapes `%`, `_` and `\` so that text matches itself inside a LIKE pattern.
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An order under construction: `order().desc("created_at").asc("name")`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderExpr(Vec<(String, bool)>);

/// Starts an order.
pub fn order() -> OrderExpr {
    OrderExpr::default()
}

impl OrderExpr {
    /// Then by `name`, ascending.
    pub fn asc(mut self, name: impl Into<String>) -> OrderExpr {
        self.0.push((name.into(), false));
        self
    }

    /// Then by `name`, descending.
    pub fn desc(mut self, name: impl Into<String>) -> OrderExpr {
        self.0.push((name.into(), true));
        self
    }
}

impl fmt::Display for OrderExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, desc)) in self.0.iter().enumerate() {
            write!(f, "{}{}{name}", if i > 0 { "," } else { "" }, if *desc { '-' } else { '+' })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::USERS;
    use super::*;

    /// What the builder writes parses to the tree it was built as.
    #[test]
    fn built_filters_mean_what_they_say() {
        let a = || field("age").gt(1);
        let b = || field("name").eq("x \"quoted\" \\ ; -- é");
        let c = || field("active").is(true);
        let cases = [
            (a().and(b()).or(c()), "(age > 1 & name == \"x \\\"quoted\\\" \\\\ ; -- é\") | active is true"),
            (a().and(b().or(c())), "age > 1 & name == \"x \\\"quoted\\\" \\\\ ; -- é\" | active is true"),
            ((!a()).and(c()), "(!age > 1) & active is true"),
            (!(a().and(c())), "!age > 1 & active is true"),
            (a().or(!c()), "age > 1 | !active is true"),
        ];
        for (expr, text) in cases {
            assert_eq!(expr.to_string(), text);
            let parsed = USERS.filter(&expr.to_string()).unwrap();
            // The checked filter prints fully parenthesized; compare by meaning.
            assert_eq!(USERS.filter(&parsed.to_string()).unwrap(), parsed);
        }
        let grouped = USERS.filter(&a().and(b()).or(c()).to_string()).unwrap();
        assert!(matches!(grouped.cond, super::super::Cond::Or(..)), "{grouped}");
        let not_first = USERS.filter(&(!a()).and(c()).to_string()).unwrap();
        assert!(matches!(not_first.cond, super::super::Cond::And(..)), "{not_first}");
    }

    #[test]
    fn values_and_lists() {
        let e = field("status").is_in(["ACTIVE", "INACTIVE"]).and(field("name").is_not_null());
        assert_eq!(e.to_string(), "status in [\"ACTIVE\", \"INACTIVE\"] & name isnot null");
        USERS.filter(&e.to_string()).unwrap();
        assert_eq!(field("score").lt(0.5).to_string(), "score < 0.5");
        assert_eq!(field("score").lt(2.0).to_string(), "score < 2.0");
        assert_eq!(FilterExpr::all([]), None);
        // A long conjunction prints flat, however it was folded.
        let many = FilterExpr::all((0..100).map(|i| field("age").ne(i))).unwrap();
        assert!(!many.to_string().contains('('));
        assert_eq!(USERS.filter(&many.to_string()).unwrap().to_string(), many.to_string());
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(order().to_string(), "");
    }
}
