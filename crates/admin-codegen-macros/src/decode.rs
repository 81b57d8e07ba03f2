//! `#[derive(__rt::Decode)]`: serde's `Deserialize` for a generated struct
//! of named fields or enum tagged by `__typename`, in a fraction of the code
//! serde's own derive writes.
//!
//! serde's derive writes, for every struct, a field enum with its own
//! `Deserialize` impl and visitor, a visitor with both `visit_seq` and
//! `visit_map`, and a missing-field check per field: on a schema of a few
//! hundred types that is most of the generated crate's type checking and
//! borrow checking. Generated structs need only the map form, so this derive
//! writes one function per struct: a loop that reads each key's index
//! (looked up by `__rt::de::Keys`: the field after the last one, else a
//! sorted table the macro builds) and its value, then the struct. A tagged
//! enum is read whole (`__rt::de::tagged`) and the variant its tag names is
//! decoded from that value. Everything else is generic code in the
//! runtime's `de` module.
//!
//! What it accepts of serde's attributes: `#[serde(crate = "..")]` on the
//! type (ignored: paths go through `__rt`), `#[serde(tag = "..")]` on an
//! enum, and on fields and variants `rename = ".."`, on fields `default` and
//! the serializing-only `skip_serializing_if = ..`. Anything else is
//! reported at its tokens, so that a type that needs more keeps serde's
//! derive. Behaviour is serde's: unknown keys are skipped, a repeated key is
//! a `duplicate field` error, a missing `Option` field is `None`, a missing
//! `default` field is its `Default`, any other missing field is a `missing
//! field` error, an unknown tag an `unknown variant` one. Unlike serde's
//! derive it does not accept a sequence in place of the map (no GraphQL or
//! JSON value is one).

use proc_macro::{Delimiter, Ident, Literal, TokenStream, TokenTree};

use crate::{Error, parse, span_of};

/// One field: its Rust name, its wire name, whether it defaults when missing.
struct Field {
    rust: String,
    wire: String,
    default: bool,
}

pub(crate) fn expand(item: TokenStream) -> Result<TokenStream, Error> {
    let tokens: Vec<TokenTree> = item.into_iter().collect();
    // Outer attributes: `#[serde(crate = ..)]` and, on an enum, `#[serde(tag = "..")]`.
    let (entries, mut i) = leading_serde(&tokens)?;
    let mut tag = None;
    for (key, value) in entries {
        match (key.to_string().as_str(), value.as_slice()) {
            ("crate", _) => {}
            ("tag", [TokenTree::Literal(l)]) => tag = Some(unquote(l)?),
            _ => return Err(unsupported(&key)),
        }
    }
    // Visibility, `struct` or `enum`, name, body.
    while let Some(TokenTree::Ident(id)) = tokens.get(i) {
        if id.to_string() == "struct" || id.to_string() == "enum" {
            break;
        }
        i += 1;
        if let Some(TokenTree::Group(g)) = tokens.get(i)
            && g.delimiter() == Delimiter::Parenthesis
        {
            i += 1;
        }
    }
    let Some(TokenTree::Ident(kw)) = tokens.get(i).filter(|t| t.to_string() == "struct" || t.to_string() == "enum")
    else {
        return Err((span_of(tokens.get(i)), "`Decode` derives for a struct with named fields".into()));
    };
    let is_enum = kw.to_string() == "enum";
    let name = match tokens.get(i + 1) {
        Some(TokenTree::Ident(name)) => name.clone(),
        _ => return Err((kw.span(), "expected the struct's name".into())),
    };
    let body = match tokens.get(i + 2) {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g.stream(),
        other => {
            return Err((span_of(other), "`Decode` derives for a struct with named fields and no generics".into()));
        }
    };
    if is_enum {
        let Some(tag) = tag else {
            return Err((kw.span(), "`Decode` derives for enums tagged with `#[serde(tag = \"..\")]`".into()));
        };
        return Ok(parse(&tagged(&name.to_string(), &tag, &variants(body)?)));
    }
    if let Some(tag) = tag {
        return Err((kw.span(), format!("`#[serde(tag = \"{tag}\")]` goes on an enum")));
    }
    let fields = fields(body)?;
    if fields.len() >= usize::from(u16::MAX) {
        return Err((name.span(), "too many fields for `Decode`".into()));
    }
    Ok(parse(&impls(&name.to_string(), &fields)))
}

