//! The macros generated modules use: `#[__rt::args]`, the attribute on the
//! arguments structs of server modules, and `#[derive(__rt::Decode)]`, a
//! compact `Deserialize` for generated structs (see [`Decode`]).
//!
//! ## `#[__rt::args]`
//!
//! A generated module states, for each struct, only what the IR decided: the
//! field's coordinate, the list's name table, and which fields hold
//! `filter`/`order`. The attribute spells the rest, which would otherwise be
//! repeated on every one of a large schema's hundreds of structs:
//!
//! ```ignore
//! #[__rt::args("Queries.user_list", __FIELDS_0)]
//! pub struct QueriesUserListArgs {
//!     #[serde(flatten)]
//!     pub page: __rt::OffsetPageRequest,
//!     #[args(filter)]
//!     pub filter: __rt::Option<__rt::query::Filter>,
//!     #[args(order)]
//!     pub order: __rt::query::Order,
//! }
//! ```
//!
//! expands to
//!
//! ```ignore
//! /// Arguments of `Queries.user_list`.
//! #[derive(Debug, Clone, PartialEq, __rt::Deserialize)]
//! #[serde(crate = "__rt::serde")]
//! pub struct QueriesUserListArgs {
//!     #[serde(flatten)]
//!     pub page: __rt::OffsetPageRequest,
//!     #[serde(default, deserialize_with = "__rt::query::de_filter::<_, QueriesUserListArgs>")]
//!     pub filter: __rt::Option<__rt::query::Filter>,
//!     #[serde(default, deserialize_with = "__rt::query::de_order::<_, QueriesUserListArgs>")]
//!     pub order: __rt::query::Order,
//! }
//! __rt::__list_spec!(QueriesUserListArgs "Queries.user_list" __FIELDS_0);
//! ```
//!
//! Paths go through `__rt`, the alias every generated module gives
//! `admin_codegen_runtime::codegen` (the attribute is written `__rt::args`,
//! so the alias is in scope wherever it is used). The crate has no
//! dependencies, so it adds little to a build. Mistakes are reported with
//! `compile_error!` at the offending tokens; only generated code is expected
//! to use the attribute.

#![warn(missing_docs)]

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

mod decode;

/// The attribute on a generated arguments struct: `#[args("Type.field")]`,
/// or `#[args("Type.field", TABLE)]` for a list whose `filter`/`order`
/// names are the `__list_fields!` table `TABLE`. See the crate docs.
#[proc_macro_attribute]
pub fn args(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand(attr, item) {
        Ok(tokens) => tokens,
        Err((span, message)) => compile_error(span, &message),
    }
}

/// serde's `Deserialize` for a generated struct of named fields, written
/// as one function per struct over the runtime's `de` module instead of
/// serde's field enum and two visitors, or for an enum tagged with
/// `#[serde(tag = "..")]`, read whole and decoded as the variant its tag
/// names. Accepts `rename` on fields and variants, `default` and
/// `skip_serializing_if` on fields, `crate` and `tag` on the type; reports
/// anything else.
#[proc_macro_derive(Decode, attributes(serde))]
pub fn decode(item: TokenStream) -> TokenStream {
    match decode::expand(item) {
        Ok(tokens) => tokens,
        Err((span, message)) => compile_error(span, &message),
    }
}

type Error = (Span, String);

fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream, Error> {
    let (coordinate, table) = parse_attr(attr)?;
    let mut tokens: Vec<TokenTree> = item.into_iter().collect();
    let name = struct_name(&tokens)?;
    let Some(TokenTree::Group(body)) = tokens.last_mut() else {
        return Err((name.span(), "expected a struct with named fields".into()));
    };
    if body.delimiter() != Delimiter::Brace {
        return Err((body.span(), "expected a struct with named fields".into()));
    }
    let fields = rewrite_fields(body.stream(), &name.to_string())?;
    // serde's derive for the lists (their page is flattened), the compact one for the rest.
    let de = if decode::flattens(fields.clone()) { "__rt::Deserialize" } else { "__rt::Decode" };
    *body = Group::new(Delimiter::Brace, fields);

    let mut out = TokenStream::new();
    let coordinate_text = coordinate.to_string();
    let doc = format!(" Arguments of `{}`.", coordinate_text.trim_matches('"'));
    out.extend(attribute(parse(&format!("doc = {}", Literal::string(&doc)))));
    out.extend(attribute(parse(&format!("derive(Debug, Clone, PartialEq, {de})"))));
    out.extend(attribute(parse("serde(crate = \"__rt::serde\")")));
    out.extend(tokens);
    if let Some(table) = table {
        out.extend(parse(&format!("__rt::__list_spec!({name} {coordinate_text} {table});")));
    }
    Ok(out)
}

