//! Checking a parsed filter against a list's field specs: names must be
//! known, values must have the name's type, operators must fit the value.
//! The result ([`Cond`]) is what both back ends consume, with every
//! decision already made (`== null` is a null test, enum values are
//! normalized, UUIDs and date-times are parsed).

use std::fmt;

use super::parse::{Combine, Expr, Literal, Op};
use super::{FieldSpec, Kind, ListSpec, QueryError, Which};

/// A checked condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// A test of one name.
    Test(&'static FieldSpec, Test),
    /// `!c`
    Not(Box<Cond>),
    /// `a & b`
    And(Box<Cond>, Box<Cond>),
    /// `a | b`
    Or(Box<Cond>, Box<Cond>),
}

/// What a condition tests of a name's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `is null`, `== null`
    IsNull,
    /// `isnot null`, `!= null`
    IsNotNull,
    /// `is true`, `is false`: never null.
    Is(bool),
    /// `isnot true`, `isnot false`: true for null too.
    IsNot(bool),
    /// `==`, `!=`, `>`, `>=`, `<`, `<=` with a non-null value.
    Cmp(CmpOp, Value),
    /// `in [...]`: one of the values (none: never).
    In(Vec<Value>),
    /// `contains "s"`: a substring, case-sensitive, no wildcards.
    Contains(String),
    /// `like` / `ilike`: an SQL LIKE pattern (`%`, `_`, `\` escapes).
    Like {
        /// The pattern.
        pattern: String,
        /// Whether case-insensitive (`ilike`).
        insensitive: bool,
    },
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl CmpOp {
    /// The operator as SQL spells it.
    pub fn sql(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "<>",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
        }
    }

    /// The filter language's operator.
    fn op(self) -> Op {
        match self {
            CmpOp::Eq => Op::Eq,
            CmpOp::Ne => Op::Ne,
            CmpOp::Gt => Op::Gt,
            CmpOp::Ge => Op::Ge,
            CmpOp::Lt => Op::Lt,
            CmpOp::Le => Op::Le,
        }
    }
}

/// A checked, non-null value of a name's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `Boolean`
    Bool(bool),
    /// `Int`, `BigInt`
    Int(i64),
    /// `Float`
    Float(f64),
    /// `String`, `ID`, and enums (normalized to the schema's spelling).
    Text(String),
    /// `UUID`
    Uuid(uuid::Uuid),
    /// `DateTime`
    DateTime(crate::DateTime),
}

pub(super) fn check(spec: &'static ListSpec, expr: Expr) -> Result<Cond, QueryError> {
    // Right-grouped chains are deep on the right; walk them with a loop.
    let mut lefts: Vec<(usize, Combine, Cond)> = Vec::new();
    let mut nots = 0;
    let mut expr = expr;
    let last = loop {
        match expr {
            Expr::Not(inner) => {
                nots += 1;
                expr = *inner;
            }
            Expr::Combine(c, a, b) => {
                lefts.push((std::mem::take(&mut nots), c, check(spec, *a)?));
                expr = *b;
            }
            Expr::Compare { name, op, value, at, value_at } => {
                break compare(spec, &name, op, value, at, value_at)?;
            }
        }
    };
    let mut acc = wrap(last, nots);
    while let Some((nots, c, left)) = lefts.pop() {
        let pair = (Box::new(left), Box::new(acc));
        acc = wrap(if c == Combine::And { Cond::And(pair.0, pair.1) } else { Cond::Or(pair.0, pair.1) }, nots);
    }
    Ok(acc)
}

fn wrap(mut c: Cond, nots: usize) -> Cond {
    for _ in 0..nots {
        c = Cond::Not(Box::new(c));
    }
    c
}

