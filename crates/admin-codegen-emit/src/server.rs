//! `server.rs`: resolver traits, argument structs, the static schema
//! description, and `schema()`, which serves an implementation with
//! async-graphql through the runtime's dynamic-schema adapter.
//!
//! Every name comes from the IR: traits (`QueriesResolver`), argument
//! structs (`QueriesUserListArgs`), methods (the fields' Rust names).

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use admin_codegen_ir::*;

use crate::docs::doc_lines;
use crate::lists::Tables;
use crate::text::{self, Lines, Piece, string_literal};
use crate::types::Cx;
use crate::{EmitError, ident, runtime_import, syntax};

/// The module's opening: its docs, lints and imports.
pub(crate) fn header() -> TokenStream {
    let import = runtime_import();
    quote! {
        //! Server resolver traits and the async-graphql schema that serves them.
        #![allow(deprecated, clippy::all, clippy::pedantic)]
        #import
        #[allow(unused_imports)]
        use super::types::*;
        // Short names for what every method signature spells; GraphQL reserves
        // names that start with `__`, so none of these can meet a schema type.
        #[allow(unused_imports)]
        use __rt::server::{Answer as __Answer, RequestContext as __Ctx};
    }
}

/// The items of one type: its resolver trait and the arguments structs of
/// its resolved fields (with their `filter`/`order` specs). Types are emitted
/// in chunks, formatted in parallel like the types module; the items are
/// built as syn values (see `syntax`), not parsed from tokens.
pub(crate) fn items(cx: &mut Cx, tables: &Tables<'_>, ty: &TypeDef) -> Result<Vec<Piece>, EmitError> {
    let TypeKind::Object(o) = &ty.kind else { return Ok(Vec::new()) };
    let Some(resolver_trait) = &o.resolver_trait else { return Ok(Vec::new()) };
    if cx.fast
        && let Some(pieces) = items_text(cx, tables, ty, o, resolver_trait)
    {
        return Ok(pieces);
    }
    Ok(items_syn(cx, tables, ty, o, resolver_trait)?.into_iter().map(Piece::from).collect())
}

/// [`items`] as text: the trait, then each arguments struct as text or,
/// where that is not exact, as a syn item. `None` when the trait is not exact.
fn items_text(
    cx: &mut Cx,
    tables: &Tables<'_>,
    ty: &TypeDef,
    o: &ObjectDef,
    resolver_trait: &ResolverTrait,
) -> Option<Vec<Piece>> {
    let mut l = Lines::new();
    l.doc(0, &trait_doc(ty));
    l.line(0, &["pub trait ", &resolver_trait.name, ": Send + Sync + 'static {"]);
    let mut structs = Vec::new();
    for f in o.fields.iter().filter(|f| f.resolver.is_some()) {
        let resolver = f.resolver.as_ref().expect("filtered");
        let ret = cx.type_text(&f.ty, "Option", Held::Value)?;
        l.docs(4, &doc_lines(f.description.as_deref(), &[]));
        crate::types::deprecated_text(&mut l, 4, f.deprecation.as_deref());
        let mut args = vec!["&self".to_owned(), "ctx: &__Ctx".to_owned()];
        if !resolver_trait.root {
            args.push(format!("parent: {}", ty.name.rust));
        }
        if let Some(a) = &resolver.args_type {
            args.push(format!("args: {a}"));
            structs.push(match args_text(cx, tables, ty, f, a) {
                Some(text) => Piece::Text(text),
                None => Piece::from(cx.args_struct(tables, ty, f, a).ok()?),
            });
        }
        method_text(&mut l, &f.name.rust, &args, &ret);
    }
    l.line(0, &["}"]);
    let mut pieces = vec![Piece::Text(l.finish()?)];
    pieces.extend(structs);
    Some(pieces)
}