/// `"Type.field"` and an optional `, TABLE`.
fn parse_attr(attr: TokenStream) -> Result<(Literal, Option<Ident>), Error> {
    let mut it = attr.into_iter();
    let coordinate = match it.next() {
        Some(TokenTree::Literal(l)) if l.to_string().starts_with('"') => l,
        other => {
            return Err((span_of(other.as_ref()), "expected the field's coordinate, as in `\"Query.users\"`".into()));
        }
    };
    let table = match it.next() {
        None => None,
        Some(TokenTree::Punct(p)) if p.as_char() == ',' => match it.next() {
            Some(TokenTree::Ident(table)) => Some(table),
            None => None,
            other => return Err((span_of(other.as_ref()), "expected the name of a `__list_fields!` table".into())),
        },
        other => return Err((span_of(other.as_ref()), "expected `,` and a table name".into())),
    };
    if let Some(extra) = it.next() {
        return Err((extra.span(), "unexpected tokens after the table name".into()));
    }
    Ok((coordinate, table))
}

/// The identifier after `struct`.
fn struct_name(tokens: &[TokenTree]) -> Result<Ident, Error> {
    let mut it = tokens.iter();
    while let Some(t) = it.next() {
        if let TokenTree::Ident(i) = t
            && i.to_string() == "struct"
        {
            if let Some(TokenTree::Ident(name)) = it.next() {
                return Ok(name.clone());
            }
            return Err((i.span(), "expected the struct's name".into()));
        }
    }
    Err((Span::call_site(), "`#[args]` goes on a struct".into()))
}

/// The fields with `#[args(filter)]` / `#[args(order)]` replaced by their
/// serde attributes; every other token is kept as it is.
fn rewrite_fields(body: TokenStream, name: &str) -> Result<TokenStream, Error> {
    let tokens: Vec<TokenTree> = body.into_iter().collect();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < tokens.len() {
        if let (TokenTree::Punct(p), Some(TokenTree::Group(g))) = (&tokens[i], tokens.get(i + 1))
            && p.as_char() == '#'
            && g.delimiter() == Delimiter::Bracket
            && let Some(which) = args_marker(g)?
        {
            let with = format!("__rt::query::de_{which}::<_, {name}>");
            out.extend(attribute(parse(&format!("serde(default, deserialize_with = {})", Literal::string(&with)))));
            i += 2;
            continue;
        }
        out.extend([tokens[i].clone()]);
        i += 1;
    }
    Ok(out)
}

/// `Some("filter")` for `[args(filter)]`, `Some("order")` for `[args(order)]`,
/// `None` for any other attribute.
fn args_marker(attr: &Group) -> Result<Option<&'static str>, Error> {
    let mut it = attr.stream().into_iter();
    match it.next() {
        Some(TokenTree::Ident(i)) if i.to_string() == "args" => {}
        _ => return Ok(None),
    }
    let inner = match it.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => g,
        other => return Err((span_of(other.as_ref()), "expected `args(filter)` or `args(order)`".into())),
    };
    let which: Vec<String> = inner.stream().into_iter().map(|t| t.to_string()).collect();
    match which.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["filter"] => Ok(Some("filter")),
        ["order"] => Ok(Some("order")),
        _ => Err((inner.span(), "expected `args(filter)` or `args(order)`".into())),
    }
}

/// `#[tokens]`.
fn attribute(tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    out.extend([
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Bracket, tokens)),
    ]);
    out
}

fn parse(text: &str) -> TokenStream {
    text.parse().expect("the attribute's own tokens parse")
}

fn span_of(t: Option<&TokenTree>) -> Span {
    t.map_or_else(Span::call_site, TokenTree::span)
}

/// `compile_error!("message")` at `span`.
fn compile_error(span: Span, message: &str) -> TokenStream {
    let mut text = Literal::string(message);
    text.set_span(span);
    let mut args = Group::new(Delimiter::Parenthesis, TokenTree::Literal(text).into());
    args.set_span(span);
    let mut out: TokenStream = parse("::core::compile_error!")
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect();
    out.extend([TokenTree::Group(args), TokenTree::Punct(Punct::new(';', Spacing::Alone))]);
    out
}
