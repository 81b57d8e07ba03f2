//! `types.rs`: one Rust type per schema type.
//!
//! - custom scalar → `pub type` alias of its mapped Rust type;
//! - object → struct; nullable fields are `Option<T>` and may be absent
//!   (serde treats a missing `Option` field as `None`);
//! - interface, union → enum of the object types, tagged by `__typename`;
//! - enum → fieldless enum with `as_str()`;
//! - input object → struct; nullable fields are `Maybe<T>` (absent, null or a value).
//!
//! Serde attributes produce and accept exactly the wire names.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::docs::{deprecated, doc_attrs};
use crate::{EmitError, ident, runtime_import};

/// The module's inner attributes and runtime import.
pub(crate) fn header() -> TokenStream {
    let import = runtime_import();
    quote! {
        //! Rust types for every type of the schema.
        #![allow(deprecated, clippy::all, clippy::pedantic)]
        #import
    }
}

/// Emitter state for one thread: parsed Rust types by their IR spelling
/// (most fields repeat a few).
#[derive(Default)]
pub(crate) struct Cx {
    cache: HashMap<String, TokenStream>,
}

impl Cx {
    /// The Rust item for one schema type.
    pub(crate) fn item(&mut self, ty: &TypeDef) -> Result<TokenStream, EmitError> {
        Ok(match &ty.kind {
            TypeKind::Scalar(s) => self.scalar(ty, s)?,
            TypeKind::Object(o) => self.object(ty, o)?,
            TypeKind::Interface(i) => abstract_enum(ty, &i.implementors, "interface"),
            TypeKind::Union(u) => abstract_enum(ty, &u.members, "union"),
            TypeKind::Enum(e) => enumeration(ty, e),
            TypeKind::InputObject(i) => self.input_object(ty, i)?,
        })
    }
}

fn derives(extra: TokenStream) -> TokenStream {
    quote! {
        #[derive(Debug, Clone, PartialEq, #extra __rt::Serialize, __rt::Deserialize)]
        #[serde(crate = "__rt::serde")]
    }
}

