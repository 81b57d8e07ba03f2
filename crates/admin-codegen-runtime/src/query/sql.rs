//! The SQL back end: a checked [`Filter`] as a boolean expression and an
//! [`Order`] as `ORDER BY` keys, pushed onto sqlx's [`QueryBuilder`] for
//! SQLite or PostgreSQL.
//!
//! Nothing of the request reaches the SQL text: every value (and every JSON
//! key) is a bound parameter, and the only identifiers are the columns of
//! the list's field spec, decided when the code was generated, quoted.
//! The semantics are the in-memory evaluator's ([`Filter::matches`]):
//!
//! | filter | SQLite | PostgreSQL |
//! |---|---|---|
//! | `a == null`, `a is null` | `"a" IS NULL` | same |
//! | `a is true` | `"a" IS TRUE` | same |
//! | `a in []` | `(1 = 0)` | same |
//! | `a contains "s"` | `instr("a", ?) > 0` | `strpos("a", $1) > 0` |
//! | `a like "p"` (case-sensitive) | `"a" GLOB ?` (the pattern translated) | `"a" LIKE $1 ESCAPE '\'` |
//! | `a ilike "p"` | `lower("a") LIKE lower(?) ESCAPE '\'` | `"a" ILIKE $1 ESCAPE '\'` |
//! | JSON key `k` of `c` | `("c" ->> ?)` | `("c" ->> $1)`, cast to the name's type |
//! | array column `c` | `EXISTS (SELECT 1 FROM json_each("c") WHERE value …)` | `EXISTS (SELECT 1 FROM unnest("c") AS __e(value) WHERE value …)` |
//! | order `+a`, `-a` | `"a" ASC NULLS LAST`, `"a" DESC NULLS FIRST` | same |
//!
//! Storage assumed: on SQLite, `UUID` and `DateTime` values as text (UUIDs in
//! lower case, date-times in UTC as the runtime prints them, so text order
//! is time order) and arrays as JSON arrays; on PostgreSQL, `uuid`,
//! `timestamptz` and array columns (values are cast to them). Enums are
//! stored as their schema names, booleans as SQL booleans (SQLite: 0/1).

use sqlx::{Database, Postgres, QueryBuilder, Sqlite};

use super::{Cond, FieldSpec, Filter, Kind, Order, Storage, Test, Value};

/// Which SQL a [`Dialect`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// SQLite 3.38 or later.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A parameter value.
#[doc(hidden)]
#[derive(Debug)]
pub enum Bound {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for sqlx::Sqlite {}
    impl Sealed for sqlx::Postgres {}
}

/// The databases the SQL back end renders for: [`Sqlite`] and [`Postgres`].
pub trait Dialect: Database + sealed::Sealed {
    /// Which SQL.
    const FLAVOR: Flavor;
    #[doc(hidden)]
    fn bind(qb: &mut QueryBuilder<Self>, value: Bound);
}

macro_rules! dialect {
    ($db:ty, $flavor:expr) => {
        impl Dialect for $db {
            const FLAVOR: Flavor = $flavor;
            fn bind(qb: &mut QueryBuilder<Self>, value: Bound) {
                match value {
                    Bound::Bool(v) => qb.push_bind(v),
                    Bound::Int(v) => qb.push_bind(v),
                    Bound::Float(v) => qb.push_bind(v),
                    Bound::Text(v) => qb.push_bind(v),
                };
            }
        }
    };
}

dialect!(Sqlite, Flavor::Sqlite);
dialect!(Postgres, Flavor::Postgres);

/// Pushes an identifier (`name` or `table.name`), each part double-quoted.
pub fn push_ident<DB: Dialect>(qb: &mut QueryBuilder<DB>, ident: &str) {
    for (i, part) in ident.split('.').enumerate() {
        if i > 0 {
            qb.push(".");
        }
        qb.push(format_args!("\"{}\"", part.replace('"', "\"\"")));
    }
}

/// The SQL type a PostgreSQL parameter or JSON text is cast to, for kinds
/// that have no text representation PostgreSQL compares implicitly.
fn pg_cast(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Int | Kind::BigInt => Some("BIGINT"),
        Kind::Float => Some("DOUBLE PRECISION"),
        Kind::Bool => Some("BOOLEAN"),
        Kind::Uuid => Some("UUID"),
        Kind::DateTime => Some("TIMESTAMPTZ"),
        Kind::String | Kind::Enum(..) => None,
    }
}

fn push_value<DB: Dialect>(qb: &mut QueryBuilder<DB>, v: &Value) {
    let pg = DB::FLAVOR == Flavor::Postgres;
    let (bound, cast) = match v {
        Value::Bool(b) => (Bound::Bool(*b), None),
        Value::Int(i) => (Bound::Int(*i), None),
        Value::Float(x) => (Bound::Float(*x), None),
        Value::Text(s) => (Bound::Text(s.clone()), None),
        Value::Uuid(u) => (Bound::Text(u.to_string()), pg.then_some("UUID")),
        Value::DateTime(d) => {
            let utc = crate::DateTime(d.0.with_timezone(&chrono::Utc).fixed_offset());
            (Bound::Text(utc.to_string()), pg.then_some("TIMESTAMPTZ"))
        }
    };
    match cast {
        Some(ty) => {
            qb.push("CAST(");
            DB::bind(qb, bound);
            qb.push(format_args!(" AS {ty})"));
        }
        None => DB::bind(qb, bound),
    }
}

