//! `client.rs`: one marker type per operation implementing the runtime's
//! `Operation` (and `OffsetPaged`/`RelayPaged` when it pages), its variables
//! struct, and one response type per selection.
//!
//! Schema types (enums, input objects, scalars) are not repeated: they are
//! referred to as `super::types::…`, and every name here comes from the IR.

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::types::Cx;
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
/// struct shapes) are built as syn values (see `syntax`); the rest goes
/// through `quote!`.
pub(crate) fn items(cx: &mut Cx, op: &OperationDef) -> Result<Vec<syn::Item>, EmitError> {
    let mut items = parse_items(operation(cx, op)?)?;
    items.push(variables(cx, op)?);
    for shape in &op.shapes {
        match &shape.kind {
            ShapeKind::Struct(fields) => items.push(struct_shape(cx, op, shape, fields)?),
            ShapeKind::Enum { variants, other, other_variant } => {
                items.extend(parse_items(enum_shape(op, shape, variants, *other, other_variant))?)
            }
        }
    }
    Ok(items)
}

fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, EmitError> {
    Ok(crate::parse_file(tokens)?.items)
}

fn operation(cx: &mut Cx, op: &OperationDef) -> Result<TokenStream, EmitError> {
    let name = ident(&op.name.rust);
    let (variables, response) = (ident(&op.variables_type), ident(&op.shapes[0].rust));
    let (wire, document) = (&op.name.wire, &op.document);
    let (kind, kind_word) = match op.kind {
        OperationKind::Query => (quote!(__rt::operation::OperationKind::Query), "query"),
        OperationKind::Mutation => (quote!(__rt::operation::OperationKind::Mutation), "mutation"),
    };
    let doc = format!(" `{kind_word} {wire}` from `{}`.", op.source);
    let text_doc = document.lines().map(|l| format!("     {l}")).collect::<Vec<_>>();
    let payloads = op.payloads.iter().map(|p| {
        let (root, field, ok) = (&p.root, &p.field, &p.ok);
        let msg = match &p.msg {
            Some(m) => quote!(::std::option::Option::Some(#m)),
            None => quote!(::std::option::Option::None),
        };
        quote!(__rt::operation::PayloadKeys { root: #root, field: #field, ok: #ok, msg: #msg })
    });
    let page = match &op.page {
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
    };
    Ok(quote! {
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

        #page
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
            let wire = &v.name.wire;
            let line = match &v.default {
                Some(d) => format!(" `${wire}: {}` (default `{d}`).", v.ty.to_graphql()),
                None => format!(" `${wire}: {}`.", v.ty.to_graphql()),
            };
            let mut attrs = vec![doc(&line)];
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
    let mut attrs = vec![doc(&format!(" `{}` selection of `{}`.", shape.on_type, op.name.wire))];
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
