//! `client.rs`: one marker type per operation implementing the runtime's
//! `Operation` (and `OffsetPaged`/`RelayPaged` when it pages), its variables
//! struct, and one response type per selection.
//!
//! Schema types (enums, input objects, scalars) are not repeated: they are
//! referred to as `super::types::…`, and every name here comes from the IR.

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::docs::doc_lines;
use crate::text::{self, Lines, Piece, string_literal};
use crate::types::{Cx, FieldText, SKIP_ABSENT, close, open_struct};
use crate::{EmitError, ident, runtime_import};

/// The module's opening: its docs, lints and imports.
pub(crate) fn header() -> TokenStream {
    let import = runtime_import();
    quote! {
        //! Client operations: one type per operation in the configured documents, with
        //! its variables and response types. Run them with
        //! `admin_codegen_runtime::client::Client::execute`.
        #![allow(deprecated, clippy::all, clippy::pedantic)]
        #import
    }
}

/// The items of one operation: its marker type and impls, its variables
/// struct and its response shapes. Operations are emitted in chunks,
/// formatted in parallel like the types module. The structs (variables,
/// struct shapes) are written as text where that is exact (see `text`) and
/// built as syn values otherwise (see `syntax`); the rest goes through `quote!`.
pub(crate) fn items(cx: &mut Cx, op: &OperationDef) -> Result<Vec<Piece>, EmitError> {
    let mut items = Vec::new();
    match cx.fast.then(|| operation_text(op)).flatten() {
        Some(text) => {
            items.push(Piece::Text(text));
            if op.page.is_some() {
                items.extend(cx.text_or(|cx| page_text(cx, op), |cx| parse_items(page(cx, op)?))?);
            }
        }
        None => {
            let (head, page) = (operation(op), page(cx, op)?);
            items.extend(parse_items(quote!(#head #page))?);
        }
    }
    items.extend(cx.text_or(|cx| variables_text(cx, op), |cx| Ok([Piece::from(variables(cx, op)?)]))?);
    for shape in &op.shapes {
        items.extend(match &shape.kind {
            ShapeKind::Struct(fields) => cx.text_or(
                |cx| struct_shape_text(cx, op, shape, fields),
                |cx| Ok(vec![Piece::from(struct_shape(cx, op, shape, fields)?)]),
            )?,
            ShapeKind::Enum { variants, other, other_variant } => cx.text_or(
                |_| enum_shape_text(op, shape, variants, *other, other_variant),
                |_| parse_items(enum_shape(op, shape, variants, *other, other_variant)),
            )?,
        });
    }
    Ok(items)
}

fn parse_items(tokens: TokenStream) -> Result<impl Iterator<Item = Piece>, EmitError> {
    Ok(crate::parse_file(tokens)?.items.into_iter().map(Piece::from))
}

/// The first line of an operation's docs.
fn summary(op: &OperationDef) -> String {
    let kind = match op.kind {
        OperationKind::Query => "query",
        OperationKind::Mutation => "mutation",
    };
    format!(" `{kind} {}` from `{}`.", op.name.wire, op.source)
}

/// [`operation`] as text.
fn operation_text(op: &OperationDef) -> Option<String> {
    let mut l = Lines::new();
    l.doc(0, &summary(op));
    l.doc(0, "");
    l.doc(0, " ```graphql");
    for line in op.document.lines() {
        l.doc(0, &format!("     {line}"));
    }
    l.doc(0, " ```");
    let name = &op.name.rust;
    l.line(0, &["#[derive(Debug, Clone, Copy, PartialEq, Eq)]"]);
    l.line(0, &["pub struct ", name, ";"]);
    l.line(0, &["impl __rt::operation::Operation for ", name, " {"]);
    l.line(4, &["type Variables = ", &op.variables_type, ";"]);
    l.line(4, &["type Response = ", &op.shapes[0].rust, ";"]);
    l.unbroken(4, &["const NAME: &'static str = ", &string_literal(&op.name.wire), ";"]);
    l.unbroken(4, &["const DOCUMENT: &'static str = ", &string_literal(&op.document), ";"]);
    let kind = match op.kind {
        OperationKind::Query => "Query",
        OperationKind::Mutation => "Mutation",
    };
    l.unbroken(4, &["const KIND: __rt::operation::OperationKind = __rt::operation::OperationKind::", kind, ";"]);
    if op.payloads.is_empty() {
        l.unbroken(4, &["const PAYLOADS: &'static [__rt::operation::PayloadKeys] = &[];"]);
    } else {
        // Never one line: the line's start and one payload are past the margin.
        l.unbroken(4, &["const PAYLOADS: &'static [__rt::operation::PayloadKeys] = &["]);
        for p in &op.payloads {
            let msg = option(p.msg.as_deref());
            let fields = [
                ("root", string_literal(&p.root)),
                ("field", string_literal(&p.field)),
                ("ok", string_literal(&p.ok)),
                ("msg", msg),
            ];
            text::struct_literal(&mut l, 8, "", "__rt::operation::PayloadKeys", &fields, ",");
        }
        l.line(4, &["];"]);
    }
    l.line(0, &["}"]);
    l.finish()
}

/// `::std::option::Option::Some("<value>")` or `::std::option::Option::None`.
fn option(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("::std::option::Option::Some({})", string_literal(v)),
        None => "::std::option::Option::None".to_owned(),
    }
}

/// [`page`] as text, for an operation that pages.
fn page_text(cx: &mut Cx, op: &OperationDef) -> Option<String> {
    let mut l = Lines::new();
    let name = &op.name.rust;
    let s = |v: &str| string_literal(v);
    let (kind, item, fields) = match op.page.as_ref()? {
        OperationPage::Offset { root, items, total, limit, offset, item } => {
            let total = option(total.as_deref());
            let fields = vec![
                ("root", s(root)),
                ("items", s(items)),
                ("total", total),
                ("limit", s(limit)),
                ("offset", s(offset)),
            ];
            ("Offset", item, fields)
        }
        OperationPage::Relay { root, edges, node, page_info, has_next_page, end_cursor, first, after, item } => {
            let fields = vec![
                ("root", s(root)),
                ("edges", s(edges)),
                ("node", s(node)),
                ("page_info", s(page_info)),
                ("has_next_page", s(has_next_page)),
                ("end_cursor", s(end_cursor)),
                ("first", s(first)),
                ("after", s(after)),
            ];
            ("Relay", item, fields)
        }
    };
    let item = cx.type_text(item, "Option", Held::Value)?;
    l.line(0, &["impl __rt::operation::", kind, "Paged for ", name, " {"]);
    l.line(4, &["type Item = ", &item, ";"]);
    let (lead, path) = (format!("const PAGE: __rt::operation::{kind}Page = "), format!("__rt::operation::{kind}Page"));
    text::struct_literal(&mut l, 4, &lead, &path, &fields, ";");
    l.line(0, &["}"]);
    l.finish()
}

/// [`enum_shape`] as text.
fn enum_shape_text(
    op: &OperationDef,
    shape: &Shape,
    variants: &[ShapeVariant],
    other: usize,
    other_variant: &str,
) -> Option<String> {
    let mut l = Lines::new();
    let name = &shape.rust;
    l.doc(0, &shape_doc(op, shape));
    l.line(0, &["#[derive(Debug, Clone, PartialEq, __rt::Serialize)]"]);
    l.line(0, &["#[serde(crate = \"__rt::serde\", untagged)]"]);
    l.line(0, &["pub enum ", name, " {"]);
    for v in variants {
        l.doc(4, &format!(" `__typename: \"{}\"`.", v.name.wire));
        l.line(4, &[&v.name.rust, "(", &op.shapes[v.shape].rust, "),"]);
    }
    l.line(4, &["/// Any other type: the fields selected on every type."]);
    l.line(4, &[other_variant, "(", &op.shapes[other].rust, "),"]);
    l.line(0, &["}"]);
    l.line(0, &["impl<'de> __rt::Deserialize<'de> for ", name, " {"]);
    l.line(4, &["fn deserialize<D: __rt::serde::Deserializer<'de>>("]);
    l.line(8, &["deserializer: D,"]);
    l.line(4, &[") -> ::std::result::Result<Self, D::Error> {"]);
    l.line(8, &["let (typename, value) = __rt::operation::typename_value(deserializer)?;"]);
    l.line(8, &["match typename.as_str() {"]);
    for v in variants {
        l.line(
            12,
            &[&string_literal(&v.name.wire), " => __rt::operation::decode(value).map(Self::", &v.name.rust, "),"],
        );
    }
    l.line(12, &["_ => __rt::operation::decode(value).map(Self::", other_variant, "),"]);
    l.line(8, &["}"]);
    l.line(4, &["}"]);
    l.line(0, &["}"]);
    l.finish()
}

/// [`variables`] as text.
fn variables_text(cx: &mut Cx, op: &OperationDef) -> Option<String> {
    let mut l = Lines::new();
    l.doc(0, &format!(" Variables of `{}`.", op.name.wire));
    let derives = cx.derive_texts();
    let all_optional = op.variables.iter().all(|v| !v.ty.is_non_null());
    l.raw(if all_optional { &derives.default } else { &derives.data });
    open_struct(&mut l, &op.variables_type, op.variables.is_empty());
    for v in &op.variables {
        let ty = cx.type_text(&v.ty, "Maybe", Held::Value);
        let docs = vec![variable_doc(v)];
        let attrs: &[&str] = if v.ty.is_non_null() { &[] } else { &[SKIP_ABSENT] };
        cx.field_text(&mut l, FieldText { docs, deprecation: None, name: &v.name, attrs, ty })?;
    }
    close(&mut l, op.variables.is_empty());
    l.finish()
}

/// [`struct_shape`] as text.
fn struct_shape_text(cx: &mut Cx, op: &OperationDef, shape: &Shape, fields: &[ShapeField]) -> Option<String> {
    let mut l = Lines::new();
    l.doc(0, &shape_doc(op, shape));
    l.raw(&cx.derive_texts().data);
    open_struct(&mut l, &shape.rust, fields.is_empty());
    for f in fields {
        let ty = cx.type_text(&f.ty, "Option", Held::Value);
        let docs = doc_lines(f.description.as_deref(), &[]);
        let attrs: &[&str] = if f.ty.is_non_null() { &[] } else { &["#[serde(default)]"] };
        cx.field_text(&mut l, FieldText { docs, deprecation: None, name: &f.name, attrs, ty })?;
    }
    close(&mut l, fields.is_empty());
    l.finish()
}

fn shape_doc(op: &OperationDef, shape: &Shape) -> String {
    format!(" `{}` selection of `{}`.", shape.on_type, op.name.wire)
}

fn variable_doc(v: &InputValue) -> String {
    let wire = &v.name.wire;
    match &v.default {
        Some(d) => format!(" `${wire}: {}` (default `{d}`).", v.ty.to_graphql()),
        None => format!(" `${wire}: {}`.", v.ty.to_graphql()),
    }
}

/// The marker type and its `Operation` impl.
fn operation(op: &OperationDef) -> TokenStream {
    let name = ident(&op.name.rust);
    let (variables, response) = (ident(&op.variables_type), ident(&op.shapes[0].rust));
    let (wire, document) = (&op.name.wire, &op.document);
    let kind = match op.kind {
        OperationKind::Query => quote!(__rt::operation::OperationKind::Query),
        OperationKind::Mutation => quote!(__rt::operation::OperationKind::Mutation),
    };
    let doc = summary(op);
    let text_doc = document.lines().map(|l| format!("     {l}")).collect::<Vec<_>>();
    let payloads = op.payloads.iter().map(|p| {
        let (root, field, ok) = (&p.root, &p.field, &p.ok);
        let msg = match &p.msg {
            Some(m) => quote!(::std::option::Option::Some(#m)),
            None => quote!(::std::option::Option::None),
        };
        quote!(__rt::operation::PayloadKeys { root: #root, field: #field, ok: #ok, msg: #msg })
    });
    quote! {
        #[doc = #doc]
        ///
        /// ```graphql
        #(#[doc = #text_doc])*
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #name;

        impl __rt::operation::Operation for #name {
            type Variables = #variables;
            type Response = #response;
            const NAME: &'static str = #wire;
            const DOCUMENT: &'static str = #document;
            const KIND: __rt::operation::OperationKind = #kind;
            const PAYLOADS: &'static [__rt::operation::PayloadKeys] = &[#(#payloads),*];
        }
    }
}

/// `OffsetPaged` or `RelayPaged`, when the operation pages.
fn page(cx: &mut Cx, op: &OperationDef) -> Result<TokenStream, EmitError> {
    let name = ident(&op.name.rust);
    Ok(match &op.page {
        None => quote!(),
        Some(OperationPage::Offset { root, items, total, limit, offset, item }) => {
            let item = cx.type_ref(item, "Option", Held::Value)?;
            let total = match total {
                Some(t) => quote!(::std::option::Option::Some(#t)),
                None => quote!(::std::option::Option::None),
            };
            quote! {
                impl __rt::operation::OffsetPaged for #name {
                    type Item = #item;
                    const PAGE: __rt::operation::OffsetPage = __rt::operation::OffsetPage {
                        root: #root, items: #items, total: #total, limit: #limit, offset: #offset,
                    };
                }
            }
        }
        Some(OperationPage::Relay { root, edges, node, page_info, has_next_page, end_cursor, first, after, item }) => {
            let item = cx.type_ref(item, "Option", Held::Value)?;
            quote! {
                impl __rt::operation::RelayPaged for #name {
                    type Item = #item;
                    const PAGE: __rt::operation::RelayPage = __rt::operation::RelayPage {
                        root: #root, edges: #edges, node: #node, page_info: #page_info,
                        has_next_page: #has_next_page, end_cursor: #end_cursor, first: #first, after: #after,
                    };
                }
            }
        }
    })
}

fn variables(cx: &mut Cx, op: &OperationDef) -> Result<syn::Item, EmitError> {
    use crate::syntax::{doc, named_field};
    let skip = crate::types::skip_absent();
    let fields = op
        .variables
        .iter()
        .map(|v| {
            let ty = cx.type_ref(&v.ty, "Maybe", Held::Value)?;
            let mut attrs = vec![doc(&variable_doc(v))];
            attrs.extend(crate::types::rename(&v.name));
            if !v.ty.is_non_null() {
                attrs.push(skip.clone());
            }
            Ok(named_field(attrs, &v.name.rust, ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let mut attrs = vec![doc(&format!(" Variables of `{}`.", op.name.wire))];
    attrs.extend(cx.input_derives(op.variables.iter().all(|v| !v.ty.is_non_null())).iter().cloned());
    Ok(crate::syntax::item_struct(attrs, &op.variables_type, fields))
}

fn struct_shape(cx: &mut Cx, op: &OperationDef, shape: &Shape, fields: &[ShapeField]) -> Result<syn::Item, EmitError> {
    use crate::syntax::{doc, list_attr, named_field};
    let fields = fields
        .iter()
        .map(|f| {
            let ty = cx.type_ref(&f.ty, "Option", Held::Value)?;
            let mut attrs = crate::docs::doc_attrs(f.description.as_deref(), &[]);
            attrs.extend(crate::types::rename(&f.name));
            // A field skipped with @skip/@include is absent from the response.
            if !f.ty.is_non_null() {
                attrs.push(list_attr("serde", quote!(default)));
            }
            Ok(named_field(attrs, &f.name.rust, ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let mut attrs = vec![doc(&shape_doc(op, shape))];
    attrs.extend(cx.data_derives.iter().cloned());
    Ok(crate::syntax::item_struct(attrs, &shape.rust, fields))
}

fn enum_shape(
    op: &OperationDef,
    shape: &Shape,
    variants: &[ShapeVariant],
    other: usize,
    other_variant: &str,
) -> TokenStream {
    let name = ident(&shape.rust);
    let doc = format!(" `{}` selection of `{}`.", shape.on_type, op.name.wire);
    let other_ty = ident(&op.shapes[other].rust);
    let other_variant = ident(other_variant);
    let decls = variants.iter().map(|v| {
        let (variant, ty) = (ident(&v.name.rust), ident(&op.shapes[v.shape].rust));
        let doc = format!(" `__typename: \"{}\"`.", v.name.wire);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let arms = variants.iter().map(|v| {
        let (variant, wire) = (ident(&v.name.rust), &v.name.wire);
        quote!(#wire => __rt::operation::decode(value).map(Self::#variant),)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, __rt::Serialize)]
        #[serde(crate = "__rt::serde", untagged)]
        pub enum #name {
            #(#decls)*
            /// Any other type: the fields selected on every type.
            #other_variant(#other_ty),
        }

        impl<'de> __rt::Deserialize<'de> for #name {
            fn deserialize<D: __rt::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let (typename, value) = __rt::operation::typename_value(deserializer)?;
                match typename.as_str() {
                    #(#arms)*
                    _ => __rt::operation::decode(value).map(Self::#other_variant),
                }
            }
        }
    }
}
