//! The in-memory back end: a checked [`Filter`] evaluated over values of
//! generated types, and an [`Order`] as a comparison, with the semantics the
//! SQL back end renders, so both select and sort the same rows:
//!
//! - SQL's three-valued logic: a comparison with a null value is unknown,
//!   `!unknown` is unknown, and a row is selected only when the filter is true;
//!   `is`/`isnot` are never unknown, and `in []` is false.
//! - Strings compare by bytes (SQLite's `BINARY` collation); `ilike` folds
//!   ASCII letters only, as SQLite's `LIKE` does (PostgreSQL's `ILIKE` folds
//!   by its locale).
//! - An array matches when any element does.
//! - Nulls sort after every value ascending and before them descending, as
//!   PostgreSQL does by default; the SQL back end says so explicitly for both
//!   databases.

use std::cmp::Ordering;

use super::{Cond, FieldSpec, Filter, Order, Storage, Test, Value};

/// A member of a record, as the filter sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Absent or null.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (also an enum's wire name).
    Text(&'a str),
    /// A UUID.
    Uuid(uuid::Uuid),
    /// A date-time.
    DateTime(crate::DateTime),
    /// A JSON value (a `Json` or `JSONString` member, for JSON-key names).
    Json(&'a serde_json::Value),
    /// A list (an array column).
    List(Vec<Cell<'a>>),
}

impl Cell<'static> {
    /// A nullable enum member by its wire name (`x.as_ref().map(|v| v.as_str())`).
    pub fn enumeration(value: Option<&'static str>) -> Cell<'static> {
        value.map_or(Cell::Null, Cell::Text)
    }
}

/// Generated types whose members a filter reads: `cell(i)` is the member
/// that a [`FieldSpec::member`] of `i` names (its position among the type's
/// fields). Generated servers implement it for the item type of every list.
pub trait Record {
    /// The member at `member`, or [`Cell::Null`] for an unknown position.
    fn cell(&self, member: u16) -> Cell<'_>;
}

/// Member types as cells.
pub trait ToCell {
    /// The value as a cell.
    fn to_cell(&self) -> Cell<'_>;
}

macro_rules! to_cell {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl ToCell for $t {
            fn to_cell(&self) -> Cell<'_> {
                let $v = self;
                $e
            }
        }
    )*};
}

to_cell! {
    String => |v| Cell::Text(v),
    str => |v| Cell::Text(v),
    bool => |v| Cell::Bool(*v),
    i32 => |v| Cell::Int(i64::from(*v)),
    i64 => |v| Cell::Int(*v),
    f64 => |v| Cell::Float(*v),
    uuid::Uuid => |v| Cell::Uuid(*v),
    crate::DateTime => |v| Cell::DateTime(*v),
    serde_json::Value => |v| Cell::Json(v),
    crate::JsonString => |v| Cell::Json(&v.0),
}

impl<T: ToCell + ?Sized> ToCell for Box<T> {
    fn to_cell(&self) -> Cell<'_> {
        (**self).to_cell()
    }
}

impl<T: ToCell> ToCell for Option<T> {
    fn to_cell(&self) -> Cell<'_> {
        self.as_ref().map_or(Cell::Null, ToCell::to_cell)
    }
}

impl<T: ToCell> ToCell for Vec<T> {
    fn to_cell(&self) -> Cell<'_> {
        Cell::List(self.iter().map(ToCell::to_cell).collect())
    }
}

/// The cell a field spec reads from a record: the member, or the JSON key in it.
fn read<'a, R: Record + ?Sized>(record: &'a R, field: &FieldSpec) -> Cell<'a> {
    let Some(member) = field.member else { return Cell::Null };
    let cell = record.cell(member);
    match (field.storage, cell) {
        (Storage::Json { key, .. }, Cell::Json(v)) => json_cell(v.get(key)),
        (Storage::Json { .. }, _) => Cell::Null,
        (_, cell) => cell,
    }
}