/// The value a field names, as an SQL expression (not for arrays).
fn push_column<DB: Dialect>(qb: &mut QueryBuilder<DB>, field: &FieldSpec) {
    match field.storage {
        Storage::Column(c) | Storage::Array(c) => push_ident(qb, c),
        Storage::Json { column, key } => {
            let cast = if DB::FLAVOR == Flavor::Postgres { pg_cast(field.kind) } else { None };
            if cast.is_some() {
                qb.push("CAST(");
            }
            qb.push("(");
            push_ident(qb, column);
            qb.push(" ->> ");
            DB::bind(qb, Bound::Text(key.to_owned()));
            qb.push(")");
            if let Some(ty) = cast {
                qb.push(format_args!(" AS {ty})"));
            }
        }
    }
}

/// `lhs <test>`, where `lhs` pushes the value tested.
fn push_test<DB: Dialect>(qb: &mut QueryBuilder<DB>, test: &Test, lhs: &dyn Fn(&mut QueryBuilder<DB>)) {
    let pg = DB::FLAVOR == Flavor::Postgres;
    match test {
        Test::IsNull | Test::IsNotNull | Test::Is(_) | Test::IsNot(_) => {
            lhs(qb);
            qb.push(match test {
                Test::IsNull => " IS NULL",
                Test::IsNotNull => " IS NOT NULL",
                Test::Is(true) => " IS TRUE",
                Test::Is(false) => " IS FALSE",
                Test::IsNot(true) => " IS NOT TRUE",
                _ => " IS NOT FALSE",
            });
        }
        Test::Cmp(op, v) => {
            lhs(qb);
            qb.push(format_args!(" {} ", op.sql()));
            push_value(qb, v);
        }
        Test::In(values) if values.is_empty() => {
            qb.push("(1 = 0)");
        }
        Test::In(values) => {
            lhs(qb);
            qb.push(" IN (");
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    qb.push(", ");
                }
                push_value(qb, v);
            }
            qb.push(")");
        }
        Test::Contains(s) => {
            qb.push(if pg { "strpos(" } else { "instr(" });
            lhs(qb);
            qb.push(", ");
            DB::bind(qb, Bound::Text(s.clone()));
            qb.push(") > 0");
        }
        Test::Like { pattern, insensitive: false } if !pg => {
            lhs(qb);
            qb.push(" GLOB ");
            DB::bind(qb, Bound::Text(like_to_glob(pattern)));
        }
        Test::Like { pattern, insensitive: true } if !pg => {
            qb.push("lower(");
            lhs(qb);
            qb.push(") LIKE lower(");
            DB::bind(qb, Bound::Text(pattern.clone()));
            qb.push(") ESCAPE '\\'");
        }
        Test::Like { pattern, insensitive } => {
            lhs(qb);
            qb.push(if *insensitive { " ILIKE " } else { " LIKE " });
            DB::bind(qb, Bound::Text(pattern.clone()));
            qb.push(" ESCAPE '\\'");
        }
    }
}

/// A LIKE pattern (`%`, `_`, `\` escapes) as the GLOB pattern matching the
/// same strings case-sensitively (`*`, `?`, and `[c]` for literal `*?[`).
pub fn like_to_glob(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    let literal = |out: &mut String, c: char| match c {
        '*' | '?' | '[' => {
            out.push('[');
            out.push(c);
            out.push(']');
        }
        c => out.push(c),
    };
    while let Some(c) = chars.next() {
        match c {
            '%' => out.push('*'),
            '_' => out.push('?'),
            '\\' => literal(&mut out, chars.next().unwrap_or('\\')),
            c => literal(&mut out, c),
        }
    }
    out
}

fn push_cond<DB: Dialect>(qb: &mut QueryBuilder<DB>, cond: &Cond) {
    match cond {
        Cond::Test(field, test) => match field.storage {
            Storage::Array(column) => {
                qb.push("EXISTS (SELECT 1 FROM ");
                match DB::FLAVOR {
                    Flavor::Sqlite => {
                        qb.push("json_each(");
                        push_ident(qb, column);
                        qb.push(")");
                    }
                    Flavor::Postgres => {
                        qb.push("unnest(");
                        push_ident(qb, column);
                        qb.push(") AS __e(value)");
                    }
                }
                qb.push(" WHERE ");
                push_test(qb, test, &|qb| {
                    qb.push("value");
                });
                qb.push(")");
            }
            _ => push_test(qb, test, &|qb| push_column(qb, field)),
        },
        Cond::Not(c) => {
            qb.push("NOT ");
            push_cond(qb, c);
        }
        Cond::And(a, b) | Cond::Or(a, b) => {
            qb.push("(");
            push_cond(qb, a);
            qb.push(if matches!(cond, Cond::And(..)) { " AND " } else { " OR " });
            push_cond(qb, b);
            qb.push(")");
        }
    }
}