/// The tokens `#` `[..]` at `i`, as the bracket's contents.
fn attribute_at(tokens: &[TokenTree], i: usize) -> Option<TokenStream> {
    match (tokens.get(i), tokens.get(i + 1)) {
        (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g)))
            if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
        {
            Some(g.stream())
        }
        _ => None,
    }
}

/// The serde entries of the attributes that start `tokens`, and the index
/// of the first token after them.
fn leading_serde(tokens: &[TokenTree]) -> Result<(Vec<Entry>, usize), Error> {
    let (mut entries, mut i) = (Vec::new(), 0);
    while let Some(attr) = attribute_at(tokens, i) {
        entries.extend(serde_entries(attr)?.unwrap_or_default());
        i += 2;
    }
    Ok((entries, i))
}

/// Whether a field of a struct's `{ .. }` body is `#[serde(flatten)]`.
pub(crate) fn flattens(body: TokenStream) -> bool {
    split_commas(body).iter().any(|field| {
        leading_serde(field).is_ok_and(|(entries, _)| entries.iter().any(|(key, _)| key.to_string() == "flatten"))
    })
}

/// The error for a serde attribute the derive does not handle.
fn unsupported(key: &Ident) -> Error {
    (key.span(), format!("`#[serde({key})]` is not supported by `Decode`"))
}

/// The wire name: the `rename`, else the Rust name without `r#`.
fn wire_name(rust: &str, rename: Option<String>) -> String {
    rename.unwrap_or_else(|| rust.trim_start_matches("r#").to_string())
}

/// A string literal's tokens.
fn quoted(s: &str) -> String {
    Literal::string(s).to_string()
}

/// One `key [= value]` entry of `serde(..)`: the key and the value's tokens.
type Entry = (Ident, Vec<TokenTree>);

/// The entries of `serde(..)`, or `None` for another attribute.
fn serde_entries(attr: TokenStream) -> Result<Option<Vec<Entry>>, Error> {
    let mut it = attr.into_iter();
    match it.next() {
        Some(TokenTree::Ident(i)) if i.to_string() == "serde" => {}
        _ => return Ok(None),
    }
    let inner = match it.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => g.stream(),
        other => return Err((span_of(other.as_ref()), "expected `serde(..)`".into())),
    };
    let mut entries = Vec::new();
    for entry in split_commas(inner) {
        let mut entry = entry.into_iter();
        match entry.next() {
            Some(TokenTree::Ident(key)) => entries.push((key, entry.skip(1).collect())),
            other => return Err((span_of(other.as_ref()), "expected a serde attribute".into())),
        }
    }
    Ok(Some(entries))
}

/// `tokens` split at the commas outside `<..>` (groups are single tokens).
fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0usize;
    for t in tokens {
        if let TokenTree::Punct(p) = &t {
            match p.as_char() {
                '<' => depth += 1,
                '>' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push(Vec::new());
                    continue;
                }
                _ => {}
            }
        }
        parts.last_mut().expect("starts with one part").push(t);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The fields of a `{ .. }` body, with what their serde attributes say.
fn fields(body: TokenStream) -> Result<Vec<Field>, Error> {
    let mut out = Vec::new();
    for tokens in split_commas(body) {
        let (entries, mut i) = leading_serde(&tokens)?;
        let (mut rename, mut default) = (None, false);
        for (key, value) in entries {
            match (key.to_string().as_str(), value.as_slice()) {
                ("rename", [TokenTree::Literal(l)]) => rename = Some(unquote(l)?),
                ("default", []) => default = true,
                ("skip_serializing_if", _) => {}
                _ => return Err(unsupported(&key)),
            }
        }
        // `pub`, `pub(crate)`, .. then the name and `:`.
        let mut name = None;
        while let Some(t) = tokens.get(i) {
            match t {
                TokenTree::Punct(p) if p.as_char() == ':' => break,
                TokenTree::Ident(id) => name = Some(id.clone()),
                _ => {}
            }
            i += 1;
        }
        let Some(name) = name.filter(|_| i < tokens.len()) else {
            return Err((span_of(tokens.first()), "`Decode` derives for a struct with named fields".into()));
        };
        let rust = name.to_string();
        out.push(Field { wire: wire_name(&rust, rename), rust, default });
    }
    Ok(out)
}