/// A resolver method's signature, as prettyplease breaks it: on one line
/// when it fits, else one parameter per line (the return type then on the
/// last line, which has to fit; if it does not, prettyplease breaks it too
/// and the trait is left to it).
fn method_text(l: &mut Lines, name: &str, args: &[String], ret: &str) {
    let (head, tail) = (format!("fn {name}("), format!(") -> impl __Answer<{ret}>;"));
    let inline = args.join(", ");
    if 4 + head.len() + inline.len() + tail.len() <= text::WIDTH {
        l.line(4, &[&head, &inline, &tail]);
    } else {
        l.line(4, &[&head]);
        for a in args {
            l.line(8, &[a, ","]);
        }
        l.line(4, &[&tail]);
    }
}

/// [`Cx::args_struct`] as text.
fn args_text(cx: &mut Cx, tables: &Tables<'_>, ty: &TypeDef, f: &Field, name: &str) -> Option<String> {
    let mut l = Lines::new();
    let coordinate = string_literal(&format!("{}.{}", ty.name.wire, f.name.wire));
    match f.query.as_ref().map(|q| tables.table(q)) {
        Some(table) => l.line(0, &["#[__rt::args(", &coordinate, ", ", &table.to_string(), ")]"]),
        None => l.line(0, &["#[__rt::args(", &coordinate, ")]"]),
    }
    let page = f.resolver.as_ref().and_then(|r| r.page_args.as_ref());
    let held: Vec<&InputValue> =
        f.args.iter().filter(|a| page.is_none_or(|p| !p.args.contains(&a.name.wire))).collect();
    let empty = page.is_none() && held.is_empty();
    crate::types::open_struct(&mut l, name, empty);
    if let Some(p) = page {
        l.line(4, &["#[serde(flatten)]"]);
        l.line(4, &["pub ", &p.field, ": ", page_type(p.kind), ","]);
    }
    for a in held {
        let default: Vec<String> = a.default.iter().map(|d| format!("Default: `{d}`.")).collect();
        l.docs(4, &doc_lines(a.description.as_deref(), &default));
        crate::types::rename_text(&mut l, 4, &a.name);
        let ty = match f.query.as_ref().and_then(|q| crate::lists::arg_override(q, &a.name.wire)) {
            Some((_, ty)) => {
                l.line(4, &["#[args(", &a.name.wire, ")]"]);
                ty.to_owned()
            }
            None => cx.type_text(&a.ty, "Option", a.held)?,
        };
        l.line(4, &["pub ", &a.name.rust, ": ", &ty, ","]);
    }
    crate::types::close(&mut l, empty);
    l.finish()
}

/// The Rust type of a flattened page of arguments.
fn page_type(kind: PageArgsKind) -> &'static str {
    match kind {
        PageArgsKind::Offset { required: true } => "__rt::OffsetPageRequest",
        PageArgsKind::Offset { required: false } => "__rt::OffsetPageRequest<__rt::Option<i32>>",
        PageArgsKind::Relay => "__rt::RelayPageRequest",
    }
}

fn trait_doc(ty: &TypeDef) -> String {
    format!(" Resolvers for the fields of `{}` that the server computes.", ty.name.wire)
}

fn items_syn(
    cx: &mut Cx,
    tables: &Tables<'_>,
    ty: &TypeDef,
    o: &ObjectDef,
    resolver_trait: &ResolverTrait,
) -> Result<Vec<syn::Item>, EmitError> {
    let mut items = vec![syn::Item::Verbatim(TokenStream::new())];
    let mut methods = Vec::new();
    let parts = MethodParts::new();
    let parent = (!resolver_trait.root).then(|| syntax::named_type(&ty.name.rust));
    for f in o.fields.iter().filter(|f| f.resolver.is_some()) {
        let resolver = f.resolver.as_ref().expect("filtered");
        // A result is returned, not held inside its parent: never boxed.
        let ret = cx.output_type(&f.ty)?;
        let args = match &resolver.args_type {
            Some(a) => {
                items.push(cx.args_struct(tables, ty, f, a)?);
                Some(syntax::named_type(a))
            }
            None => None,
        };
        let mut attrs = crate::docs::doc_attrs(f.description.as_deref(), &[]);
        attrs.extend(crate::docs::deprecated(f.deprecation.as_deref()));
        methods.push(parts.method(attrs, &f.name.rust, parent.clone(), args, ret));
    }
    let doc = trait_doc(ty);
    let name = ident(&resolver_trait.name);
    let mut item: syn::ItemTrait = syn::parse_quote! {
        #[doc = #doc]
        pub trait #name: Send + Sync + 'static {}
    };
    item.items = methods;
    items[0] = syn::Item::Trait(item);
    Ok(items)
}

