//! The SDL of the IR: what a generated server serves, printed once at
//! generate time and parsed by the runtime at startup.
//!
//! Everything comes from the IR: the types in its order, each with its
//! description, fields, arguments (with defaults as the IR keeps their
//! literals), interfaces, members, values and deprecations. Directives other
//! than `@deprecated` are not printed: the IR has turned the ones it knows
//! into decisions (access rules, pagination) that the module carries beside
//! the SDL, and async-graphql's dynamic schema serves no others. Argument and
//! input field deprecations are left out too: the dynamic schema cannot
//! serve them.

use std::fmt::Write as _;

use admin_codegen_ir::*;

/// The SDL of every type of `ir`, one definition after the other.
pub(crate) fn print(ir: &Ir) -> String {
    let mut out = String::with_capacity(ir.types.len() * 256);
    for t in &ir.types {
        description(&mut out, "", t.description.as_deref());
        let name = &t.name.wire;
        match &t.kind {
            TypeKind::Scalar(_) => {
                let _ = writeln!(out, "scalar {name}");
            }
            TypeKind::Object(o) => {
                let _ = write!(out, "type {name}");
                implements(&mut out, &o.implements);
                fields(&mut out, &o.fields);
            }
            TypeKind::Interface(i) => {
                let _ = write!(out, "interface {name}");
                implements(&mut out, &i.implements);
                fields(&mut out, &i.fields);
            }
            TypeKind::Union(u) => {
                let _ = write!(out, "union {name}");
                for (i, m) in u.members.iter().enumerate() {
                    out.push_str(if i == 0 { " = " } else { " | " });
                    out.push_str(&m.name.wire);
                }
                out.push('\n');
            }
            TypeKind::Enum(e) => {
                let _ = writeln!(out, "enum {name} {{");
                for v in &e.values {
                    description(&mut out, "  ", v.description.as_deref());
                    let _ = write!(out, "  {}", v.name.wire);
                    deprecated(&mut out, v.deprecation.as_deref());
                    out.push('\n');
                }
                out.push_str("}\n");
            }
            TypeKind::InputObject(i) => {
                let _ = writeln!(out, "input {name} {{");
                for f in &i.fields {
                    description(&mut out, "  ", f.description.as_deref());
                    out.push_str("  ");
                    input_value(&mut out, f);
                    out.push('\n');
                }
                out.push_str("}\n");
            }
        }
    }
    out
}

fn implements(out: &mut String, interfaces: &[String]) {
    for (i, name) in interfaces.iter().enumerate() {
        out.push_str(if i == 0 { " implements " } else { " & " });
        out.push_str(name);
    }
}

fn fields(out: &mut String, fields: &[Field]) {
    out.push_str(" {\n");
    for f in fields {
        description(out, "  ", f.description.as_deref());
        out.push_str("  ");
        out.push_str(&f.name.wire);
        if !f.args.is_empty() {
            out.push('(');
            for (i, a) in f.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if let Some(d) = &a.description {
                    string(out, d);
                    out.push(' ');
                }
                input_value(out, a);
            }
            out.push(')');
        }
        out.push_str(": ");
        out.push_str(&f.ty.to_graphql());
        deprecated(out, f.deprecation.as_deref());
        out.push('\n');
    }
    out.push_str("}\n");
}

fn input_value(out: &mut String, v: &InputValue) {
    out.push_str(&v.name.wire);
    out.push_str(": ");
    out.push_str(&v.ty.to_graphql());
    if let Some(d) = &v.default {
        out.push_str(" = ");
        out.push_str(d);
    }
}

fn description(out: &mut String, indent: &str, text: Option<&str>) {
    if let Some(text) = text {
        out.push_str(indent);
        string(out, text);
        out.push('\n');
    }
}

fn deprecated(out: &mut String, reason: Option<&str>) {
    if let Some(reason) = reason {
        out.push_str(" @deprecated(reason: ");
        string(out, reason);
        out.push(')');
    }
}

/// A string literal on one line, escaped the way JSON escapes (so it is the
/// same literal in GraphQL and in TypeScript), plus the two line separators
/// JavaScript once read as line ends.
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_are_escaped_on_one_line() {
        let mut out = String::new();
        super::string(&mut out, "a \"b\"\n\\c\u{1}");
        assert_eq!(out, r#""a \"b\"\n\\c\u0001""#);
    }
}
