//! The server's part of the `filter`/`order` languages: each list field's
//! spec as a `Spec` impl on its arguments struct, and a `Record` impl for
//! every object item type, so the runtime can check requests and evaluate
//! filters in memory. Everything comes from the IR's `ListQuery`.

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::ident;

/// The arguments struct attributes and type of `filter` / `order`, when the
/// field's spec covers that argument.
pub(crate) fn arg_override(
    q: &ListQuery,
    args_type: &proc_macro2::Ident,
    wire: &str,
) -> Option<(TokenStream, TokenStream)> {
    match wire {
        "filter" if q.filter => {
            let with = format!("__rt::query::de_filter::<_, {args_type}>");
            Some((quote!(#[serde(default, deserialize_with = #with)]), quote!(__rt::Option<__rt::query::Filter>)))
        }
        "order" if q.order => {
            let with = format!("__rt::query::de_order::<_, {args_type}>");
            Some((quote!(#[serde(default, deserialize_with = #with)]), quote!(__rt::query::Order)))
        }
        _ => None,
    }
}

/// `impl Spec for <Args>`: the list's names as static data.
pub(crate) fn spec_impl(q: &ListQuery, args_type: &proc_macro2::Ident) -> TokenStream {
    let list = &q.list;
    let fields = q.fields.iter().map(|f| {
        let name = &f.name;
        let kind = match &f.kind {
            QueryKind::Int => quote!(Int),
            QueryKind::BigInt => quote!(BigInt),
            QueryKind::Float => quote!(Float),
            QueryKind::String => quote!(String),
            QueryKind::Bool => quote!(Bool),
            QueryKind::Uuid => quote!(Uuid),
            QueryKind::DateTime => quote!(DateTime),
            QueryKind::Enum(name, values) => quote!(Enum(#name, &[#(#values),*])),
        };
        let storage = match &f.storage {
            QueryStorage::Column(c) => quote!(Column(#c)),
            QueryStorage::Json { column, key } => quote!(Json { column: #column, key: #key }),
            QueryStorage::Array(c) => quote!(Array(#c)),
        };
        let order = f.order;
        let member = match f.member {
            Some(m) => {
                let m = proc_macro2::Literal::u16_unsuffixed(m as u16);
                quote!(O::Some(#m))
            }
            None => quote!(O::None),
        };
        quote!(F::new(#name, K::#kind, S::#storage, #order, #member),)
    });
    let doc = format!(" The names `{list}` may be filtered and ordered by.");
    quote! {
        impl __rt::query::Spec for #args_type {
            #[doc = #doc]
            const SPEC: &'static __rt::query::ListSpec = {
                use __rt::Option as O;
                use __rt::query::{FieldSpec as F, Kind as K, Storage as S};
                &__rt::query::ListSpec { list: #list, fields: &[#(#fields)*] }
            };
        }
    }
}

/// `impl Record` for every object item type of a list, with an arm for each
/// member some list reads.
pub(crate) fn record_impls(ir: &Ir) -> Vec<TokenStream> {
    // Item type wire name → members read, in first-seen order of item types.
    let mut items: Vec<(&str, Vec<usize>)> = Vec::new();
    for ty in &ir.types {
        let TypeKind::Object(o) = &ty.kind else { continue };
        for q in o.fields.iter().filter_map(|f| f.query.as_ref()).filter(|q| q.record) {
            let slot = match items.iter().position(|(t, _)| *t == q.item_type) {
                Some(i) => i,
                None => {
                    items.push((&q.item_type, Vec::new()));
                    items.len() - 1
                }
            };
            items[slot].1.extend(q.fields.iter().filter_map(|f| f.member));
        }
    }
    items
        .into_iter()
        .filter_map(|(wire, mut members)| {
            let item = ir.get(wire)?;
            let TypeKind::Object(o) = &item.kind else { return None };
            members.sort_unstable();
            members.dedup();
            let arms = members.iter().filter_map(|&m| {
                let f = o.fields.get(m)?;
                let member = ident(&f.name.rust);
                let index = proc_macro2::Literal::u16_unsuffixed(m as u16);
                let read = if f.ty.named().kind == RefKind::Enum {
                    if f.ty.is_non_null() {
                        quote!(__rt::query::Cell::Text(self.#member.as_str()))
                    } else {
                        quote!(__rt::query::Cell::enumeration(self.#member.as_ref().map(|v| v.as_str())))
                    }
                } else {
                    quote!(__rt::query::ToCell::to_cell(&self.#member))
                };
                Some(quote!(#index => #read,))
            });
            let name = ident(&item.name.rust);
            Some(quote! {
                impl __rt::query::Record for #name {
                    fn cell(&self, member: u16) -> __rt::query::Cell<'_> {
                        match member {
                            #(#arms)*
                            _ => __rt::query::Cell::Null,
                        }
                    }
                }
            })
        })
        .collect()
}
