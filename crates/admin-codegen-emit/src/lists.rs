//! The server's part of the `filter`/`order` languages: each list field's
//! spec as a `Spec` impl on its arguments struct, and a `Record` impl for
//! every object item type, so the runtime can check requests and evaluate
//! filters in memory. Everything comes from the IR's `ListQuery`.

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::ident;

/// The arguments struct attribute and type of `filter` / `order`, when the
/// field's spec covers that argument.
pub(crate) fn arg_override(q: &ListQuery, args_type: &str, wire: &str) -> Option<(syn::Attribute, &'static str)> {
    let (de, ty) = match wire {
        "filter" if q.filter => ("de_filter", "__rt::Option<__rt::query::Filter>"),
        "order" if q.order => ("de_order", "__rt::query::Order"),
        _ => return None,
    };
    let with = format!("__rt::query::{de}::<_, {args_type}>");
    Some((crate::syntax::list_attr("serde", quote!(default, deserialize_with = #with)), ty))
}

/// `impl Spec for <Args>`: the list's names as static data, one row per name
/// (`F::col(..)` for the common case). The rows are built as syn values; only
/// the frame around them is parsed.
pub(crate) fn spec_impl(q: &ListQuery, args_type: &str) -> syn::Item {
    let list = &q.list;
    let rows = q.fields.iter().map(|f| match (&f.storage, f.order, f.member) {
        (QueryStorage::Column(c), true, Some(m)) if *c == f.name => {
            let kind = match &f.kind {
                QueryKind::Enum(..) => None,
                k => Some(kind_name(k)),
            };
            match kind {
                Some(kind) => call(&["F", "col"], vec![lit_str(&f.name), path_expr(&["K", kind]), lit_int(m)]),
                None => general_row(f),
            }
        }
        _ => general_row(f),
    });
    let doc = format!(" The names `{list}` may be filtered and ordered by.");
    let name = ident(args_type);
    let mut item: syn::ItemImpl = syn::parse_quote! {
        impl __rt::query::Spec for #name {
            #[doc = #doc]
            const SPEC: &'static __rt::query::ListSpec = {
                #[allow(unused_imports)]
                use __rt::Option as O;
                #[allow(unused_imports)]
                use __rt::query::{FieldSpec as F, Kind as K, Storage as S};
                &__rt::query::ListSpec { list: #list, fields: &[] }
            };
        }
    };
    // Fill `fields: &[]` with the rows.
    let rows: Vec<syn::Expr> = rows.collect();
    if let Some(syn::ImplItem::Const(c)) = item.items.first_mut()
        && let syn::Expr::Block(block) = &mut c.expr
        && let Some(syn::Stmt::Expr(syn::Expr::Reference(spec), None)) = block.block.stmts.last_mut()
        && let syn::Expr::Struct(spec) = spec.expr.as_mut()
        && let Some(fields) =
            spec.fields.iter_mut().find(|fv| matches!(&fv.member, syn::Member::Named(n) if n == "fields"))
        && let syn::Expr::Reference(slice) = &mut fields.expr
        && let syn::Expr::Array(array) = slice.expr.as_mut()
    {
        array.elems = rows.into_iter().collect();
    }
    syn::Item::Impl(item)
}

fn kind_name(k: &QueryKind) -> &'static str {
    match k {
        QueryKind::Int => "Int",
        QueryKind::BigInt => "BigInt",
        QueryKind::Float => "Float",
        QueryKind::String => "String",
        QueryKind::Bool => "Bool",
        QueryKind::Uuid => "Uuid",
        QueryKind::DateTime => "DateTime",
        QueryKind::Enum(..) => "Enum",
    }
}

/// `F::new(name, kind, storage, order, member)`, for rows the short form does not cover.
fn general_row(f: &QueryField) -> syn::Expr {
    let name = &f.name;
    let kind = match &f.kind {
        QueryKind::Enum(name, values) => quote!(K::Enum(#name, &[#(#values),*])),
        k => {
            let k = ident(kind_name(k));
            quote!(K::#k)
        }
    };
    let storage = match &f.storage {
        QueryStorage::Column(c) => quote!(S::Column(#c)),
        QueryStorage::Json { column, key } => quote!(S::Json { column: #column, key: #key }),
        QueryStorage::Array(c) => quote!(S::Array(#c)),
    };
    let order = f.order;
    let member = match f.member {
        Some(m) => {
            let m = proc_macro2::Literal::u16_unsuffixed(m as u16);
            quote!(O::Some(#m))
        }
        None => quote!(O::None),
    };
    syn::parse_quote!(F::new(#name, #kind, #storage, #order, #member))
}

fn path_expr(segments: &[&str]) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: crate::syntax::path(segments) })
}

fn lit_str(s: &str) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(s, proc_macro2::Span::call_site())),
    })
}

fn lit_int(n: usize) -> syn::Expr {
    let lit = proc_macro2::Literal::u16_unsuffixed(n as u16);
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Int(syn::LitInt::new(&lit.to_string(), proc_macro2::Span::call_site())),
    })
}

fn call(func: &[&str], args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr(func)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
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
                        quote!(__Cell::Text(self.#member.as_str()))
                    } else {
                        quote!(__Cell::enumeration(self.#member.as_ref().map(|v| v.as_str())))
                    }
                } else {
                    quote!(self.#member.to_cell())
                };
                Some(quote!(#index => #read,))
            });
            let name = ident(&item.name.rust);
            Some(quote! {
                impl __rt::query::Record for #name {
                    fn cell(&self, member: u16) -> __Cell<'_> {
                        match member {
                            #(#arms)*
                            _ => __Cell::Null,
                        }
                    }
                }
            })
        })
        .collect()
}