fn compare(
    spec: &'static ListSpec,
    name: &str,
    op: Op,
    value: Literal,
    at: usize,
    value_at: usize,
) -> Result<Cond, QueryError> {
    let field = spec
        .field(name)
        .ok_or_else(|| QueryError::new(Which::Filter, at, format!("unknown/unsupported field name `{name}`")))?;
    let err = |message: String| QueryError::new(Which::Filter, value_at, message);
    let kind = field.kind;
    let test = match (op, value) {
        (Op::Eq | Op::Is, Literal::Null) => Test::IsNull,
        (Op::Ne | Op::IsNot, Literal::Null) => Test::IsNotNull,
        (Op::Is | Op::IsNot, Literal::Bool(b)) if kind == Kind::Bool => {
            if op == Op::Is {
                Test::Is(b)
            } else {
                Test::IsNot(b)
            }
        }
        (Op::Is | Op::IsNot, v) => {
            return Err(err(format!(
                "'{}' takes null{}, not {}",
                op.as_str(),
                if kind == Kind::Bool { ", true or false" } else { "" },
                describe(&v)
            )));
        }
        (Op::In, Literal::Array(items)) => Test::In(
            items
                .into_iter()
                .map(|v| match v {
                    Literal::Null => Err(err("null in an 'in' list never matches; use `is null`".into())),
                    v => typed(field, v).map_err(err),
                })
                .collect::<Result<_, _>>()?,
        ),
        (Op::In, v) => return Err(err(format!("'in' takes an array such as [\"a\", \"b\"], not {}", describe(&v)))),
        (_, Literal::Array(_)) => return Err(err(format!("'{}' takes one value, not an array", op.as_str()))),
        (_, Literal::Null) => {
            return Err(err(format!("'{}' cannot compare with null; use `is null` or `isnot null`", op.as_str())));
        }
        (Op::Contains | Op::Like | Op::ILike, v) => {
            if kind != Kind::String {
                return Err(err(format!("'{}' needs a String name; `{name}` is {}", op.as_str(), a(kind))));
            }
            let Literal::String(s) = v else {
                return Err(err(format!("'{}' takes a string, not {}", op.as_str(), describe(&v))));
            };
            match op {
                Op::Contains => Test::Contains(s),
                _ => {
                    if !pattern_is_complete(&s) {
                        return Err(err("the pattern ends with an escape character '\\'".into()));
                    }
                    Test::Like { pattern: s, insensitive: op == Op::ILike }
                }
            }
        }
        (op, v) => {
            let cmp = match op {
                Op::Eq => CmpOp::Eq,
                Op::Ne => CmpOp::Ne,
                Op::Gt => CmpOp::Gt,
                Op::Ge => CmpOp::Ge,
                Op::Lt => CmpOp::Lt,
                _ => CmpOp::Le,
            };
            Test::Cmp(cmp, typed(field, v).map_err(err)?)
        }
    };
    Ok(Cond::Test(field, test))
}

/// Whether a LIKE pattern's last `\` escapes something.
fn pattern_is_complete(p: &str) -> bool {
    let mut escaped = false;
    for c in p.chars() {
        escaped = !escaped && c == '\\';
    }
    !escaped
}

fn describe(v: &Literal) -> String {
    match v {
        Literal::Null => "null".into(),
        Literal::Bool(b) => format!("{b}"),
        Literal::Int(i) => format!("the number {i}"),
        Literal::Float(x) => format!("the number {x}"),
        Literal::String(s) => format!("the string {}", super::quoted(s)),
        Literal::Array(_) => "an array".into(),
    }
}