fn rename(name: &Name) -> TokenStream {
    if name.needs_rename() {
        let wire = &name.wire;
        quote!(#[serde(rename = #wire)])
    } else {
        TokenStream::new()
    }
}

impl Cx {
    /// Parses a Rust type from the IR; `scalar` names the custom scalar it maps, if any.
    fn rust_type(&mut self, path: &str, scalar: Option<&str>) -> Result<TokenStream, EmitError> {
        if let Some(t) = self.cache.get(path) {
            return Ok(t.clone());
        }
        let parsed: syn::Type = syn::parse_str(path).map_err(|e| EmitError {
            message: match scalar {
                Some(name) => format!("the Rust type `{path}` for scalar `{name}` does not parse: {e}"),
                None => format!("internal error: the Rust type `{path}` does not parse: {e}"),
            },
            scalar: scalar.map(str::to_owned),
        })?;
        let tokens = quote!(#parsed);
        self.cache.insert(path.to_owned(), tokens.clone());
        Ok(tokens)
    }

    /// The Rust type of a reference. `nullable` wraps nullable positions;
    /// `boxed` boxes the named type.
    fn type_ref(
        &mut self,
        ty: &TypeRef,
        nullable: &dyn Fn(TokenStream) -> TokenStream,
        boxed: bool,
    ) -> Result<TokenStream, EmitError> {
        let (inner, non_null) = match ty {
            TypeRef::NonNull(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let base = match inner {
            TypeRef::Named(n) => {
                let t = self.rust_type(&n.rust, None)?;
                if boxed { quote!(__rt::Box<#t>) } else { t }
            }
            TypeRef::List(item) => {
                let item = self.type_ref(item, &|t| quote!(__rt::Option<#t>), boxed)?;
                quote!(__rt::Vec<#item>)
            }
            TypeRef::NonNull(_) => unreachable!("the IR never nests NonNull directly"),
        };
        Ok(if non_null { base } else { nullable(base) })
    }

    fn scalar(&mut self, ty: &TypeDef, s: &ScalarDef) -> Result<TokenStream, EmitError> {
        let name = ident(&ty.name.rust);
        let target = self.rust_type(&s.rust_type, Some(&ty.name.wire))?;
        let wire = format!("GraphQL scalar `{}`.", ty.name.wire);
        let docs = doc_attrs(ty.description.as_deref(), &[wire]);
        Ok(quote! {
            #docs
            pub type #name = #target;
        })
    }

    fn object(&mut self, ty: &TypeDef, o: &ObjectDef) -> Result<TokenStream, EmitError> {
        let name = ident(&ty.name.rust);
        let docs = doc_attrs(ty.description.as_deref(), &[]);
        let derive = derives(TokenStream::new());
        let container_rename = rename(&ty.name);
        let fields = o
            .fields
            .iter()
            .map(|f| {
                let field = ident(&f.name.rust);
                let ty = self.type_ref(&f.ty, &|t| quote!(__rt::Option<#t>), f.boxed)?;
                let docs = doc_attrs(f.description.as_deref(), &[]);
                let dep = deprecated(f.deprecation.as_deref());
                // serde already decodes a missing `Option` field as `None`.
                let rename = rename(&f.name);
                Ok(quote! {
                    #docs
                    #dep
                    #rename
                    pub #field: #ty,
                })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        Ok(quote! {
            #docs
            #derive
            #container_rename
            pub struct #name {
                #(#fields)*
            }
        })
    }

    fn input_object(&mut self, ty: &TypeDef, i: &InputObjectDef) -> Result<TokenStream, EmitError> {
        let name = ident(&ty.name.rust);
        let docs = doc_attrs(ty.description.as_deref(), &[]);
        // `Default` means "every field absent", which only exists when every field may be absent.
        let all_optional = i.fields.iter().all(|f| !f.ty.is_non_null());
        let derive = derives(if all_optional { quote!(Default,) } else { TokenStream::new() });
        let skip = "__rt::Maybe::is_absent";
        let fields = i
            .fields
            .iter()
            .map(|f| {
                let field = ident(&f.name.rust);
                let ty = self.type_ref(&f.ty, &|t| quote!(__rt::Maybe<#t>), f.boxed)?;
                let default = f.default.iter().map(|d| format!("Default: `{d}`.")).collect::<Vec<_>>();
                let docs = doc_attrs(f.description.as_deref(), &default);
                let dep = deprecated(f.deprecation.as_deref());
                let rename = rename(&f.name);
                let optional = if f.ty.is_non_null() {
                    TokenStream::new()
                } else {
                    quote!(#[serde(default, skip_serializing_if = #skip)])
                };
                Ok(quote! {
                    #docs
                    #dep
                    #rename
                    #optional
                    pub #field: #ty,
                })
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        Ok(quote! {
            #docs
            #derive
            pub struct #name {
                #(#fields)*
            }
        })
    }
}

fn abstract_enum(ty: &TypeDef, variants: &[Variant], kind: &str) -> TokenStream {
    let name = ident(&ty.name.rust);
    let note = format!("GraphQL {kind} `{}`: one of its object types, tagged by `__typename`.", ty.name.wire);
    let docs = doc_attrs(ty.description.as_deref(), &[note]);
    let derive = derives(TokenStream::new());
    let tag = if variants.is_empty() { TokenStream::new() } else { quote!(#[serde(tag = "__typename")]) };
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name.rust);
        let rename = rename(&v.name);
        quote!(#rename #variant(#variant),)
    });
    quote! {
        #docs
        #derive
        #tag
        pub enum #name {
            #(#variants)*
        }
    }
}

fn enumeration(ty: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&ty.name.rust);
    let docs = doc_attrs(ty.description.as_deref(), &[]);
    let derive = derives(quote!(Copy, Eq, Hash, PartialOrd, Ord,));
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.name.rust);
        let docs = doc_attrs(v.description.as_deref(), &[]);
        let dep = deprecated(v.deprecation.as_deref());
        let rename = rename(&v.name);
        quote!(#docs #dep #rename #variant,)
    });
    let arms = e.values.iter().map(|v| {
        let variant = ident(&v.name.rust);
        let wire = &v.name.wire;
        quote!(Self::#variant => #wire,)
    });
    let all = e.values.iter().map(|v| {
        let variant = ident(&v.name.rust);
        quote!(Self::#variant,)
    });
    let body = if e.values.is_empty() { quote!(match *self {}) } else { quote!(match self { #(#arms)* }) };
    quote! {
        #docs
        #derive
        pub enum #name {
            #(#variants)*
        }
        impl #name {
            /// Every value, in schema order.
            pub const ALL: &'static [Self] = &[#(#all)*];
            /// The value as the schema spells it.
            pub const fn as_str(&self) -> &'static str {
                #body
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
