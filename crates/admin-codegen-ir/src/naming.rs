//! Rust names for GraphQL wire names.
//!
//! Every item keeps two names: the wire name exactly as the SDL spells it,
//! and a Rust name. Fields and arguments become snake_case, types and enum
//! values UpperCamelCase. Keywords become raw identifiers where Rust allows
//! that (`r#type`) and get a trailing underscore where it does not (`self_`).
//! Names that collide after conversion are disambiguated by a [`Namespace`]
//! with a numeric suffix, in declaration order, and reported.

use crate::hash::FxHashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// An item's two names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// Exactly as the SDL spells it; what goes on the wire.
    pub wire: String,
    /// The Rust identifier (possibly raw, `r#type`).
    pub rust: String,
}

impl Name {
    /// Whether the Rust name (without a raw prefix) differs from the wire name,
    /// i.e. whether generated code must map one to the other.
    pub fn needs_rename(&self) -> bool {
        self.rust.strip_prefix("r#").unwrap_or(&self.rust) != self.wire
    }
}

/// Names the scaffold template (`templates/resolvers.rs`) imports by name:
/// std's wrappers and the runtime's context and error. A named import wins
/// over the glob import of the generated types, so a schema type with one of
/// these names is reached as `types::<name>` ([`crate::TypeDef::scaffold_path`]).
pub const SCAFFOLD_IMPORTS: [&str; 7] = ["Box", "Option", "Result", "String", "Vec", "RequestContext", "ResolverError"];

/// The path the scaffold writes for a schema type named `rust`.
pub fn scaffold_path(rust: &str) -> String {
    if SCAFFOLD_IMPORTS.contains(&rust) { format!("types::{rust}") } else { rust.to_owned() }
}

/// Words a TypeScript type cannot be named (reserved words and the
/// predefined type names).
const TS_RESERVED: &[&str] = &[
    "any",
    "bigint",
    "boolean",
    "never",
    "null",
    "number",
    "object",
    "string",
    "symbol",
    "undefined",
    "unknown",
    "void",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "while",
    "with",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "type",
    "as",
    "async",
    "await",
    "declare",
    "infer",
    "is",
    "keyof",
    "module",
    "namespace",
    "readonly",
    "require",
    "satisfies",
];

/// A schema type's name in generated TypeScript: its wire name (GraphQL
/// names are TypeScript identifiers), `_`-suffixed when reserved.
pub fn ts_type_name(wire: &str) -> String {
    if TS_RESERVED.contains(&wire) { format!("{wire}_") } else { wire.to_owned() }
}

/// Names inherited from the Relay specification, which keep their camelCase.
pub const RELAY_NAMES: &[&str] =
    &["pageInfo", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "clientMutationId"];

/// Rust keywords (strict and reserved, edition 2024).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Makes `ident` usable as a Rust identifier.
pub fn escape_keyword(ident: String) -> String {
    if ident.is_empty() {
        return "_unnamed".to_owned();
    }
    if NOT_RAW.contains(&ident.as_str()) {
        return format!("{ident}_");
    }
    if KEYWORDS.contains(&ident.as_str()) {
        return format!("r#{ident}");
    }
    ident
}

/// The snake_case Rust identifier for a field or argument wire name.
pub fn field_ident(wire: &str) -> String {
    if is_plain_snake(wire) {
        return escape_keyword(wire.to_owned());
    }
    let snake = wire.to_snake_case();
    // heck drops leading underscores; keep one so `_id` and `id` stay distinct.
    let snake = if wire.starts_with('_') && !snake.starts_with('_') { format!("_{snake}") } else { snake };
    escape_keyword(snake)
}

/// The UpperCamelCase Rust identifier for a type or enum value wire name.
pub fn type_ident(wire: &str) -> String {
    if is_plain_camel(wire) {
        return escape_keyword(wire.to_owned());
    }
    let camel = wire.to_upper_camel_case();
    let camel = if camel.is_empty() { "Unnamed".to_owned() } else { camel };
    escape_keyword(camel)
}

/// Whether heck's snake_case leaves `wire` as it is, seen without running it:
/// words of ASCII lowercase letters and digits joined by single underscores.
/// (What the Admin API's wire names are, so most names take this path.)
fn is_plain_snake(wire: &str) -> bool {
    !wire.is_empty()
        && wire.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        && !wire.starts_with('_')
        && !wire.ends_with('_')
        && !wire.contains("__")
}

/// Whether heck's UpperCamelCase leaves `wire` as it is, seen without running
/// it: ASCII letters and digits, an uppercase letter first, and every other
/// uppercase letter right after a lowercase one (so each starts a word of
/// its own and no run of capitals gets lowercased).
fn is_plain_camel(wire: &str) -> bool {
    let b = wire.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.windows(2).all(|w| !w[1].is_ascii_uppercase() || w[0].is_ascii_lowercase())
}

/// Whether a field or argument name follows the schema convention (snake_case,
/// or one of the Relay names).
pub fn is_conventional_field_name(wire: &str) -> bool {
    RELAY_NAMES.contains(&wire) || wire.trim_start_matches('_').to_snake_case() == wire.trim_start_matches('_')
}

