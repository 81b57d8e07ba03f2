//! The `filter` and `order` languages as text: a lexer and two parsers into
//! the untyped syntax tree ([`Expr`], [`OrderKey`]), as the reference server's
//! grammar accepts them (spec §6).
//!
//! The grouping is the reference parser's: `&` and `|` bind equally and group
//! to the right, and `!` applies to everything after it. Both come out of one
//! rule, `expr := '!' expr | primary [('&' | '|') expr]`, which is parsed with a
//! loop rather than recursion, so only parentheses nest the call stack.

use super::{Limits, QueryError, Which};

/// A comparison operator of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
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
    /// `contains`: a substring.
    Contains,
    /// `in`: one of an array's values.
    In,
    /// `isnot`
    IsNot,
    /// `is`
    Is,
    /// `like`: an SQL LIKE pattern, case-sensitive.
    Like,
    /// `ilike`: an SQL LIKE pattern, case-insensitive.
    ILike,
}

impl Op {
    /// Every operator, as the language spells it.
    pub const ALL: [(&'static str, Op); 12] = [
        ("==", Op::Eq),
        ("!=", Op::Ne),
        (">", Op::Gt),
        (">=", Op::Ge),
        ("<", Op::Lt),
        ("<=", Op::Le),
        ("contains", Op::Contains),
        ("in", Op::In),
        ("isnot", Op::IsNot),
        ("is", Op::Is),
        ("like", Op::Like),
        ("ilike", Op::ILike),
    ];

    /// The operator as the language spells it.
    pub fn as_str(self) -> &'static str {
        Op::ALL.iter().find(|(_, op)| *op == self).map_or("?", |(s, _)| s)
    }

    fn keyword(word: &str) -> Option<Op> {
        Op::ALL.iter().find(|(s, _)| *s == word && s.as_bytes()[0].is_ascii_alphabetic()).map(|(_, op)| *op)
    }
}

/// A value as written in a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number without `.` or exponent.
    Int(i64),
    /// A number with `.` or an exponent.
    Float(f64),
    /// A double-quoted string, escapes decoded.
    String(String),
    /// `[v, v, ...]`
    Array(Vec<Literal>),
}

/// `&` or `|`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Combine {
    /// `&`
    And,
    /// `|`
    Or,
}

/// A parsed, not yet checked, filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `name OP value`; `at` is the name's 1-based column, `value_at` the value's.
    Compare {
        /// The field name as written.
        name: String,
        /// The operator.
        op: Op,
        /// The value.
        value: Literal,
        /// Column of the name.
        at: usize,
        /// Column of the value.
        value_at: usize,
    },
    /// `!expr`
    Not(Box<Expr>),
    /// `expr & expr`, `expr | expr`
    Combine(Combine, Box<Expr>, Box<Expr>),
}

/// One key of an order: `+name`, `-name` or `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKey {
    /// The field name as written.
    pub name: String,
    /// Whether `-` was given.
    pub descending: bool,
    /// The name's 1-based column.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Sym(Op),
    Str(String),
    Num(Literal),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    And,
    Or,
    Bang,
    Plus,
    Minus,
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Name(n) => format!("`{n}`"),
            Tok::Sym(op) => format!("'{}'", op.as_str()),
            Tok::Str(_) => "a string".into(),
            Tok::Num(_) => "a number".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::LBracket => "'['".into(),
            Tok::RBracket => "']'".into(),
            Tok::Comma => "','".into(),
            Tok::And => "'&'".into(),
            Tok::Or => "'|'".into(),
            Tok::Bang => "'!'".into(),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::End => "the end of the expression".into(),
        }
    }
}

struct Lexer<'a> {
    which: Which,
    text: &'a str,
    /// Byte offset.
    pos: usize,
    /// Character column of `pos`, 1-based.
    col: usize,
}

impl<'a> Lexer<'a> {
    fn new(which: Which, text: &'a str) -> Self {
        Lexer { which, text, pos: 0, col: 1 }
    }

    fn error(&self, col: usize, message: impl Into<String>) -> QueryError {
        QueryError::new(self.which, col, message)
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        self.col += 1;
        Some(c)
    }

