//! `types.rs`: one Rust type per schema type.
//!
//! - custom scalar → `pub type` alias of its mapped Rust type;
//! - object → struct; nullable fields are `Option<T>` and may be absent
//!   (serde treats a missing `Option` field as `None`);
//! - interface, union → enum of the object types, tagged by `__typename`;
//! - enum → fieldless enum with `as_str()`, `ALL` and `Display`;
//! - input object → struct; nullable fields are `Maybe<T>` (absent, null or a value).
//!
//! Serde attributes produce and accept exactly the wire names.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::docs::{deprecated, doc_attrs};
use crate::syntax::{self, item_enum, item_struct, item_type, list_attr, named_field, runtime_generic, variant};
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

/// Emitter state for one thread.
pub(crate) struct Cx {
    /// Parsed Rust types by their IR spelling (most fields repeat a few).
    types: HashMap<String, syn::Type>,
    /// `#[derive(...)]` + `#[serde(crate = ...)]` for structs and enums
    /// tagged by `__typename`: their `Deserialize` is the runtime's compact `Decode`.
    pub(crate) data_derives: Vec<syn::Attribute>,
    /// The same with serde's own `Deserialize`, for an interface or union
    /// without object types (no tag to decode).
    empty_enum_derives: Vec<syn::Attribute>,
    /// The same plus `Default`, for input objects whose fields may all be absent.
    default_derives: Vec<syn::Attribute>,
    /// The same with `Copy`, `Eq`, `Hash` and ordering, for fieldless enums.
    enum_derives: Vec<syn::Attribute>,
}