/// What every resolver method's signature shares, parsed once per trait
/// (parsing is what costs, not cloning).
struct MethodParts {
    receiver: syn::FnArg,
    ctx: syn::Type,
    sig: syn::Signature,
}

impl MethodParts {
    fn new() -> MethodParts {
        MethodParts {
            receiver: syn::parse_quote!(&self),
            ctx: syn::parse_quote!(&__Ctx),
            sig: syn::parse_quote!(fn f()),
        }
    }

    /// `fn <name>(&self, ctx: &__Ctx[, parent: P][, args: A]) -> impl __Answer<T>;`
    fn method(
        &self,
        attrs: Vec<syn::Attribute>,
        name: &str,
        parent: Option<syn::Type>,
        args: Option<syn::Type>,
        ret: syn::Type,
    ) -> syn::TraitItem {
        use syn::punctuated::Punctuated;
        let typed = |name: &str, ty: syn::Type| {
            syn::FnArg::Typed(syn::PatType {
                attrs: Vec::new(),
                pat: Box::new(syn::Pat::Ident(syn::PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: ident(name),
                    subpat: None,
                })),
                colon_token: Default::default(),
                ty: Box::new(ty),
            })
        };
        let mut inputs: Punctuated<syn::FnArg, syn::Token![,]> = Punctuated::new();
        inputs.push(self.receiver.clone());
        inputs.push(typed("ctx", self.ctx.clone()));
        inputs.extend(parent.map(|p| typed("parent", p)));
        inputs.extend(args.map(|a| typed("args", a)));
        let output = syntax::impl_trait(syntax::generic_path(&["__Answer"], ret));
        let mut sig = self.sig.clone();
        sig.ident = ident(name);
        sig.inputs = inputs;
        sig.output = syn::ReturnType::Type(Default::default(), Box::new(output));
        syn::TraitItem::Fn(syn::TraitItemFn {
            attrs,
            modifiers: Default::default(),
            sig,
            default: None,
            semi_token: Some(Default::default()),
        })
    }
}