/// The variants of a tagged enum's `{ .. }` body: Rust name and wire name.
/// Each holds one value (`Name(Type)`), decoded from the whole map.
fn variants(body: TokenStream) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for tokens in split_commas(body) {
        let (entries, i) = leading_serde(&tokens)?;
        let mut rename = None;
        for (key, value) in entries {
            match (key.to_string().as_str(), value.as_slice()) {
                ("rename", [TokenTree::Literal(l)]) => rename = Some(unquote(l)?),
                _ => return Err(unsupported(&key)),
            }
        }
        match (tokens.get(i), tokens.get(i + 1), tokens.len() == i + 2) {
            (Some(TokenTree::Ident(name)), Some(TokenTree::Group(g)), true)
                if g.delimiter() == Delimiter::Parenthesis =>
            {
                let rust = name.to_string();
                let wire = wire_name(&rust, rename);
                out.push((rust, wire));
            }
            _ => return Err((span_of(tokens.get(i)), "a tagged enum's variants hold one value: `Name(Type)`".into())),
        }
    }
    Ok(out)
}

/// The `Deserialize` impl of a tagged enum, as text: the map is read whole,
/// and the variant its tag names is decoded from it.
fn tagged(name: &str, tag: &str, variants: &[(String, String)]) -> String {
    let names: Vec<String> = variants.iter().map(|(_, wire)| quoted(wire)).collect();
    let arms: String = variants
        .iter()
        .map(|(rust, wire)| format!("{} => __rt::operation::decode(__value).map(Self::{rust}),\n", quoted(wire)))
        .collect();
    format!(
        "impl<'de> __rt::Deserialize<'de> for {name} {{
            fn deserialize<__D: __rt::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {{
                const VARIANTS: &[&str] = &[{names}];
                let (__tag, __value) = __rt::de::tagged(__d, {name_lit}, {tag_lit})?;
                match __tag.as_str() {{
                    {arms}
                    _ => ::core::result::Result::Err(
                        <__D::Error as __rt::serde::de::Error>::unknown_variant(&__tag, VARIANTS),
                    ),
                }}
            }}
        }}",
        names = names.join(", "),
        name_lit = quoted(name),
        tag_lit = quoted(tag),
    )
}

/// The text of a string literal (generated names need no escapes).
fn unquote(l: &Literal) -> Result<String, Error> {
    let text = l.to_string();
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Ok(inner.to_string()),
        _ => Err((l.span(), "expected a plain string".into())),
    }
}

/// The `Deserialize` and `__rt::de::Object` impls, as text.
fn impls(name: &str, fields: &[Field]) -> String {
    let names: Vec<String> = fields.iter().map(|f| quoted(&f.wire)).collect();
    let mut keys: Vec<(&str, usize)> = fields.iter().enumerate().map(|(i, f)| (f.wire.as_str(), i)).collect();
    keys.sort_unstable();
    let keys: Vec<String> = keys.iter().map(|(k, i)| format!("({}, {i})", quoted(k))).collect();
    let mut slots = String::new();
    let mut arms = String::new();
    let mut build = String::new();
    for (i, f) in fields.iter().enumerate() {
        let wire = quoted(&f.wire);
        slots.push_str(&format!("let mut __f{i} = ::core::option::Option::None;\n"));
        arms.push_str(&format!("{i} => __rt::de::next(&mut __f{i}, &mut __map, {wire})?,\n"));
        if f.default {
            build.push_str(&format!("{}: __f{i}.unwrap_or_default(),\n", f.rust));
        } else {
            build.push_str(&format!("{}: __rt::de::take(__f{i}, {wire})?,\n", f.rust));
        }
    }
    format!(
        "impl<'de> __rt::Deserialize<'de> for {name} {{
            fn deserialize<__D: __rt::serde::Deserializer<'de>>(__d: __D) -> ::core::result::Result<Self, __D::Error> {{
                __rt::de::object(__d)
            }}
        }}
        impl __rt::de::Object for {name} {{
            const NAME: &'static str = {name_lit};
            const FIELDS: &'static [&'static str] = &[{names}];
            const KEYS: &'static [(&'static str, u16)] = &[{keys}];
            fn visit<'de, __A: __rt::serde::de::MapAccess<'de>>(mut __map: __A) -> ::core::result::Result<Self, __A::Error> {{
                {slots}
                let mut __keys = __rt::de::Keys::of::<Self>();
                while let ::core::option::Option::Some(__i) = __keys.next(&mut __map)? {{
                    match __i {{
                        {arms}
                        _ => __rt::de::skip(&mut __map)?,
                    }}
                }}
                ::core::result::Result::Ok(Self {{ {build} }})
            }}
        }}",
        name_lit = quoted(name),
        names = names.join(", "),
        keys = keys.join(", "),
    )
}