/// A literal as a value of the field's type.
fn typed(field: &FieldSpec, v: Literal) -> Result<Value, String> {
    Ok(match (field.kind, v) {
        (Kind::Int, Literal::Int(i)) => {
            if i32::try_from(i).is_err() {
                return Err(format!("`{}` is an Int (32-bit); {i} is out of range", field.name));
            }
            Value::Int(i)
        }
        (Kind::BigInt, Literal::Int(i)) => Value::Int(i),
        (Kind::Float, Literal::Int(i)) => Value::Float(i as f64),
        (Kind::Float, Literal::Float(x)) => Value::Float(x),
        (Kind::Bool, Literal::Bool(b)) => Value::Bool(b),
        (Kind::String, Literal::String(s)) => Value::Text(s),
        (Kind::Uuid, Literal::String(s)) => {
            Value::Uuid(s.parse().map_err(|_| format!("`{}` is a UUID; {s:?} is not a UUID", field.name))?)
        }
        (Kind::DateTime, Literal::String(s)) => Value::DateTime(s.parse().map_err(|_| {
            format!(
                "`{}` is a DateTime; {s:?} is not an ISO-8601 date-time such as \"2024-03-01T12:00:00+00:00\"",
                field.name
            )
        })?),
        (Kind::Enum(_, values), Literal::String(s)) => {
            // The reference accepts an enum's name or its (lower-case) value.
            let found = values.iter().find(|v| **v == s).or_else(|| values.iter().find(|v| v.eq_ignore_ascii_case(&s)));
            match found {
                Some(v) => Value::Text((*v).to_owned()),
                None => {
                    return Err(format!(
                        "`{}` is {}: expected one of {} (or in lower case); got {s:?}",
                        field.name,
                        a(field.kind),
                        values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        (_, v) => return Err(format!("`{}` is {}; {} is not", field.name, a(field.kind), describe(&v))),
    })
}

/// The type name with its article: "an Int", "a UUID".
fn a(kind: Kind) -> String {
    let name = kind.graphql();
    let vowel = name.starts_with(['A', 'E', 'I', 'O']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

impl fmt::Display for Value {
    /// The value in the filter language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Text(s) => write!(f, "{}", super::quoted(s)),
            Value::Uuid(u) => write!(f, "\"{u}\""),
            Value::DateTime(d) => write!(f, "\"{d}\""),
        }
    }
}

impl fmt::Display for Cond {
    /// The condition in the filter language, parsing back to the same tree.
    /// The language groups `&`/`|` to the right and lets `!` take the rest,
    /// so only a compound left operand needs parentheses; right operands and
    /// the operand of `!` never do (and a long chain prints without nesting).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let left = |f: &mut fmt::Formatter<'_>, c: &Cond| match c {
            Cond::Test(..) => write!(f, "{c}"),
            _ => write!(f, "({c})"),
        };
        match self {
            Cond::Test(field, test) => {
                let name = field.name;
                match test {
                    Test::IsNull => write!(f, "{name} is null"),
                    Test::IsNotNull => write!(f, "{name} isnot null"),
                    Test::Is(b) => write!(f, "{name} is {b}"),
                    Test::IsNot(b) => write!(f, "{name} isnot {b}"),
                    Test::Cmp(op, v) => write!(f, "{name} {} {v}", op.op().as_str()),
                    Test::In(vs) => {
                        write!(f, "{name} in [")?;
                        for (i, v) in vs.iter().enumerate() {
                            write!(f, "{}{v}", if i > 0 { ", " } else { "" })?;
                        }
                        write!(f, "]")
                    }
                    Test::Contains(s) => write!(f, "{name} contains {}", super::quoted(s)),
                    Test::Like { pattern, insensitive } => {
                        let op = if *insensitive { "ilike" } else { "like" };
                        write!(f, "{name} {op} {}", super::quoted(pattern))
                    }
                }
            }
            Cond::Not(c) => write!(f, "!{c}"),
            Cond::And(a, b) | Cond::Or(a, b) => {
                left(f, a)?;
                write!(f, " {} {b}", if matches!(self, Cond::And(..)) { "&" } else { "|" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::USERS;

    fn err(text: &str) -> String {
        USERS.filter(text).unwrap_err().to_string()
    }

    #[test]
    fn type_errors_name_both_sides() {
        assert_eq!(err("age == \"x\""), "filter: `age` is an Int; the string \"x\" is not at column 8");
        assert_eq!(err("age == 1.5"), "filter: `age` is an Int; the number 1.5 is not at column 8");
        assert_eq!(
            err("age == 3000000000"),
            "filter: `age` is an Int (32-bit); 3000000000 is out of range at column 8"
        );
        assert_eq!(err("name == 3"), "filter: `name` is a String; the number 3 is not at column 9");
        assert_eq!(err("active == \"yes\""), "filter: `active` is a Boolean; the string \"yes\" is not at column 11");
        assert_eq!(err("uuid == \"x\""), "filter: `uuid` is a UUID; \"x\" is not a UUID at column 9");
        assert!(err("created_at > \"yesterday\"").starts_with("filter: `created_at` is a DateTime; \"yesterday\""));
        assert_eq!(
            err("status == \"GONE\""),
            "filter: `status` is a UserStatus: expected one of `ACTIVE`, `INACTIVE`, `DELETED` (or in lower case); got \"GONE\" at column 11"
        );
        assert_eq!(err("nope == 1"), "filter: unknown/unsupported field name `nope` at column 1");
        assert_eq!(err("age in 1"), "filter: 'in' takes an array such as [\"a\", \"b\"], not the number 1 at column 8");
        assert_eq!(err("age in [1, null]"), "filter: null in an 'in' list never matches; use `is null` at column 8");
        assert_eq!(err("age == [1]"), "filter: '==' takes one value, not an array at column 8");
        assert_eq!(
            err("age > null"),
            "filter: '>' cannot compare with null; use `is null` or `isnot null` at column 7"
        );
        assert_eq!(err("age is 1"), "filter: 'is' takes null, not the number 1 at column 8");
        assert_eq!(err("active is 1"), "filter: 'is' takes null, true or false, not the number 1 at column 11");
        assert_eq!(err("age like \"1%\""), "filter: 'like' needs a String name; `age` is an Int at column 10");
        assert_eq!(err("name like 1"), "filter: 'like' takes a string, not the number 1 at column 11");
        assert_eq!(err("name like \"a\\\\\""), "filter: the pattern ends with an escape character '\\' at column 11");
    }

    #[test]
    fn values_are_normalized() {
        use super::{Cond, Test, Value};
        let f = USERS
            .filter("status == \"active\" & score > 1 & uuid == \"6E3E9A6B-4F7E-4C43-9D2B-2F1C2D3E4F50\"")
            .unwrap();
        assert_eq!(
            f.to_string(),
            "status == \"ACTIVE\" & score > 1.0 & uuid == \"6e3e9a6b-4f7e-4c43-9d2b-2f1c2d3e4f50\""
        );
        let Cond::Test(_, t) = USERS.filter("name == null").unwrap().cond else { panic!() };
        assert_eq!(t, Test::IsNull);
        let Cond::Test(_, t) = USERS.filter("name != null").unwrap().cond else { panic!() };
        assert_eq!(t, Test::IsNotNull);
        let Cond::Test(_, t) = USERS.filter("id in []").unwrap().cond else { panic!() };
        assert_eq!(t, Test::In(vec![]));
        let Cond::Test(_, t) = USERS.filter("id == 5").unwrap().cond else { panic!() };
        assert_eq!(t, Test::Cmp(super::CmpOp::Eq, Value::Int(5)));
    }
}
