//! The server's part of the `filter`/`order` languages: each list field's
//! spec on its arguments struct (`#[__rt::args(.., __FIELDS_n)]`, over a
//! `__list_fields!` table of names that lists with the same names share), and the `Record`
//! impl of every object item type (`__record!`), so the runtime can check
//! requests and evaluate filters in memory. The runtime's macros expand them
//! to `impl Spec` / `impl Record`. Everything comes from the IR's `ListQuery`.

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use std::collections::HashMap;

use crate::ident;

/// The arguments struct's marker attribute (`#[args(filter)]`, which
/// `#[__rt::args]` turns into the decoder that checks the list's names) and
/// type of `filter` / `order`, when the field's spec covers that argument.
pub(crate) fn arg_override(q: &ListQuery, wire: &str) -> Option<(syn::Attribute, &'static str)> {
    let (which, ty) = match wire {
        "filter" if q.filter => (quote!(filter), "__rt::Option<__rt::query::Filter>"),
        "order" if q.order => (quote!(order), "__rt::query::Order"),
        _ => return None,
    };
    Some((crate::syntax::list_attr("args", which), ty))
}

/// The lists' name tables: lists whose rows are the same (several lists of
/// one item type, as a rule) share one `__list_fields!` table, numbered in
/// schema order.
pub(crate) struct Tables<'a> {
    /// Table index by list (`Type.field`).
    by_list: HashMap<&'a str, usize>,
    /// Each table's first list, whose rows it holds (`TokenStream` is not
    /// `Sync`, so the rows are rebuilt when printed).
    first: Vec<&'a ListQuery>,
}

impl<'a> Tables<'a> {
    pub(crate) fn new(ir: &'a Ir) -> Tables<'a> {
        // Lists with equal names have equal rows.
        let mut by_rows: HashMap<&'a [QueryField], usize> = HashMap::new();
        let mut tables = Tables { by_list: HashMap::new(), first: Vec::new() };
        for ty in &ir.types {
            let TypeKind::Object(o) = &ty.kind else { continue };
            for q in o.fields.iter().filter_map(|f| f.query.as_ref()) {
                let next = tables.first.len();
                let index = *by_rows.entry(&q.fields).or_insert(next);
                if index == next {
                    tables.first.push(q);
                }
                tables.by_list.insert(&q.list, index);
            }
        }
        tables
    }

    /// The `const` that holds table `index`.
    fn name(index: usize) -> syn::Ident {
        quote::format_ident!("__FIELDS_{index}")
    }

    /// `__rt::__list_fields!(__FIELDS_n = [..]);` for every table.
    pub(crate) fn items(&self) -> impl Iterator<Item = TokenStream> + '_ {
        self.first.iter().enumerate().map(|(i, q)| {
            let (name, rows) = (Self::name(i), rows(q));
            quote!(__rt::__list_fields!(#name = [#rows]);)
        })
    }

    /// The name of the table list `q` reads (`__FIELDS_n`), which
    /// `#[__rt::args]` turns into the list's spec on its arguments struct.
    pub(crate) fn table(&self, q: &ListQuery) -> syn::Ident {
        Self::name(self.by_list[q.list.as_str()])
    }
}

/// A list's rows: `("name" Kind member)` for the common case (an orderable
/// name in a column of its own name), `{ F::new(..) }` for the rest.
fn rows(q: &ListQuery) -> TokenStream {
    let rows = q.fields.iter().map(|f| match (&f.storage, f.order, f.member) {
        (QueryStorage::Column(c), true, Some(m)) if *c == f.name => {
            let (name, m) = (&f.name, proc_macro2::Literal::u16_unsuffixed(m as u16));
            match &f.kind {
                QueryKind::Enum(e, values) => quote!((#name Enum #e [#(#values),*] #m)),
                k => {
                    let k = ident(kind_name(k));
                    quote!((#name #k #m))
                }
            }
        }
        _ => {
            let row = general_row(f);
            quote!({ #row })
        }
    });
    quote!(#(#rows),*)
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

/// `__rt::__record!(Type { .. })`, the `Record` impl of every object item
/// type of a list, with an arm for each member some list reads.
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
                let how = match (f.ty.named().kind == RefKind::Enum, f.ty.is_non_null()) {
                    (false, _) => quote!(),
                    (true, true) => quote!(@enum),
                    (true, false) => quote!(@enum_opt),
                };
                Some(quote!(#index #how #member))
            });
            let name = ident(&item.name.rust);
            Some(quote!(__rt::__record!(#name { #(#arms),* });))
        })
        .collect()
}