/// A set of Rust names in one scope (the types of a module, the fields of a
/// struct, the variants of an enum).
#[derive(Debug, Default)]
pub struct Namespace {
    taken: FxHashMap<String, String>,
}

/// What happened when a name was claimed in a [`Namespace`].
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The derived name was free.
    Free(String),
    /// The derived name was taken by the wire name `other`; `given` is the
    /// disambiguated name.
    Collided {
        /// The derived name that was taken.
        wanted: String,
        /// The disambiguated name given instead.
        given: String,
        /// The wire name that holds `wanted`.
        other: String,
    },
}

impl Claim {
    /// The Rust name given.
    pub fn name(&self) -> &str {
        match self {
            Claim::Free(n) => n,
            Claim::Collided { given, .. } => given,
        }
    }
}

impl Namespace {
    /// Adds every name of `other` if none of them is taken here (then the
    /// claims made in `other` give the names they would have given here,
    /// after this namespace's own); returns whether it did.
    pub fn absorb_disjoint(&mut self, other: Namespace) -> bool {
        if other.taken.keys().any(|k| self.taken.contains_key(k)) {
            return false;
        }
        self.taken.extend(other.taken);
        true
    }

    /// Claims `rust` for `wire`, or the first free `rust` + `sep` + n (n ≥ 2).
    pub fn claim(&mut self, wire: &str, rust: String, sep: &str) -> Claim {
        if !self.taken.contains_key(&rust) {
            self.taken.insert(rust.clone(), wire.to_owned());
            return Claim::Free(rust);
        }
        let other = self.taken[&rust].clone();
        let base = rust.strip_prefix("r#").unwrap_or(&rust);
        let given = (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|c| !self.taken.contains_key(c))
            .expect("an unbounded range always yields a free name");
        self.taken.insert(given.clone(), wire.to_owned());
        Claim::Collided { wanted: rust, given, other }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_keywords_escaped() {
        assert_eq!(field_ident("total_count"), "total_count");
        assert_eq!(field_ident("pageInfo"), "page_info");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("match"), "r#match");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("super"), "super_");
        assert_eq!(field_ident("crate"), "crate_");
        assert_eq!(field_ident("_id"), "_id");
        assert_eq!(field_ident("__typename"), "_typename");
    }

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_ident("UUID"), "Uuid");
        assert_eq!(type_ident("JSONString"), "JsonString");
        assert_eq!(type_ident("user_role"), "UserRole");
        assert_eq!(type_ident("BEFORE_VERIFICATION"), "BeforeVerification");
        assert_eq!(type_ident("superadmin"), "Superadmin");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("_"), "Unnamed");
    }

    #[test]
    fn relay_names_are_conventional() {
        for n in RELAY_NAMES {
            assert!(is_conventional_field_name(n), "{n}");
        }
        assert!(is_conventional_field_name("total_count"));
        assert!(is_conventional_field_name("_id"));
        assert!(!is_conventional_field_name("totalCount"));
        assert!(!is_conventional_field_name("Total"));
    }

    #[test]
    fn collisions_are_disambiguated_in_order_never_merged() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("foo_bar", "foo_bar".into(), "_"), Claim::Free("foo_bar".into()));
        let c = ns.claim("fooBar", "foo_bar".into(), "_");
        assert_eq!(c, Claim::Collided { wanted: "foo_bar".into(), given: "foo_bar_2".into(), other: "foo_bar".into() });
        assert_eq!(ns.claim("FOO_BAR", "foo_bar".into(), "_").name(), "foo_bar_3");
        let mut types = Namespace::default();
        types.claim("UUID", "Uuid".into(), "");
        assert_eq!(types.claim("Uuid", "Uuid".into(), "").name(), "Uuid2");
    }

    #[test]
    fn raw_collisions_get_plain_suffixes() {
        let mut ns = Namespace::default();
        ns.claim("type", "r#type".into(), "_");
        assert_eq!(ns.claim("Type", "r#type".into(), "_").name(), "type_2");
    }

    /// The shortcuts agree with heck on every string of up to six characters
    /// over letters of both cases, a digit, `_` and a non-ASCII letter.
    #[test]
    fn plain_shortcuts_agree_with_heck() {
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', 'é'];
        let mut words = vec![String::new()];
        let mut checked = 0;
        for _ in 0..6 {
            words = words.iter().flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}"))).collect();
            for w in &words {
                if is_plain_snake(w) {
                    assert_eq!(&w.to_snake_case(), w, "snake_case of {w:?}");
                    checked += 1;
                }
                if is_plain_camel(w) {
                    assert_eq!(&w.to_upper_camel_case(), w, "UpperCamelCase of {w:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "only {checked} strings took a shortcut");
        assert!(is_plain_snake("total_count") && !is_plain_snake("_id") && !is_plain_snake("a__b"));
        assert!(is_plain_camel("UserList") && !is_plain_camel("HTTPServer") && !is_plain_camel("A1B"));
    }

    #[test]
    fn needs_rename_ignores_raw_prefix() {
        assert!(!Name { wire: "type".into(), rust: "r#type".into() }.needs_rename());
        assert!(Name { wire: "pageInfo".into(), rust: "page_info".into() }.needs_rename());
    }
}