    /// The next token and its column.
    fn next(&mut self) -> Result<(Tok, usize), QueryError> {
        while self.peek_char().is_some_and(char::is_whitespace) {
            self.bump();
        }
        let col = self.col;
        let Some(c) = self.bump() else { return Ok((Tok::End, col)) };
        let next_is = |lx: &Self, want: char| lx.peek_char() == Some(want);
        let tok = match c {
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '&' => Tok::And,
            '|' => Tok::Or,
            '=' if next_is(self, '=') => {
                self.bump();
                Tok::Sym(Op::Eq)
            }
            '!' if next_is(self, '=') => {
                self.bump();
                Tok::Sym(Op::Ne)
            }
            '!' => Tok::Bang,
            '>' | '<' => {
                let eq = next_is(self, '=');
                if eq {
                    self.bump();
                }
                Tok::Sym(match (c, eq) {
                    ('>', false) => Op::Gt,
                    ('>', true) => Op::Ge,
                    ('<', false) => Op::Lt,
                    _ => Op::Le,
                })
            }
            '"' => Tok::Str(self.string(col)?),
            '+' | '-' | '.' | '0'..='9' => {
                if matches!(c, '+' | '-') && !self.peek_char().is_some_and(|d| d.is_ascii_digit() || d == '.') {
                    if c == '+' { Tok::Plus } else { Tok::Minus }
                } else {
                    Tok::Num(self.number(col, c)?)
                }
            }
            c if c == '_' || c.is_ascii_alphabetic() => {
                let start = self.pos - 1;
                while self.peek_char().is_some_and(|c| c == '_' || c.is_ascii_alphanumeric()) {
                    self.bump();
                }
                Tok::Name(self.text[start..self.pos].to_owned())
            }
            '=' => return Err(self.error(col, "unexpected '=' (write '==' to compare)")),
            other => return Err(self.error(col, format!("unexpected character {other:?}"))),
        };
        Ok((tok, col))
    }

    /// A double-quoted string with JSON escapes; the opening quote is consumed.
    fn string(&mut self, col: usize) -> Result<String, QueryError> {
        let start = self.pos - 1;
        loop {
            match self.bump() {
                None => return Err(self.error(col, "unterminated string")),
                Some('\\') => {
                    if self.bump().is_none() {
                        return Err(self.error(col, "unterminated string"));
                    }
                }
                Some('"') => break,
                Some(_) => {}
            }
        }
        serde_json::from_str::<String>(&self.text[start..self.pos])
            .map_err(|e| self.error(col, format!("invalid string: {}", json_reason(&e))))
    }

    /// A signed integer or float; `first` is consumed.
    fn number(&mut self, col: usize, first: char) -> Result<Literal, QueryError> {
        let start = self.pos - first.len_utf8();
        let mut float = first == '.';
        let mut digits = first.is_ascii_digit();
        while let Some(c) = self.peek_char() {
            match c {
                '0'..='9' => digits = true,
                '.' if !float => float = true,
                'e' | 'E' if digits => {
                    float = true;
                    self.bump();
                    if matches!(self.peek_char(), Some('+' | '-')) {
                        self.bump();
                    }
                    if !self.peek_char().is_some_and(|d| d.is_ascii_digit()) {
                        return Err(self.error(col, "invalid number: an exponent needs digits"));
                    }
                    continue;
                }
                _ => break,
            }
            self.bump();
        }
        let text = &self.text[start..self.pos];
        if !digits {
            return Err(self.error(col, format!("invalid number `{text}`")));
        }
        if float {
            let v: f64 = text.parse().map_err(|_| self.error(col, format!("invalid number `{text}`")))?;
            if !v.is_finite() {
                return Err(self.error(col, format!("number `{text}` is out of range")));
            }
            Ok(Literal::Float(v))
        } else {
            text.parse::<i64>()
                .map(Literal::Int)
                .map_err(|_| self.error(col, format!("number `{text}` is out of range (64-bit integers)")))
        }
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    // serde_json appends " at line 1 column N"; our column is the string's.
    s.split(" at line ").next().unwrap_or(&s).to_owned()
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    tok: Tok,
    col: usize,
    limits: Limits,
    compares: usize,
    bangs: usize,
}

impl<'a> Parser<'a> {
    fn new(which: Which, text: &'a str, limits: Limits) -> Result<Self, QueryError> {
        if text.len() > limits.max_len {
            return Err(QueryError::new(
                which,
                1,
                format!("the expression is {} bytes long; at most {} are accepted", text.len(), limits.max_len),
            ));
        }
        let mut lexer = Lexer::new(which, text);
        let (tok, col) = lexer.next()?;
        Ok(Parser { lexer, tok, col, limits, compares: 0, bangs: 0 })
    }

    fn advance(&mut self) -> Result<(Tok, usize), QueryError> {
        let (tok, col) = self.lexer.next()?;
        Ok((std::mem::replace(&mut self.tok, tok), std::mem::replace(&mut self.col, col)))
    }

