//! Building syn items directly.
//!
//! Generating tokens with `quote!` and parsing them back with syn costs more
//! than everything else in the emitter together on large schemas (profiled:
//! token building plus re-parsing was ~3.5x the prettyplease printing time).
//! The hot items (structs, their fields, type aliases, enum variants) are
//! therefore built as syn values here; only small, rarer items go through
//! `quote!`.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::token;

/// `pub`.
pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(token::Pub::default())
}

/// A one-segment or multi-segment path from `a::b::c` text of plain identifiers.
pub(crate) fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments.iter().map(|s| syn::PathSegment::from(crate::ident(s))).collect(),
    }
}

/// `#[doc = "<line>"]`.
pub(crate) fn doc(line: &str) -> syn::Attribute {
    outer(syn::Meta::NameValue(syn::MetaNameValue {
        path: path(&["doc"]),
        eq_token: token::Eq::default(),
        value: syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(line, Span::call_site())),
        }),
    }))
}

/// `#[<name>(<tokens>)]`.
pub(crate) fn list_attr(name: &str, tokens: TokenStream) -> syn::Attribute {
    path_attr(&[name], tokens)
}

/// `#[<a::b>(<tokens>)]`.
pub(crate) fn path_attr(name: &[&str], tokens: TokenStream) -> syn::Attribute {
    outer(syn::Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(token::Paren::default()),
        tokens,
    }))
}

fn outer(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: token::Pound::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: token::Bracket::default(),
        meta,
    }
}

/// `__rt::<name><inner>`, e.g. `__rt::Option<T>`.
pub(crate) fn runtime_generic(name: &str, inner: syn::Type) -> syn::Type {
    let p = generic_path(&[admin_codegen_ir::scalars::RUNTIME_ALIAS, name], inner);
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path: p })
}

/// `a::b<inner>`: a path whose last segment takes one type argument.
pub(crate) fn generic_path(segments: &[&str], inner: syn::Type) -> syn::Path {
    let (last, init) = segments.split_last().expect("a path has a segment");
    let mut p = path(init);
    let mut last = syn::PathSegment::from(crate::ident(last));
    last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: token::Lt::default(),
        args: Punctuated::from_iter([syn::GenericArgument::Type(inner)]),
        gt_token: token::Gt::default(),
    });
    p.segments.push(last);
    p
}

/// `impl <bound>`.
pub(crate) fn impl_trait(bound: syn::Path) -> syn::Type {
    syn::Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: token::Impl::default(),
        bounds: Punctuated::from_iter([syn::TypeParamBound::Trait(syn::TraitBound {
            paren_token: None,
            lifetimes: None,
            modifiers: syn::TraitBoundModifiers::default(),
            maybe: None,
            path: bound,
        })]),
    })
}

/// `pub <ident>: <ty>` with attributes.
pub(crate) fn named_field(attrs: Vec<syn::Attribute>, ident: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        modifiers: syn::FieldModifiers::default(),
        ident: Some(crate::ident(ident)),
        colon_token: Some(token::Colon::default()),
        ty,
        default: None,
    }
}

/// `pub struct <ident> { <fields> }`.
pub(crate) fn item_struct(attrs: Vec<syn::Attribute>, ident: &str, fields: Vec<syn::Field>) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: token::Struct::default(),
        ident: crate::ident(ident),
        generics: syn::Generics::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: token::Brace::default(),
            named: Punctuated::from_iter(fields),
        }),
        semi_token: None,
    })
}

/// `pub enum <ident> { <variants> }`.
pub(crate) fn item_enum(attrs: Vec<syn::Attribute>, ident: &str, variants: Vec<syn::Variant>) -> syn::Item {
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: token::Enum::default(),
        ident: crate::ident(ident),
        generics: syn::Generics::default(),
        brace_token: token::Brace::default(),
        variants: Punctuated::from_iter(variants),
    })
}

/// A variant: unit, or holding one value of `ty`.
pub(crate) fn variant(attrs: Vec<syn::Attribute>, ident: &str, ty: Option<syn::Type>) -> syn::Variant {
    let fields = match ty {
        None => syn::Fields::Unit,
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: token::Paren::default(),
            unnamed: Punctuated::from_iter([syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                modifiers: syn::FieldModifiers::default(),
                ident: None,
                colon_token: None,
                ty,
                default: None,
            }]),
        }),
    };
    syn::Variant { attrs, ident: crate::ident(ident), fields, discriminant: None }
}

/// `pub type <ident> = <ty>;`.
pub(crate) fn item_type(attrs: Vec<syn::Attribute>, ident: &str, ty: syn::Type) -> syn::Item {
    syn::Item::Type(syn::ItemType {
        attrs,
        vis: public(),
        modifiers: syn::TypeModifiers::default(),
        type_token: token::Type::default(),
        ident: crate::ident(ident),
        generics: syn::Generics::default(),
        eq_token: token::Eq::default(),
        ty: Box::new(ty),
        semi_token: token::Semi::default(),
        where_clause_placement: syn::WhereClausePlacement::Late,
    })
}

/// A named type as a path type (`User`).
pub(crate) fn named_type(ident: &str) -> syn::Type {
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path: path(&[ident]) })
}
