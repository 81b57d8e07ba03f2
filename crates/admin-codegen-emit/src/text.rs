//! Writing the commonest items straight to text.
//!
//! Building syn values and printing them with prettyplease is most of the
//! emitter's time on large inputs, and most of what it prints is plain: a
//! struct or an enum whose every line is short, with doc comments and a few
//! known attributes. Those items are written here as text, byte for byte as
//! prettyplease prints them. The rule that makes this exact is width: a line
//! of at most [`WIDTH`] columns is never broken by prettyplease (its margin
//! is 89), so it is printed as written; an item with a longer line, or a doc
//! line prettyplease would not print as `///`, is left to the syn path
//! ([`Piece::Item`]), which stays the reference. Tests generate every
//! fixture, corpus and synthetic schema both ways and compare the bytes.

/// prettyplease's margin: it breaks a line only when the line would be longer
/// than this, so a line of at most `WIDTH` columns is printed as written, and
/// a single group on a longer line is broken (pinned by this module's tests).
pub(crate) const WIDTH: usize = 89;

/// One piece of a module: a syn item for prettyplease, or text already
/// formatted the way prettyplease would print that item.
pub(crate) enum Piece {
    /// Printed by prettyplease.
    Item(Box<syn::Item>),
    /// Written as is.
    Text(String),
}

impl From<syn::Item> for Piece {
    fn from(item: syn::Item) -> Piece {
        Piece::Item(Box::new(item))
    }
}

/// Pieces printed in order: runs of syn items through prettyplease, text as is.
pub(crate) fn print(pieces: Vec<Piece>, out: &mut String) {
    let mut items = Vec::new();
    let flush = |items: &mut Vec<syn::Item>, out: &mut String| {
        if !items.is_empty() {
            out.push_str(&unparse(std::mem::take(items)));
        }
    };
    for piece in pieces {
        match piece {
            Piece::Item(item) => items.push(*item),
            Piece::Text(text) => {
                flush(&mut items, out);
                out.push_str(&text);
            }
        }
    }
    flush(&mut items, out);
}

/// Items printed by prettyplease as a file of their own.
pub(crate) fn unparse(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
}

/// Lines of one item, with whether they are all printed as written.
pub(crate) struct Lines {
    out: String,
    exact: bool,
}

impl Lines {
    pub(crate) fn new() -> Lines {
        Lines { out: String::with_capacity(512), exact: true }
    }

    /// A line that prettyplease could break: kept only if it is short.
    pub(crate) fn line(&mut self, indent: usize, parts: &[&str]) {
        let start = self.out.len();
        push_indent(&mut self.out, indent);
        for p in parts {
            self.out.push_str(p);
        }
        if self.out.len() - start > WIDTH {
            self.exact = false;
        }
        self.out.push('\n');
    }

    /// A line with no place to break (a path, a literal): printed as written at any width.
    pub(crate) fn unbroken(&mut self, indent: usize, parts: &[&str]) {
        push_indent(&mut self.out, indent);
        for p in parts {
            self.out.push_str(p);
        }
        self.out.push('\n');
    }

    /// Lines already formatted (the text of a constant attribute list).
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A `#[doc]` attribute as prettyplease prints it: `///<doc>` when the
    /// value is one line not starting with `/`; `/**<doc>*/` when it has
    /// lines, nests its own `/* */` and does not start with `*` or `/` (the
    /// lines after the first as they are, without indentation); anything
    /// else is left to prettyplease.
    pub(crate) fn doc(&mut self, indent: usize, doc: &str) {
        if !doc.contains('\n') && !doc.starts_with('/') {
            push_indent(&mut self.out, indent);
            self.out.push_str("///");
            self.out.push_str(doc.trim_end_matches(' '));
        } else if doc.contains('\n') && block_comment_safe(doc) && !doc.starts_with(['*', '/']) {
            push_indent(&mut self.out, indent);
            self.out.push_str("/**");
            let mut lines = doc.split('\n').peekable();
            while let Some(line) = lines.next() {
                if lines.peek().is_some() {
                    self.out.push_str(line.trim_end_matches(' '));
                    self.out.push('\n');
                } else {
                    self.out.push_str(line);
                }
            }
            self.out.push_str("*/");
        } else {
            self.exact = false;
            return;
        }
        self.out.push('\n');
    }

    /// The doc lines of [`crate::docs::doc_lines`].
    pub(crate) fn docs(&mut self, indent: usize, docs: &[String]) {
        for d in docs {
            self.doc(indent, d);
        }
    }

    /// The text, if every line is printed as written.
    pub(crate) fn finish(self) -> Option<String> {
        self.exact.then_some(self.out)
    }
}

/// A struct literal `path { a: x, .. }` on its own line at `indent`, after
/// `lead` and before `trail` (neither with a place to break): on one line
/// when that line fits, one field per line otherwise.
pub(crate) fn struct_literal(
    l: &mut Lines,
    indent: usize,
    lead: &str,
    path: &str,
    fields: &[(&str, String)],
    trail: &str,
) {
    let inline: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let one = format!("{lead}{path} {{ {} }}{trail}", inline.join(", "));
    if indent + one.len() <= WIDTH {
        l.line(indent, &[&one]);
    } else {
        l.line(indent, &[lead, path, " {"]);
        for (k, v) in fields {
            l.line(indent + 4, &[k, ": ", v, ","]);
        }
        l.line(indent, &["}", trail]);
    }
}

/// Whether `text` can sit inside `/* */`: every `/*` in it closed by a
/// later `*/`, no `*/` closing more than was opened, and no `/` at its end.
fn block_comment_safe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                let Some(d) = depth.checked_sub(1) else { return false };
                depth = d;
                i += 2;
            }
            _ => i += 1,
        }
    }
    depth == 0 && !text.ends_with('/')
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