    fn error(&self, message: impl Into<String>) -> QueryError {
        self.lexer.error(self.col, message)
    }

    fn unexpected(&self, wanted: &str) -> QueryError {
        self.error(format!("expected {wanted}, found {}", self.tok.describe()))
    }

    /// `expr := '!'* primary [('&'|'|') expr]`, right-grouped, as a loop.
    fn expr(&mut self, depth: usize) -> Result<Expr, QueryError> {
        // Each link: the `!`s before it, its primary, and the combinator after it.
        let mut links: Vec<(usize, Expr, Option<Combine>)> = Vec::new();
        loop {
            let mut nots = 0;
            while self.tok == Tok::Bang {
                nots += 1;
                // `!` takes the rest, so each one deepens the tree: bound them in all.
                self.bangs += 1;
                if self.bangs > self.limits.max_terms {
                    return Err(self.error(format!("more than {} '!'", self.limits.max_terms)));
                }
                if depth + nots > self.limits.max_depth {
                    return Err(self.error(format!("nested deeper than {} levels", self.limits.max_depth)));
                }
                self.advance()?;
            }
            let primary = self.primary(depth + nots)?;
            let combine = match self.tok {
                Tok::And => Some(Combine::And),
                Tok::Or => Some(Combine::Or),
                _ => None,
            };
            links.push((nots, primary, combine));
            if combine.is_none() {
                break;
            }
            self.advance()?;
        }
        let (nots, last, _) = links.pop().expect("at least one link");
        let mut acc = wrap_nots(last, nots);
        while let Some((nots, primary, combine)) = links.pop() {
            let combine = combine.expect("every link but the last has a combinator");
            acc = wrap_nots(Expr::Combine(combine, Box::new(primary), Box::new(acc)), nots);
        }
        Ok(acc)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        match self.tok.clone() {
            Tok::LParen => {
                if depth + 1 > self.limits.max_depth {
                    return Err(self.error(format!("nested deeper than {} levels", self.limits.max_depth)));
                }
                let open = self.col;
                self.advance()?;
                let inner = self.expr(depth + 1)?;
                if self.tok != Tok::RParen {
                    return Err(self.unexpected(&format!("')' to close the '(' at column {open}")));
                }
                self.advance()?;
                Ok(inner)
            }
            Tok::Name(name) => {
                let at = self.col;
                self.advance()?;
                let op = match &self.tok {
                    Tok::Sym(op) => *op,
                    Tok::Name(word) => match Op::keyword(word) {
                        Some(op) => op,
                        None => return Err(self.error(format!("unknown operator `{word}` after `{name}`"))),
                    },
                    _ => return Err(self.unexpected(&format!("an operator after `{name}`"))),
                };
                self.advance()?;
                let value_at = self.col;
                let value = self.value(op, 0)?;
                self.compares += 1;
                if self.compares > self.limits.max_terms {
                    return Err(self.lexer.error(at, format!("more than {} comparisons", self.limits.max_terms)));
                }
                Ok(Expr::Compare { name, op, value, at, value_at })
            }
            _ => Err(self.unexpected("a field name, '!' or '('")),
        }
    }