impl Default for Cx {
    fn default() -> Self {
        let derives = |extra: TokenStream, de: TokenStream| {
            vec![
                list_attr("derive", quote!(Debug, Clone, PartialEq, #extra __rt::Serialize, #de)),
                list_attr("serde", quote!(crate = "__rt::serde")),
            ]
        };
        let (decode, serde) = (quote!(__rt::Decode), quote!(__rt::Deserialize));
        Cx {
            types: HashMap::new(),
            data_derives: derives(TokenStream::new(), decode.clone()),
            empty_enum_derives: derives(TokenStream::new(), serde.clone()),
            default_derives: derives(quote!(Default,), decode),
            enum_derives: derives(quote!(Copy, Eq, Hash, PartialOrd, Ord,), serde),
        }
    }
}

/// `__rt::indirect_types!(...)`: every type some field holds behind
/// `Indirect` (the IR's `boxed`), in schema order, registered so that it can
/// be decoded there; `None` when nothing is boxed.
pub(crate) fn indirect_registrations(ir: &Ir) -> Option<TokenStream> {
    let mut seen = std::collections::HashSet::new();
    let mut held = Vec::new();
    for ty in &ir.types {
        let boxed: Vec<&TypeRef> = match &ty.kind {
            TypeKind::Object(o) => o.fields.iter().filter(|f| f.held == Held::Indirect).map(|f| &f.ty).collect(),
            TypeKind::InputObject(i) => i.fields.iter().filter(|f| f.held == Held::Indirect).map(|f| &f.ty).collect(),
            _ => continue,
        };
        for t in boxed {
            let name = &t.named().rust;
            if seen.insert(name.as_str()) {
                held.push(ident(name));
            }
        }
    }
    (!held.is_empty()).then(|| {
        quote! {
            __rt::indirect_types!(#(#held),*);
        }
    })
}

/// `#[serde(default, skip_serializing_if = ..)]`: a `Maybe` field left out when absent.
pub(crate) fn skip_absent() -> syn::Attribute {
    list_attr("serde", quote!(default, skip_serializing_if = "__rt::Maybe::is_absent"))
}

/// `#[serde(rename = "<wire>")]` where the Rust name differs from the wire name.
pub(crate) fn rename(name: &Name) -> Option<syn::Attribute> {
    name.needs_rename().then(|| {
        let wire = &name.wire;
        list_attr("serde", quote!(rename = #wire))
    })
}

impl Cx {
    /// The derives of a struct of inputs (an input object, a client's
    /// variables): with `Default` when all its fields may be absent, since
    /// `Default` means "every field absent".
    pub(crate) fn input_derives(&self, all_optional: bool) -> &[syn::Attribute] {
        if all_optional { &self.default_derives } else { &self.data_derives }
    }

    /// The Rust items for one schema type.
    pub(crate) fn item(&mut self, ty: &TypeDef) -> Result<Vec<syn::Item>, EmitError> {
        Ok(match &ty.kind {
            TypeKind::Scalar(s) => vec![self.scalar(ty, s)?],
            TypeKind::Object(o) => vec![self.object(ty, o)?],
            TypeKind::Interface(i) => vec![self.abstract_enum(ty, &i.implementors, "interface")],
            TypeKind::Union(u) => vec![self.abstract_enum(ty, &u.members, "union")],
            TypeKind::Enum(e) => self.enumeration(ty, e)?,
            TypeKind::InputObject(i) => vec![self.input_object(ty, i)?],
        })
    }

    /// Parses a Rust type from the IR; `scalar` names the custom scalar it maps, if any.
    pub(crate) fn rust_type(&mut self, path: &str, scalar: Option<&str>) -> Result<syn::Type, EmitError> {
        if let Some(t) = self.types.get(path) {
            return Ok(t.clone());
        }
        let parsed: syn::Type = syn::parse_str(path).map_err(|e| EmitError {
            message: match scalar {
                Some(name) => format!("the Rust type `{path}` for scalar `{name}` does not parse: {e}"),
                None => format!("internal error: the Rust type `{path}` does not parse: {e}"),
            },
            scalar: scalar.map(str::to_owned),
        })?;
        self.types.insert(path.to_owned(), parsed.clone());
        Ok(parsed)
    }

    /// The Rust type of a reference. Nullable positions are wrapped in
    /// `__rt::<nullable>`; `boxed` puts the named type behind `__rt::Indirect`.
    pub(crate) fn type_ref(&mut self, ty: &TypeRef, nullable: &str, held: Held) -> Result<syn::Type, EmitError> {
        let (inner, non_null) = match ty {
            TypeRef::NonNull(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let base = match inner {
            TypeRef::Named(n) => {
                let t = self.rust_type(&n.rust, None)?;
                match held {
                    Held::Value => t,
                    Held::Boxed => runtime_generic("Box", t),
                    Held::Indirect => runtime_generic("Indirect", t),
                }
            }
            TypeRef::List(item) => runtime_generic("Vec", self.type_ref(item, "Option", Held::Value)?),
            TypeRef::NonNull(_) => unreachable!("the IR never nests NonNull directly"),
        };
        Ok(if non_null { base } else { runtime_generic(nullable, base) })
    }

    fn scalar(&mut self, ty: &TypeDef, s: &ScalarDef) -> Result<syn::Item, EmitError> {
        let target = self.rust_type(&s.rust_type, Some(&ty.name.wire))?;
        let attrs = doc_attrs(ty.description.as_deref(), &[format!("GraphQL scalar `{}`.", ty.name.wire)]);
        Ok(item_type(attrs, &ty.name.rust, target))
    }

    fn object(&mut self, ty: &TypeDef, o: &ObjectDef) -> Result<syn::Item, EmitError> {
        let fields = o
            .fields
            .iter()
            .map(|f| {
                let rust_ty = self.type_ref(&f.ty, "Option", f.held)?;
                let mut attrs = doc_attrs(f.description.as_deref(), &[]);
                attrs.extend(deprecated(f.deprecation.as_deref()));
                attrs.extend(rename(&f.name));
                Ok(named_field(attrs, &f.name.rust, rust_ty))
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        let mut attrs = doc_attrs(ty.description.as_deref(), &[]);
        attrs.extend(self.data_derives.iter().cloned());
        Ok(item_struct(attrs, &ty.name.rust, fields))
    }

    fn input_object(&mut self, ty: &TypeDef, i: &InputObjectDef) -> Result<syn::Item, EmitError> {
        let skip = skip_absent();
        let fields = i
            .fields
            .iter()
            .map(|f| {
                let rust_ty = self.type_ref(&f.ty, "Maybe", f.held)?;
                let default: Vec<String> = f.default.iter().map(|d| format!("Default: `{d}`.")).collect();
                let mut attrs = doc_attrs(f.description.as_deref(), &default);
                attrs.extend(deprecated(f.deprecation.as_deref()));
                attrs.extend(rename(&f.name));
                if !f.ty.is_non_null() {
                    attrs.push(skip.clone());
                }
                Ok(named_field(attrs, &f.name.rust, rust_ty))
            })
            .collect::<Result<Vec<_>, EmitError>>()?;
        let mut attrs = doc_attrs(ty.description.as_deref(), &[]);
        attrs.extend(self.input_derives(i.fields.iter().all(|f| !f.ty.is_non_null())).iter().cloned());
        Ok(item_struct(attrs, &ty.name.rust, fields))
    }

    fn abstract_enum(&mut self, ty: &TypeDef, variants: &[Variant], kind: &str) -> syn::Item {
        let note = format!("GraphQL {kind} `{}`: one of its object types, tagged by `__typename`.", ty.name.wire);
        let mut attrs = doc_attrs(ty.description.as_deref(), &[note]);
        if variants.is_empty() {
            // Nothing to tag: serde's derive, which decodes nothing.
            attrs.extend(self.empty_enum_derives.iter().cloned());
        } else {
            attrs.extend(self.data_derives.iter().cloned());
            attrs.push(list_attr("serde", quote!(tag = "__typename")));
        }
        let variants = variants
            .iter()
            .map(|v| {
                variant(rename(&v.name).into_iter().collect(), &v.name.rust, Some(syntax::named_type(&v.name.rust)))
            })
            .collect();
        item_enum(attrs, &ty.name.rust, variants)
    }

    fn enumeration(&mut self, ty: &TypeDef, e: &EnumDef) -> Result<Vec<syn::Item>, EmitError> {
        let variants = e
            .values
            .iter()
            .map(|v| {
                let mut attrs = doc_attrs(v.description.as_deref(), &[]);
                attrs.extend(deprecated(v.deprecation.as_deref()));
                attrs.extend(rename(&v.name));
                variant(attrs, &v.name.rust, None)
            })
            .collect();
        let mut attrs = doc_attrs(ty.description.as_deref(), &[]);
        attrs.extend(self.enum_derives.iter().cloned());
        let mut items = vec![item_enum(attrs, &ty.name.rust, variants)];
        items.extend(enum_impls(ty, e)?);
        Ok(items)
    }
}

/// `ALL`, `as_str()` and `Display` for a fieldless enum. Small and once per
/// enum, so written with `quote!` for readability.
fn enum_impls(ty: &TypeDef, e: &EnumDef) -> Result<Vec<syn::Item>, EmitError> {
    let name = ident(&ty.name.rust);
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
    let tokens = quote! {
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
    };
    syn::parse2::<syn::File>(tokens).map(|f| f.items).map_err(|e| EmitError {
        message: format!("internal error: enum impls for `{}` are not valid Rust: {e}", ty.name.wire),
        scalar: None,
    })
}