/// The module's end: the lists' name tables, `Record` impls of list items, `schema()` with one
/// registration per resolved field, the limits, and the schema description.
pub(crate) fn tail(ir: &Ir, tables: &Tables<'_>) -> Result<TokenStream, EmitError> {
    let [depth, complexity, body_bytes] =
        [ir.limits.depth, ir.limits.complexity, ir.limits.body_bytes].map(proc_macro2::Literal::usize_unsuffixed);
    let mut registrations = Vec::new();
    let mut bounds = Vec::new();
    for ty in &ir.types {
        let TypeKind::Object(o) = &ty.kind else { continue };
        let Some(resolver_trait) = &o.resolver_trait else { continue };
        let trait_ident = ident(&resolver_trait.name);
        let parent = if resolver_trait.root { quote!(root) } else { ident(&ty.name.rust).into_token_stream() };
        let fields = o.fields.iter().filter_map(|f| {
            let resolver = f.resolver.as_ref()?;
            let method = ident(&f.name.rust);
            // The macro names the field `stringify!(method)` unless the wire name is
            // given; a raw identifier (`r#type`) keeps its prefix there, so it is
            // given whenever the identifier's text differs (not `needs_rename`).
            let wire = (method != f.name.wire).then(|| {
                let wire = &f.name.wire;
                quote!([#wire])
            });
            let args = resolver.args_type.is_some().then(|| quote!((args)));
            Some(quote!(#method #wire #args))
        });
        let type_wire = &ty.name.wire;
        registrations.push(quote! {
            __rt::__register_resolvers!(r, resolvers, R, #trait_ident, #type_wire, #parent { #(#fields),* });
        });
        bounds.push(quote!(#trait_ident));
    }
    let fields = tables.items();
    let records = crate::lists::record_impls(ir);
    let schema_def = schema_def(ir)?;
    Ok(quote! {
        #(#fields)*
        #(#records)*

        /// The async-graphql schema serving `resolvers`, every name exactly as in
        /// the SDL, with the depth and complexity [`LIMITS`] and without "did you
        /// mean" suggestions. Serve it with `admin_codegen_runtime::server::router`.
        pub fn schema<R>(resolvers: ::std::sync::Arc<R>) -> __rt::server::async_graphql::dynamic::SchemaBuilder
        where
            R: #(#bounds)+*,
        {
            let mut r = __rt::server::Resolvers::default();
            #(#registrations)*
            __rt::server::schema::build(&SCHEMA, r)
                .limit_depth(LIMITS.depth)
                .limit_complexity(LIMITS.complexity)
                .disable_suggestions()
        }

        /// The request limits from the config's `[limits]`: pass them to the router with
        /// `ServiceOptions::default().with_limits(&LIMITS)` (body size); `schema()` applies the rest.
        pub const LIMITS: __rt::server::Limits = __rt::server::Limits {
            depth: #depth,
            complexity: #complexity,
            body_bytes: #body_bytes,
        };

        #schema_def
    })
}

impl Cx {
    /// A resolver's result type (`Option<T>` when nullable); never boxed, since
    /// a returned value is not held inside its parent.
    fn output_type(&mut self, ty: &TypeRef) -> Result<syn::Type, EmitError> {
        self.type_ref(ty, "Option", Held::Value)
    }

    /// The arguments struct of a field. Its `#[__rt::args]` attribute names
    /// the field and, for a list, the list's name table; the attribute adds
    /// the derives, the docs and the list spec.
    fn args_struct(
        &mut self,
        tables: &Tables<'_>,
        ty: &TypeDef,
        f: &Field,
        name: &str,
    ) -> Result<syn::Item, EmitError> {
        use syntax::{list_attr, named_field};
        let page = f.resolver.as_ref().and_then(|r| r.page_args.as_ref());
        let held = |a: &&InputValue| page.is_none_or(|p| !p.args.contains(&a.name.wire));
        let mut fields = Vec::new();
        if let Some(p) = page {
            let ty = page_type(p.kind);
            fields.push(named_field(vec![list_attr("serde", quote!(flatten))], &p.field, self.rust_type(ty, None)?));
        }
        for a in f.args.iter().filter(held) {
            let default: Vec<String> = a.default.iter().map(|d| format!("Default: `{d}`.")).collect();
            let mut attrs = crate::docs::doc_attrs(a.description.as_deref(), &default);
            if a.name.needs_rename() {
                let wire = &a.name.wire;
                attrs.push(list_attr("serde", quote!(rename = #wire)));
            }
            let rust_ty = match f.query.as_ref().and_then(|q| crate::lists::arg_override(q, &a.name.wire)) {
                Some((attr, ty)) => {
                    attrs.push(attr);
                    self.rust_type(ty, None)?
                }
                None => self.type_ref(&a.ty, "Option", a.held)?,
            };
            fields.push(named_field(attrs, &a.name.rust, rust_ty));
        }
        let coordinate = format!("{}.{}", ty.name.wire, f.name.wire);
        let args = match f.query.as_ref().map(|q| tables.table(q)) {
            Some(table) => quote!(#coordinate, #table),
            None => quote!(#coordinate),
        };
        let attrs = vec![syntax::path_attr(&["__rt", "args"], args)];
        Ok(syntax::item_struct(attrs, name, fields))
    }
}

fn opt(s: &Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// The access rules the IR decided, as `__access!` rows: `("Type" "field" rule)`.
fn access_rows(ir: &Ir) -> Vec<TokenStream> {
    let mut rows = Vec::new();
    for ty in &ir.types {
        for f in ty.kind.fields() {
            let rule = match &f.access {
                None => continue,
                Some(Access::Privileged) => quote!(privileged),
                Some(Access::Scoped { owner, domain, autofill }) => {
                    let owner = match owner {
                        Some(o) => {
                            let (arg, value) = (&o.arg, format_ident!("{}", o.value.as_str()));
                            quote!(#arg #value)
                        }
                        None => quote!(_),
                    };
                    quote!(scoped #owner #domain #autofill)
                }
                Some(Access::Roles { roles, payload }) => quote!(roles [#(#roles),*] #payload),
            };
            let (t, name) = (&ty.name.wire, &f.name.wire);
            rows.push(quote!((#t #name #rule)));
        }
    }
    rows
}

/// The file beside the module that holds the SDL it serves.
pub(crate) const SDL_FILE: &str = "server.graphql";

/// `pub static SCHEMA`: the SDL printed from the IR (in [`SDL_FILE`]), with
/// the scalar formats and access rules beside it.
fn schema_def(ir: &Ir) -> Result<TokenStream, EmitError> {
    // Validation guarantees a query root; its absence is a bug upstream, not a default to invent.
    let query = ir.roots.query.as_deref().ok_or_else(|| EmitError {
        message: "internal error: the schema has no query root type".into(),
        scalar: None,
    })?;
    let mutation = opt(&ir.roots.mutation);
    let sdl = SDL_FILE;
    let scalars = ir.types.iter().filter_map(|t| match &t.kind {
        TypeKind::Scalar(ScalarDef { format: Some(format), .. }) => {
            let name = &t.name.wire;
            Some(quote!((#name, #format),))
        }
        _ => None,
    });
    let access = access_rows(ir);
    Ok(quote! {
        use __rt::server::schema as __s;

        /// The schema: every type, field, argument and enum value as the SDL
        /// declares it (`server.graphql`, printed from the IR), the formats of
        /// the known scalars, and who may call which field.
        pub static SCHEMA: __s::SchemaSource = __s::SchemaSource::new(
            #query,
            #mutation,
            include_str!(#sdl),
            &[#(#scalars)*],
            __rt::__access![#(#access),*],
        );
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `method_text` breaks a signature where prettyplease does, for names
    /// on both sides of every boundary: one line, parameters broken, and
    /// the return type too long for the last line (left to prettyplease).
    #[test]
    fn method_signatures_print_as_prettyplease_prints_them() {
        let parts = MethodParts::new();
        let mut exact = 0;
        for len in 1..90 {
            for ret in ["i32", "__rt::Option<__rt::Vec<__rt::Option<SomeLongerTypeName>>>"] {
                let name = format!("m{}", "x".repeat(len));
                let ret_ty: syn::Type = syn::parse_str(ret).unwrap();
                let method = parts.method(Vec::new(), &name, Some(syntax::named_type("Parent")), None, ret_ty);
                let mut item: syn::ItemTrait = syn::parse_quote!(
                    pub trait T {}
                );
                item.items = vec![method];
                let printed = text::unparse(vec![syn::Item::Trait(item)]);
                let mut l = Lines::new();
                l.line(0, &["pub trait T {"]);
                let args = ["&self".to_owned(), "ctx: &__Ctx".to_owned(), "parent: Parent".to_owned()];
                method_text(&mut l, &name, &args, ret);
                l.line(0, &["}"]);
                if let Some(text) = l.finish() {
                    assert_eq!(text, printed, "name of {len}, returning {ret}");
                    exact += 1;
                }
            }
        }
        assert!(exact > 100, "only {exact} signatures were written as text");
    }
}