/// A Rust string literal as quote and prettyplease print it.
pub(crate) fn string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// A Rust type as prettyplease prints it, if that is one line.
pub(crate) fn print_type(ty: &syn::Type) -> Option<String> {
    let item: syn::Item = syn::parse_quote!(type T = #ty;);
    let printed = unparse(vec![item]);
    let text = printed.strip_prefix("type T = ")?.strip_suffix(";\n")?;
    (!text.contains('\n')).then(|| text.to_owned())
}

/// `a::b::C`, `::std::string::String`, `r#type`: identifiers and `::` only.
pub(crate) fn is_plain_path(path: &str) -> bool {
    let body = path.strip_prefix("::").unwrap_or(path);
    !body.is_empty()
        && body.split("::").all(|segment| {
            let s = segment.strip_prefix("r#").unwrap_or(segment);
            let mut chars = s.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// How prettyplease prints outer attributes at the start of an item: the
/// lines before `pub struct T {}` when it prints a struct carrying them.
pub(crate) fn attrs_text(attrs: &[syn::Attribute]) -> String {
    let item: syn::Item = syn::parse_quote! {
        #(#attrs)*
        pub struct T {}
    };
    let printed = unparse(vec![item]);
    printed.strip_suffix("pub struct T {}\n").expect("prettyplease prints the struct last").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The margin `WIDTH` stands for: prettyplease keeps a field of exactly
    /// `WIDTH` columns on its line and breaks one a column longer.
    #[test]
    fn width_is_prettyplease_margin() {
        let field = |len: usize| {
            // `    pub f: T<Xxx…>,` is 13 + name + 2 columns.
            let name = format!("X{}", "x".repeat(len - 16));
            let ty: syn::Type = syn::parse_str(&format!("T<{name}>")).unwrap();
            let item: syn::Item = syn::parse_quote!(pub struct S { pub f: #ty });
            let printed = unparse(vec![item]);
            let line = format!("    pub f: T<{name}>,");
            assert_eq!(line.len(), len);
            printed.lines().any(|l| l == line)
        };
        assert!(field(WIDTH), "a line of WIDTH columns is printed whole");
        assert!(!field(WIDTH + 1), "a longer one is broken");
    }

    /// A struct literal after `const X: P = ` in an impl, at every length
    /// around the margin, as prettyplease prints it (or left to it: a field
    /// line too long to keep).
    #[test]
    fn struct_literals_print_as_prettyplease_prints_them() {
        let mut exact = 0;
        for len in 1..80 {
            let root = "r".repeat(len);
            let item: syn::Item = syn::parse_quote! {
                impl T { const PAGE: a::Page = a::Page { root: #root, items: "items", total: ::std::option::Option::None }; }
            };
            let printed = unparse(vec![item]);
            let mut l = Lines::new();
            l.line(0, &["impl T {"]);
            let fields = [
                ("root", string_literal(&root)),
                ("items", string_literal("items")),
                ("total", "::std::option::Option::None".to_owned()),
            ];
            struct_literal(&mut l, 4, "const PAGE: a::Page = ", "a::Page", &fields, ";");
            l.line(0, &["}"]);
            if let Some(text) = l.finish() {
                assert_eq!(text, printed, "root of {len}");
                exact += 1;
            }
        }
        assert!(exact > 60, "only {exact} literals were written as text");
    }

    #[test]
    fn plain_paths() {
        for p in ["i32", "__rt::String", "::std::string::String", "super::types::Uuid", "r#type"] {
            assert!(is_plain_path(p), "{p}");
        }
        for p in ["", "Vec<u8>", "::", "a::", "& str", "[u8; 4]", "a ::b", "1a"] {
            assert!(!is_plain_path(p), "{p}");
        }
    }

    #[test]
    fn types_print_as_prettyplease_prints_them() {
        let print = |s: &str| print_type(&syn::parse_str(s).unwrap());
        assert_eq!(print("Vec < u8 >").as_deref(), Some("Vec<u8>"));
        assert_eq!(print("& 'static  str").as_deref(), Some("&'static str"));
    }

    #[test]
    fn long_lines_and_unusual_docs_are_left_to_prettyplease() {
        let mut lines = Lines::new();
        lines.line(4, &["x".repeat(WIDTH - 4).as_str()]);
        lines.doc(0, " a doc line far longer than any margin ".repeat(5).as_str());
        assert!(lines.finish().is_some());
        let mut lines = Lines::new();
        lines.line(4, &["x".repeat(WIDTH - 3).as_str()]);
        assert!(lines.finish().is_none());
        let mut lines = Lines::new();
        lines.doc(0, "/ starts with a slash");
        assert!(lines.finish().is_none());
        let mut lines = Lines::new();
        lines.doc(0, " two\n lines */ closing what was not opened");
        assert!(lines.finish().is_none());
    }

    #[test]
    fn docs_print_as_prettyplease_prints_them() {
        for doc in [" one line  ", "", " a `[\n  PENDING,  \n]`.", " nested /* x */\n ok", "\n", " ends in a\nspace "] {
            let attr = crate::syntax::doc(doc);
            let item: syn::Item = syn::parse_quote!(#attr pub struct S;);
            let printed = unparse(vec![item]);
            let mut lines = Lines::new();
            lines.doc(0, doc);
            lines.line(0, &["pub struct S;"]);
            assert_eq!(lines.finish().as_deref(), Some(printed.as_str()), "{doc:?}");
        }
    }
}