impl Filter {
    /// Pushes the filter as one parenthesized boolean expression, for a
    /// `WHERE` or `AND` the caller writes: `qb.push(" WHERE "); f.push_sql(&mut qb);`.
    pub fn push_sql<DB: Dialect>(&self, qb: &mut QueryBuilder<DB>) {
        qb.push("(");
        push_cond(qb, &self.cond);
        qb.push(")");
    }
}

impl Order {
    /// Pushes the keys (`"a" ASC NULLS LAST, …`); nothing when empty.
    pub fn push_sql<DB: Dialect>(&self, qb: &mut QueryBuilder<DB>) {
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            push_column(qb, key.field);
            qb.push(if key.descending { " DESC NULLS FIRST" } else { " ASC NULLS LAST" });
        }
    }

    /// Pushes ` ORDER BY` with the keys, then `tiebreak` columns (the
    /// server's own, e.g. the primary key, so pages are stable); nothing
    /// when both are empty.
    pub fn push_order_by<DB: Dialect>(&self, qb: &mut QueryBuilder<DB>, tiebreak: &[&str]) {
        if self.is_empty() && tiebreak.is_empty() {
            return;
        }
        qb.push(" ORDER BY ");
        self.push_sql(qb);
        for (i, column) in tiebreak.iter().enumerate() {
            if i > 0 || !self.is_empty() {
                qb.push(", ");
            }
            push_ident(qb, column);
            qb.push(" ASC");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::USERS;
    use super::*;

    fn sqlite(filter: &str) -> String {
        let mut qb = QueryBuilder::<Sqlite>::new("");
        USERS.filter(filter).unwrap().push_sql(&mut qb);
        qb.into_string()
    }

    fn pg(filter: &str) -> String {
        let mut qb = QueryBuilder::<Postgres>::new("");
        USERS.filter(filter).unwrap().push_sql(&mut qb);
        qb.into_string()
    }

    #[test]
    fn renders_with_placeholders_only() {
        assert_eq!(sqlite("name == \"x'; DROP TABLE users; --\""), "(\"name\" = ?)");
        assert_eq!(pg("age > 1 | !name ilike \"%X%\""), "((\"age\" > $1 OR NOT \"name\" ILIKE $2 ESCAPE '\\'))");
        assert_eq!(sqlite("age in []"), "((1 = 0))");
        assert_eq!(sqlite("age in [1, 2]"), "(\"age\" IN (?, ?))");
        assert_eq!(sqlite("name == null & active is true"), "((\"name\" IS NULL AND \"active\" IS TRUE))");
        assert_eq!(sqlite("name contains \"%\""), "(instr(\"name\", ?) > 0)");
        assert_eq!(pg("name contains \"%\""), "(strpos(\"name\", $1) > 0)");
        assert_eq!(sqlite("name like \"a%\""), "(\"name\" GLOB ?)");
        assert_eq!(sqlite("name ilike \"a%\""), "(lower(\"name\") LIKE lower(?) ESCAPE '\\')");
        assert_eq!(sqlite("cpu > 1"), "((\"slots\" ->> ?) > ?)");
        assert_eq!(pg("cpu > 1"), "(CAST((\"slots\" ->> $1) AS BIGINT) > $2)");
        assert_eq!(pg("uuid == \"6e3e9a6b-4f7e-4c43-9d2b-2f1c2d3e4f50\""), "(\"uuid\" = CAST($1 AS UUID))");
        assert_eq!(sqlite("tags == \"gpu\""), "(EXISTS (SELECT 1 FROM json_each(\"tags\") WHERE value = ?))");
        assert_eq!(
            pg("tags ilike \"g%\""),
            "(EXISTS (SELECT 1 FROM unnest(\"tags\") AS __e(value) WHERE value ILIKE $1 ESCAPE '\\'))"
        );
    }

    #[test]
    fn orders() {
        let mut qb = QueryBuilder::<Postgres>::new("SELECT * FROM users");
        USERS.order("-created_at,cpu").unwrap().push_order_by(&mut qb, &["id"]);
        assert_eq!(
            qb.into_string(),
            "SELECT * FROM users ORDER BY \"created_at\" DESC NULLS FIRST, CAST((\"slots\" ->> $1) AS BIGINT) ASC NULLS LAST, \"id\" ASC"
        );
        let mut qb = QueryBuilder::<Sqlite>::new("x");
        USERS.order("").unwrap().push_order_by(&mut qb, &[]);
        assert_eq!(qb.into_string(), "x");
    }

    #[test]
    fn globs() {
        assert_eq!(like_to_glob("a%b_c"), "a*b?c");
        assert_eq!(like_to_glob("\\%\\_\\\\"), "%_\\");
        assert_eq!(like_to_glob("*?[]"), "[*][?][[]]");
        assert_eq!(like_to_glob("\\*"), "[*]");
    }
}
