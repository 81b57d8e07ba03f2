//! `server.rs`: resolver traits, argument structs, the static schema
//! description, and `schema()`, which serves an implementation with
//! async-graphql through the runtime's dynamic-schema adapter.
//!
//! Every name comes from the IR: traits (`QueriesResolver`), argument
//! structs (`QueriesUserListArgs`), methods (the fields' Rust names).

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::types::Cx;
use crate::{EmitError, ident, runtime_import};

/// The module's items.
pub(crate) fn emit(ir: &Ir) -> Result<TokenStream, EmitError> {
    let import = runtime_import();
    let [depth, complexity, body_bytes] =
        [ir.limits.depth, ir.limits.complexity, ir.limits.body_bytes].map(proc_macro2::Literal::usize_unsuffixed);
    let mut cx = Cx::default();
    let schema_def = schema_def(ir)?;
    let mut traits = Vec::new();
    let mut registrations = Vec::new();
    let mut bounds = Vec::new();
    for ty in &ir.types {
        let TypeKind::Object(o) = &ty.kind else { continue };
        let Some(resolver_trait) = &o.resolver_trait else { continue };
        let trait_ident = ident(&resolver_trait.name);
        let is_root = resolver_trait.root;
        let parent_ty = ident(&ty.name.rust);
        let mut methods = Vec::new();
        for f in o.fields.iter().filter(|f| f.resolver.is_some()) {
            let resolver = f.resolver.as_ref().expect("filtered");
            let method = ident(&f.name.rust);
            let ret = cx.output_type(&f.ty, f.boxed)?;
            let docs = crate::docs::doc_attrs(f.description.as_deref(), &[]);
            let dep = crate::docs::deprecated(f.deprecation.as_deref());
            let (args_param, args_arg, args_ty) = match &resolver.args_type {
                Some(a) => {
                    let a = ident(a);
                    traits.push(cx.args_struct(ty, f, &a)?);
                    (quote!(args: #a,), quote!(args), quote!(#a))
                }
                None => (quote!(), quote!(), quote!(__rt::server::schema::Unit)),
            };
            let (parent_param, parent_arg, parent_pat) = if is_root {
                (quote!(), quote!(), quote!(_: __rt::server::schema::Unit))
            } else {
                (quote!(parent: #parent_ty,), quote!(parent,), quote!(parent: #parent_ty))
            };
            let args_pat = if resolver.args_type.is_some() { quote!(args: #args_ty) } else { quote!(_: #args_ty) };
            methods.push(quote! {
                #(#docs)*
                #dep
                fn #method(
                    &self,
                    ctx: &__rt::server::RequestContext,
                    #parent_param
                    #args_param
                ) -> impl ::std::future::Future<Output = ::std::result::Result<#ret, __rt::server::ResolverError>> + Send;
            });
            let (type_wire, field_wire) = (&ty.name.wire, &f.name.wire);
            registrations.push(quote! {
                {
                    let imp = resolvers.clone();
                    r.field(#type_wire, #field_wire, move |ctx: __rt::server::RequestContext, #parent_pat, #args_pat| {
                        let imp = imp.clone();
                        async move { <R as #trait_ident>::#method(&*imp, &ctx, #parent_arg #args_arg).await }
                    });
                }
            });
        }
        let doc = format!(" Resolvers for the fields of `{}` that the server computes.", ty.name.wire);
        traits.push(quote! {
            #[doc = #doc]
            pub trait #trait_ident: Send + Sync + 'static {
                #(#methods)*
            }
        });
        bounds.push(quote!(#trait_ident));
    }
    let records = crate::lists::record_impls(ir);
    Ok(quote! {
        //! Server resolver traits and the async-graphql schema that serves them.
        #![allow(deprecated, clippy::all, clippy::pedantic)]
        #import
        #[allow(unused_imports)]
        use super::types::*;

        #(#traits)*

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
    /// A field's result type (`Option<T>` when nullable).
    fn output_type(&mut self, ty: &TypeRef, boxed: bool) -> Result<syn::Type, EmitError> {
        self.type_ref(ty, "Option", boxed)
    }

    /// The arguments struct of a field.
    fn args_struct(&mut self, ty: &TypeDef, f: &Field, name: &proc_macro2::Ident) -> Result<TokenStream, EmitError> {
        let page = f.resolver.as_ref().and_then(|r| r.page_args.as_ref());
        let held = |a: &&InputValue| page.is_none_or(|p| !p.args.contains(&a.name.wire));
        let page_field = page.map(|p| {
            let field = ident(&p.field);
            let (ty, what) = match p.kind {
                PageArgsKind::Offset { required: true } => (quote!(__rt::OffsetPageRequest), "`limit` and `offset`"),
                PageArgsKind::Offset { required: false } => {
                    (quote!(__rt::OffsetPageRequest<__rt::Option<i32>>), "`limit` and `offset`")
                }
                PageArgsKind::Relay => (quote!(__rt::RelayPageRequest), "The Relay arguments"),
            };
            let doc = format!(" {what} ({}), as one request.", p.args.join(", "));
            quote! {
                #[doc = #doc]
                #[serde(flatten)]
                pub #field: #ty,
            }
        });
        let fields = f
            .args
            .iter()
            .filter(held)
            .map(|a| {
                let field = ident(&a.name.rust);
                let checked = f.query.as_ref().and_then(|q| crate::lists::arg_override(q, name, &a.name.wire));
                let (checked_attr, rust_ty) = match checked {
                    Some((attr, ty)) => (Some(attr), ty),
                    None => {
                        let ty = self.type_ref(&a.ty, "Option", a.boxed)?;
                        (None, quote!(#ty))
                    }
                };
                let default: Vec<String> = a.default.iter().map(|d| format!("Default: `{d}`.")).collect();
                let docs = crate::docs::doc_attrs(a.description.as_deref(), &default);
                let rename = a.name.needs_rename().then(|| {
                    let wire = &a.name.wire;
                    quote!(#[serde(rename = #wire)])
                });
                Ok(quote! {
                    #(#docs)*
                    #rename
                    #checked_attr
                    pub #field: #rust_ty,
                })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        let doc = format!(" Arguments of `{}.{}`.", ty.name.wire, f.name.wire);
        let spec = f.query.as_ref().map(|q| crate::lists::spec_impl(q, name));
        Ok(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, __rt::Serialize, __rt::Deserialize)]
            #[serde(crate = "__rt::serde")]
            pub struct #name {
                #page_field
                #(#fields)*
            }
            #spec
        })
    }
}

fn opt(s: &Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

fn field_defs(fields: &[Field]) -> TokenStream {
    let defs = fields.iter().map(|f| {
        let (name, ty) = (&f.name.wire, f.ty.to_graphql());
        let args = input_defs(&f.args);
        let (description, deprecation) = (opt(&f.description), opt(&f.deprecation));
        let access = match &f.access {
            None => quote!(::std::option::Option::None),
            Some(Access::Privileged) => quote!(::std::option::Option::Some(__s::AccessDef::Privileged)),
            Some(Access::Scoped { owner, domain, autofill }) => {
                let owner = opt(owner);
                quote!(::std::option::Option::Some(__s::AccessDef::Scoped { owner: #owner, domain: #domain, autofill: #autofill }))
            }
            Some(Access::Roles { roles, payload }) => {
                quote!(::std::option::Option::Some(__s::AccessDef::Roles { roles: &[#(#roles),*], payload: #payload }))
            }
        };
        quote!(__s::FieldDef { name: #name, ty: #ty, args: &[#args], description: #description, deprecation: #deprecation, access: #access },)
    });
    quote!(#(#defs)*)
}

fn input_defs(values: &[InputValue]) -> TokenStream {
    let defs = values.iter().map(|v| {
        let (name, ty) = (&v.name.wire, v.ty.to_graphql());
        let (default, description) = (opt(&v.default), opt(&v.description));
        quote!(__s::InputDef { name: #name, ty: #ty, default: #default, description: #description },)
    });
    quote!(#(#defs)*)
}

/// `pub static SCHEMA`: the schema as static data for the runtime.
fn schema_def(ir: &Ir) -> Result<TokenStream, EmitError> {
    let types = ir.types.iter().map(|t| {
        let name = &t.name.wire;
        let description = opt(&t.description);
        let kind = match &t.kind {
            TypeKind::Scalar(s) => {
                let check = opt(&s.format.map(str::to_owned));
                quote!(__s::KindDef::Scalar { check: #check })
            }
            TypeKind::Object(o) => {
                let (implements, fields) = (&o.implements, field_defs(&o.fields));
                quote!(__s::KindDef::Object { implements: &[#(#implements),*], fields: &[#fields] })
            }
            TypeKind::Interface(i) => {
                let (implements, fields) = (&i.implements, field_defs(&i.fields));
                quote!(__s::KindDef::Interface { implements: &[#(#implements),*], fields: &[#fields] })
            }
            TypeKind::Union(u) => {
                let members = u.members.iter().map(|m| &m.name.wire);
                quote!(__s::KindDef::Union { members: &[#(#members),*] })
            }
            TypeKind::Enum(e) => {
                let values = e.values.iter().map(|v| {
                    let (name, description, deprecation) = (&v.name.wire, opt(&v.description), opt(&v.deprecation));
                    quote!(__s::EnumValueDef { name: #name, description: #description, deprecation: #deprecation },)
                });
                quote!(__s::KindDef::Enum { values: &[#(#values)*] })
            }
            TypeKind::InputObject(i) => {
                let fields = input_defs(&i.fields);
                quote!(__s::KindDef::InputObject { fields: &[#fields] })
            }
        };
        quote!(__s::TypeDef { name: #name, description: #description, kind: #kind },)
    });
    // Validation guarantees a query root; its absence is a bug upstream, not a default to invent.
    let query = ir.roots.query.as_deref().ok_or_else(|| EmitError {
        message: "internal error: the schema has no query root type".into(),
        scalar: None,
    })?;
    let mutation = opt(&ir.roots.mutation);
    Ok(quote! {
        use __rt::server::schema as __s;

        /// The schema as data: every type, field, argument and enum value as the SDL declares it.
        pub static SCHEMA: __s::SchemaDef = __s::SchemaDef {
            query: #query,
            mutation: #mutation,
            types: &[#(#types)*],
        };
    })
}