    fn value(&mut self, op: Op, depth: usize) -> Result<Literal, QueryError> {
        let value = match self.tok.clone() {
            Tok::Str(s) => Literal::String(s),
            Tok::Num(n) => n,
            Tok::Name(word) => match word.as_str() {
                "null" => Literal::Null,
                "true" => Literal::Bool(true),
                "false" => Literal::Bool(false),
                _ => {
                    return Err(self.error(format!(
                        "expected a value after '{}', found `{word}` (strings are double-quoted)",
                        op.as_str()
                    )));
                }
            },
            Tok::LBracket if depth == 0 => {
                self.advance()?;
                let mut items = Vec::new();
                if self.tok != Tok::RBracket {
                    loop {
                        items.push(self.value(op, depth + 1)?);
                        match self.tok {
                            Tok::Comma => {
                                self.advance()?;
                            }
                            Tok::RBracket => break,
                            _ => return Err(self.unexpected("',' or ']' in the array")),
                        }
                    }
                }
                Literal::Array(items)
            }
            Tok::LBracket => return Err(self.error("arrays cannot be nested")),
            _ => {
                return Err(self.error(format!(
                    "expected a value after '{}', found {}",
                    op.as_str(),
                    self.tok.describe()
                )));
            }
        };
        self.advance()?;
        Ok(value)
    }
}

fn wrap_nots(mut e: Expr, nots: usize) -> Expr {
    for _ in 0..nots {
        e = Expr::Not(Box::new(e));
    }
    e
}

/// Parses a filter expression into its syntax tree.
pub fn parse_filter(text: &str, limits: Limits) -> Result<Expr, QueryError> {
    let mut p = Parser::new(Which::Filter, text, limits)?;
    if p.tok == Tok::End {
        return Err(p.error("the filter is empty"));
    }
    let e = p.expr(0)?;
    match p.tok {
        Tok::End => Ok(e),
        Tok::RParen => Err(p.error("unmatched ')'")),
        _ => Err(p.unexpected("'&', '|' or the end of the filter")),
    }
}

/// Parses an order expression (`-created_at,+name`); an empty one is allowed.
pub fn parse_order(text: &str, limits: Limits) -> Result<Vec<OrderKey>, QueryError> {
    let mut p = Parser::new(Which::Order, text, limits)?;
    let mut keys = Vec::new();
    if p.tok == Tok::End {
        return Ok(keys);
    }
    loop {
        let descending = match p.tok {
            Tok::Plus => {
                p.advance()?;
                false
            }
            Tok::Minus => {
                p.advance()?;
                true
            }
            _ => false,
        };
        let Tok::Name(name) = p.tok.clone() else {
            return Err(p.unexpected("a field name"));
        };
        keys.push(OrderKey { name, descending, at: p.col });
        if keys.len() > limits.max_terms {
            return Err(p.error(format!("more than {} keys", limits.max_terms)));
        }
        p.advance()?;
        match p.tok {
            Tok::Comma => {
                p.advance()?;
            }
            Tok::End => return Ok(keys),
            _ => return Err(p.unexpected("',' or the end of the order")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Expr {
        parse_filter(text, Limits::default()).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        parse_filter(text, Limits::default()).unwrap_err().to_string()
    }

    fn cmp(name: &str, v: i64) -> Expr {
        Expr::Compare { name: name.into(), op: Op::Eq, value: Literal::Int(v), at: 0, value_at: 0 }
    }

    /// The tree without columns, for comparing shapes.
    fn strip(e: Expr) -> Expr {
        match e {
            Expr::Compare { name, op, value, .. } => Expr::Compare { name, op, value, at: 0, value_at: 0 },
            Expr::Not(e) => Expr::Not(Box::new(strip(*e))),
            Expr::Combine(c, a, b) => Expr::Combine(c, Box::new(strip(*a)), Box::new(strip(*b))),
        }
    }

    fn and(a: Expr, b: Expr) -> Expr {
        Expr::Combine(Combine::And, Box::new(a), Box::new(b))
    }
    fn or(a: Expr, b: Expr) -> Expr {
        Expr::Combine(Combine::Or, Box::new(a), Box::new(b))
    }
    fn not(a: Expr) -> Expr {
        Expr::Not(Box::new(a))
    }

    #[test]
    fn combinators_group_to_the_right_and_bang_takes_the_rest() {
        assert_eq!(strip(f("a == 1 & b == 2 | c == 3")), and(cmp("a", 1), or(cmp("b", 2), cmp("c", 3))));
        assert_eq!(strip(f("a == 1 | b == 2 & c == 3")), or(cmp("a", 1), and(cmp("b", 2), cmp("c", 3))));
        assert_eq!(strip(f("!a == 1 & b == 2")), not(and(cmp("a", 1), cmp("b", 2))));
        assert_eq!(strip(f("(a == 1 & b == 2) | c == 3")), or(and(cmp("a", 1), cmp("b", 2)), cmp("c", 3)));
        assert_eq!(strip(f("a == 1 & !b == 2 | c == 3")), and(cmp("a", 1), not(or(cmp("b", 2), cmp("c", 3)))));
        assert_eq!(strip(f("(!a == 1) & b == 2")), and(not(cmp("a", 1)), cmp("b", 2)));
        assert_eq!(strip(f("!!a==1")), not(not(cmp("a", 1))));
    }

    #[test]
    fn every_operator_and_value_kind() {
        for (spelling, op) in Op::ALL {
            let e = strip(f(&format!("x {spelling} 1")));
            assert_eq!(e, Expr::Compare { name: "x".into(), op, value: Literal::Int(1), at: 0, value_at: 0 });
        }
        let values = [
            ("\"a\\\"b\\\\c\\u00e9\\n\"", Literal::String("a\"b\\c\u{e9}\n".into())),
            ("-12", Literal::Int(-12)),
            ("+3", Literal::Int(3)),
            ("1.5", Literal::Float(1.5)),
            ("-.5", Literal::Float(-0.5)),
            ("2e3", Literal::Float(2000.0)),
            ("null", Literal::Null),
            ("true", Literal::Bool(true)),
            ("false", Literal::Bool(false)),
            ("[]", Literal::Array(vec![])),
            ("[1, \"b\" ,null]", Literal::Array(vec![Literal::Int(1), Literal::String("b".into()), Literal::Null])),
        ];
        for (text, want) in values {
            let Expr::Compare { value, .. } = f(&format!("x in {text}")) else { panic!() };
            assert_eq!(value, want, "{text}");
        }
        // Keywords need no spaces around symbols, and names may shadow keywords.
        assert_eq!(strip(f("in==1")), cmp("in", 1));
        assert!(matches!(f("status isnot null"), Expr::Compare { op: Op::IsNot, .. }));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            err("status == "),
            "filter: expected a value after '==', found the end of the expression at column 11"
        );
        assert_eq!(
            err("status == RUNNING"),
            "filter: expected a value after '==', found `RUNNING` (strings are double-quoted) at column 11"
        );
        assert_eq!(
            err("a == 1 &"),
            "filter: expected a field name, '!' or '(', found the end of the expression at column 9"
        );
        assert_eq!(
            err("(a == 1"),
            "filter: expected ')' to close the '(' at column 1, found the end of the expression at column 8"
        );
        assert_eq!(err("a == 1)"), "filter: unmatched ')' at column 7");
        assert_eq!(err("a = 1"), "filter: unexpected '=' (write '==' to compare) at column 3");
        assert_eq!(err("a equals 1"), "filter: unknown operator `equals` after `a` at column 3");
        assert_eq!(err("a == \"x"), "filter: unterminated string at column 6");
        assert_eq!(
            err("a == 99999999999999999999"),
            "filter: number `99999999999999999999` is out of range (64-bit integers) at column 6"
        );
        assert_eq!(err("a in [[1]]"), "filter: arrays cannot be nested at column 7");
        assert_eq!(err("a == 1 b == 2"), "filter: expected '&', '|' or the end of the filter, found `b` at column 8");
        assert_eq!(err(""), "filter: the filter is empty at column 1");
        assert_eq!(err("é == 1"), "filter: unexpected character 'é' at column 1");
        assert_eq!(err("a == \"\\x\""), "filter: invalid string: invalid escape at column 6");
    }

    #[test]
    fn columns_count_characters() {
        let Expr::Combine(_, _, b) = f("name == \"ü\" & age > 1") else { panic!() };
        assert!(matches!(*b, Expr::Compare { at: 15, value_at: 21, .. }));
    }

    #[test]
    fn bounds() {
        let limits = Limits::default();
        let deep = format!("{}a == 1{}", "(".repeat(limits.max_depth + 1), ")".repeat(limits.max_depth + 1));
        assert!(err(&deep).contains("nested deeper than"));
        let nots = format!("{}a == 1", "!".repeat(limits.max_depth + 1));
        assert!(err(&nots).contains("nested deeper than"));
        let many = vec!["a == 1"; limits.max_terms + 1].join(" & ");
        assert!(err(&many).contains("more than"));
        let bangs = vec!["!a == 1"; limits.max_terms + 1].join(" & ");
        assert!(err(&bangs).contains("more than 128 '!'"), "{}", err(&bangs));
        let long = format!("a == \"{}\"", "x".repeat(limits.max_len));
        assert!(err(&long).contains("bytes long"));
        // A long chain within the bounds parses without deep recursion.
        let chain = vec!["a == 1"; limits.max_terms].join(" | ");
        f(&chain);
    }

    #[test]
    fn orders() {
        let keys = parse_order(" -created_at, +name ,id", Limits::default()).unwrap();
        let got: Vec<(&str, bool, usize)> = keys.iter().map(|k| (k.name.as_str(), k.descending, k.at)).collect();
        assert_eq!(got, [("created_at", true, 3), ("name", false, 16), ("id", false, 22)]);
        assert!(parse_order("", Limits::default()).unwrap().is_empty());
        assert!(parse_order("   ", Limits::default()).unwrap().is_empty());
        let e = |t| parse_order(t, Limits::default()).unwrap_err().to_string();
        assert_eq!(e("name,"), "order: expected a field name, found the end of the expression at column 6");
        assert_eq!(e("name desc"), "order: expected ',' or the end of the order, found `desc` at column 6");
        assert_eq!(e("--name"), "order: expected a field name, found '-' at column 2");
        assert_eq!(e("1name"), "order: expected a field name, found a number at column 1");
    }
}