fn json_cell(v: Option<&serde_json::Value>) -> Cell<'_> {
    match v {
        Some(serde_json::Value::Bool(b)) => Cell::Bool(*b),
        Some(serde_json::Value::Number(n)) => {
            n.as_i64().map_or_else(|| Cell::Float(n.as_f64().unwrap_or(f64::NAN)), Cell::Int)
        }
        Some(serde_json::Value::String(s)) => Cell::Text(s),
        Some(other @ (serde_json::Value::Array(_) | serde_json::Value::Object(_))) => Cell::Json(other),
        Some(serde_json::Value::Null) | None => Cell::Null,
    }
}

/// How two non-null cells of one kind compare, as SQL does (`None` when
/// either is null or NaN, or they are of different kinds). The one
/// comparison table of both the filter's tests and the order's sort.
fn compare_cells(a: &Cell<'_>, b: &Cell<'_>) -> Option<Ordering> {
    match (a, b) {
        (Cell::Int(x), Cell::Int(y)) => Some(x.cmp(y)),
        (Cell::Int(x), Cell::Float(y)) => (*x as f64).partial_cmp(y),
        (Cell::Float(x), Cell::Int(y)) => x.partial_cmp(&(*y as f64)),
        (Cell::Float(x), Cell::Float(y)) => x.partial_cmp(y),
        (Cell::Bool(x), Cell::Bool(y)) => Some(x.cmp(y)),
        (Cell::Text(x), Cell::Text(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Cell::Uuid(x), Cell::Uuid(y)) => Some(x.cmp(y)),
        (Cell::DateTime(x), Cell::DateTime(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// How a cell compares with a value of the field's type.
fn compare(cell: &Cell<'_>, value: &Value) -> Option<Ordering> {
    let value = match value {
        Value::Bool(b) => Cell::Bool(*b),
        Value::Int(i) => Cell::Int(*i),
        Value::Float(x) => Cell::Float(*x),
        Value::Text(s) => Cell::Text(s),
        Value::Uuid(u) => Cell::Uuid(*u),
        Value::DateTime(d) => Cell::DateTime(*d),
    };
    compare_cells(cell, &value)
}

/// The three-valued result of a test on one (non-list) cell.
fn test(cell: &Cell<'_>, t: &Test) -> Option<bool> {
    let null = matches!(cell, Cell::Null);
    match t {
        Test::IsNull => Some(null),
        Test::IsNotNull => Some(!null),
        Test::Is(b) => Some(*cell == Cell::Bool(*b)),
        Test::IsNot(b) => Some(*cell != Cell::Bool(*b)),
        Test::In(values) if values.is_empty() => Some(false),
        _ if null => None,
        Test::Cmp(op, v) => {
            use super::CmpOp::*;
            let ord = compare(cell, v)?;
            Some(match op {
                Eq => ord.is_eq(),
                Ne => ord.is_ne(),
                Gt => ord.is_gt(),
                Ge => ord.is_ge(),
                Lt => ord.is_lt(),
                Le => ord.is_le(),
            })
        }
        Test::In(values) => {
            let mut unknown = false;
            for v in values {
                match compare(cell, v) {
                    Some(Ordering::Equal) => return Some(true),
                    Some(_) => {}
                    None => unknown = true,
                }
            }
            if unknown { None } else { Some(false) }
        }
        Test::Contains(s) => match cell {
            Cell::Text(t) => Some(t.contains(s.as_str())),
            _ => None,
        },
        Test::Like { pattern, insensitive } => match cell {
            Cell::Text(t) => Some(like_match(pattern, t, *insensitive)),
            _ => None,
        },
    }
}

fn holds<R: Record + ?Sized>(record: &R, cond: &Cond) -> Option<bool> {
    match cond {
        Cond::Test(field, t) => {
            let cell = read(record, field);
            match (field.storage, cell) {
                // Any element: an SQL `EXISTS`, never unknown.
                (Storage::Array(_), Cell::List(items)) => Some(items.iter().any(|c| test(c, t) == Some(true))),
                (Storage::Array(_), _) => Some(false),
                (_, cell) => test(&cell, t),
            }
        }
        Cond::Not(c) => holds(record, c).map(|b| !b),
        Cond::And(a, b) => match (holds(record, a), holds(record, b)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Cond::Or(a, b) => match (holds(record, a), holds(record, b)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
    }
}

impl Filter {
    /// Whether the record is selected (the filter is true, not unknown).
    pub fn matches<R: Record + ?Sized>(&self, record: &R) -> bool {
        holds(record, &self.cond) == Some(true)
    }
}

/// Orders two cells of one name; nulls after values.
fn order_cells(a: &Cell<'_>, b: &Cell<'_>) -> Ordering {
    match (a, b) {
        (Cell::Null, Cell::Null) => Ordering::Equal,
        (Cell::Null, _) => Ordering::Greater,
        (_, Cell::Null) => Ordering::Less,
        // Numbers without an SQL order (NaN) are placed by `total_cmp`, so that the sort stays a total order.
        _ => compare_cells(a, b).unwrap_or_else(|| match (number(a), number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => Ordering::Equal,
        }),
    }
}

fn number(c: &Cell<'_>) -> Option<f64> {
    match c {
        Cell::Int(i) => Some(*i as f64),
        Cell::Float(x) => Some(*x),
        _ => None,
    }
}

impl Order {
    /// How two records compare under this order (equal when it is empty).
    pub fn compare<R: Record + ?Sized>(&self, a: &R, b: &R) -> Ordering {
        for key in &self.keys {
            let ord = order_cells(&read(a, key.field), &read(b, key.field));
            let ord = if key.descending { ord.reverse() } else { ord };
            if ord.is_ne() {
                return ord;
            }
        }
        Ordering::Equal
    }

    /// Sorts records by this order, keeping the given order among equals.
    pub fn sort<R: Record>(&self, records: &mut [R]) {
        if !self.is_empty() {
            records.sort_by(|a, b| self.compare(a, b));
        }
    }
}

/// The records a request selects, in the order it asks for: `filter` (none:
/// all) then a stable sort by `order` (empty: as given).
pub fn apply<R: Record>(records: impl IntoIterator<Item = R>, filter: Option<&Filter>, order: &Order) -> Vec<R> {
    let mut out: Vec<R> = records.into_iter().filter(|r| filter.is_none_or(|f| f.matches(r))).collect();
    order.sort(&mut out);
    out
}

/// Whether `text` matches an SQL LIKE `pattern`: `%` any run, `_` one
/// character, `\` makes the next character literal. `insensitive` folds
/// ASCII letters.
pub fn like_match(pattern: &str, text: &str, insensitive: bool) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum P {
        Any,
        One,
        Lit(char),
    }
    let mut parts = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        parts.push(match c {
            '%' => P::Any,
            '_' => P::One,
            '\\' => P::Lit(chars.next().unwrap_or('\\')),
            c => P::Lit(c),
        });
    }
    let same = |a: char, b: char| if insensitive { a.eq_ignore_ascii_case(&b) } else { a == b };
    // Greedy matching with one backtrack point per `%`, over byte offsets of
    // `text` (no copy): linear in practice, O(pattern × text) at worst.
    let next = |t: usize| text[t..].chars().next().map(|c| (c, t + c.len_utf8()));
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some((c, after)) = next(t) {
        match parts.get(p) {
            Some(P::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(P::One) => {
                p += 1;
                t = after;
            }
            Some(P::Lit(l)) if same(*l, c) => {
                p += 1;
                t = after;
            }
            _ => match star {
                Some((sp, st)) => {
                    // Let the last `%` take one more character.
                    let st = st + next(st).map_or(1, |(c, _)| c.len_utf8());
                    p = sp + 1;
                    t = st;
                    star = Some((sp, st));
                }
                None => return false,
            },
        }
    }
    parts[p..].iter().all(|x| *x == P::Any)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::USERS;
    use super::*;

    struct Row {
        id: i64,
        name: Option<String>,
        age: Option<i32>,
        tags: Option<Vec<Option<String>>>,
        slots: serde_json::Value,
    }

    impl Record for Row {
        fn cell(&self, member: u16) -> Cell<'_> {
            match member {
                0 => self.id.to_cell(),
                1 => self.name.to_cell(),
                2 => self.age.to_cell(),
                8 => self.tags.to_cell(),
                9 => self.slots.to_cell(),
                _ => Cell::Null,
            }
        }
    }

    fn rows() -> Vec<Row> {
        let row = |id, name: Option<&str>, age, tags: &[&str], cpu: Option<i64>| Row {
            id,
            name: name.map(Into::into),
            age,
            tags: (!tags.is_empty()).then(|| tags.iter().map(|t| Some((*t).to_owned())).collect()),
            slots: cpu.map_or(serde_json::json!({}), |c| serde_json::json!({ "cpu": c })),
        };
        vec![
            row(1, Some("alice"), Some(30), &["gpu", "x"], Some(4)),
            row(2, Some("Bob"), None, &[], Some(2)),
            row(3, None, Some(20), &["cpu"], None),
            row(4, Some("carol_%"), Some(40), &["gpu"], Some(8)),
        ]
    }

    fn ids(filter: &str) -> Vec<i64> {
        let f = USERS.filter(filter).unwrap();
        rows().into_iter().filter(|r| f.matches(r)).map(|r| r.id).collect()
    }

    #[test]
    fn three_valued_logic() {
        assert_eq!(ids("age > 25"), [1, 4]);
        assert_eq!(ids("!age > 25"), [3]);
        assert_eq!(ids("age > 25 | name == \"Bob\""), [1, 2, 4]);
        assert_eq!(ids("!(age > 25 & name == \"Bob\")"), [1, 3, 4]);
        assert_eq!(ids("age is null"), [2]);
        assert_eq!(ids("age isnot null"), [1, 3, 4]);
        assert_eq!(ids("age in []"), Vec::<i64>::new());
        assert_eq!(ids("!age in []"), [1, 2, 3, 4]);
        assert_eq!(ids("age in [20, 40]"), [3, 4]);
        assert_eq!(ids("group_name is null"), [1, 2, 3, 4]);
    }

    #[test]
    fn strings_patterns_arrays_and_json() {
        assert_eq!(ids("name contains \"o\""), [2, 4]);
        assert_eq!(ids("name like \"b%\""), Vec::<i64>::new());
        assert_eq!(ids("name ilike \"b%\""), [2]);
        assert_eq!(ids("name like \"%\\\\%\""), [4]);
        assert_eq!(ids("name like \"carol\\\\_%\""), [4]);
        assert_eq!(ids("name like \"_li%\""), [1]);
        assert_eq!(ids("tags == \"gpu\""), [1, 4]);
        assert_eq!(ids("!tags == \"gpu\""), [2, 3]);
        assert_eq!(ids("cpu >= 4"), [1, 4]);
        assert_eq!(ids("cpu is null"), [3]);
    }

    #[test]
    fn orders_put_nulls_last_ascending() {
        let mut r = rows();
        USERS.order("age").unwrap().sort(&mut r);
        assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 1, 4, 2]);
        USERS.order("-age").unwrap().sort(&mut r);
        assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 4, 1, 3]);
        USERS.order("-cpu,id").unwrap().sort(&mut r);
        assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 4, 1, 2]);
    }

    #[test]
    fn like_patterns() {
        for (p, t, want) in [
            ("", "", true),
            ("%", "", true),
            ("_", "", false),
            ("a%b%c", "aXXbYYc", true),
            ("a%b%c", "aXXbYY", false),
            ("%%%a", "bbba", true),
            ("\\%", "%", true),
            ("\\%", "a", false),
            ("\\a", "a", true),
            ("é_", "éx", true),
        ] {
            assert_eq!(like_match(p, t, false), want, "{p:?} {t:?}");
        }
        assert!(like_match("ABC", "abc", true));
        assert!(!like_match("ABC", "abc", false));
        assert!(!like_match("É", "é", true), "ASCII folding only");
    }
}
