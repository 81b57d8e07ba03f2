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

use crate::docs::{deprecated, doc_attrs, doc_lines};
use crate::syntax::{self, item_enum, item_struct, item_type, list_attr, named_field, runtime_generic, variant};
use crate::text::{self, Lines, Piece, string_literal};
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
    /// Whether plain items are written as text (see `text`); off, every
    /// item goes through syn and prettyplease, the reference the text is tested against.
    pub(crate) fast: bool,
    /// Printed Rust types by IR spelling, for the types that are not plain paths.
    type_texts: HashMap<String, String>,
    /// The derive lists as prettyplease prints them, once they are needed.
    derive_texts: Option<DeriveTexts>,
}

/// [`Cx`]'s attribute lists as text (see [`text::attrs_text`]).
pub(crate) struct DeriveTexts {
    pub(crate) data: String,
    pub(crate) default: String,
    pub(crate) enumeration: String,
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
            fast: true,
            type_texts: HashMap::new(),
            derive_texts: None,
        }
    }
}

/// `__rt::indirect_types!(...)`: every type some field holds behind
/// `Indirect` (the IR's `boxed`), in schema order, declared so that it can
/// be decoded (the runtime's `Registered` table); `None` when nothing is boxed.
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

/// One field of a struct written as text.
pub(crate) struct FieldText<'a> {
    pub(crate) docs: Vec<String>,
    pub(crate) deprecation: Option<&'a str>,
    pub(crate) name: &'a Name,
    /// Attribute lines after the rename, as printed.
    pub(crate) attrs: &'a [&'a str],
    /// The field's type as text, `None` if it is not one short line.
    pub(crate) ty: Option<String>,
}

/// [`skip_absent`] as printed.
pub(crate) const SKIP_ABSENT: &str = "#[serde(default, skip_serializing_if = \"__rt::Maybe::is_absent\")]";

/// [`deprecated`] as a line.
pub(crate) fn deprecated_text(l: &mut Lines, indent: usize, reason: Option<&str>) {
    if let Some(reason) = reason {
        l.line(indent, &["#[deprecated(note = ", &string_literal(reason), ")]"]);
    }
}

/// [`rename`] as a line.
pub(crate) fn rename_text(l: &mut Lines, indent: usize, name: &Name) {
    if name.needs_rename() {
        l.line(indent, &["#[serde(rename = ", &string_literal(&name.wire), ")]"]);
    }
}

/// `pub struct <name> {`, or `pub struct <name> {}` without fields.
pub(crate) fn open_struct(l: &mut Lines, name: &str, empty: bool) {
    l.line(0, &["pub struct ", name, if empty { " {}" } else { " {" }]);
}

/// The struct's closing brace, unless [`open_struct`] closed it.
pub(crate) fn close(l: &mut Lines, empty: bool) {
    if !empty {
        l.line(0, &["}"]);
    }
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

    /// The Rust items for one schema type: as text where that is exact
    /// (see `text`), as syn items otherwise.
    pub(crate) fn item(&mut self, ty: &TypeDef) -> Result<Vec<Piece>, EmitError> {
        if self.fast {
            let written = match &ty.kind {
                TypeKind::Object(o) => self.object_text(ty, o),
                TypeKind::InputObject(i) => self.input_object_text(ty, i),
                TypeKind::Interface(i) => self.abstract_enum_text(ty, &i.implementors, "interface"),
                TypeKind::Union(u) => self.abstract_enum_text(ty, &u.members, "union"),
                TypeKind::Enum(e) => self.enumeration_text(ty, e),
                TypeKind::Scalar(_) => None,
            };
            if let Some(text) = written {
                return Ok(vec![Piece::Text(text)]);
            }
        }
        let items = match &ty.kind {
            TypeKind::Scalar(s) => vec![self.scalar(ty, s)?],
            TypeKind::Object(o) => vec![self.object(ty, o)?],
            TypeKind::Interface(i) => vec![self.abstract_enum(ty, &i.implementors, "interface")],
            TypeKind::Union(u) => vec![self.abstract_enum(ty, &u.members, "union")],
            TypeKind::Enum(e) => self.enumeration(ty, e)?,
            TypeKind::InputObject(i) => vec![self.input_object(ty, i)?],
        };
        Ok(items.into_iter().map(Piece::from).collect())
    }

    /// `text` when it is exact and this context writes text, else the syn items of `syn`.
    pub(crate) fn text_or<I: IntoIterator<Item = Piece>>(
        &mut self,
        text: impl FnOnce(&mut Cx) -> Option<String>,
        syn: impl FnOnce(&mut Cx) -> Result<I, EmitError>,
    ) -> Result<Vec<Piece>, EmitError> {
        match self.fast.then(|| text(self)).flatten() {
            Some(text) => Ok(vec![Piece::Text(text)]),
            None => Ok(syn(self)?.into_iter().collect()),
        }
    }

    /// The derive lists as text, printed by prettyplease the first time.
    pub(crate) fn derive_texts(&mut self) -> &DeriveTexts {
        let (data, default, enumeration) = (&self.data_derives, &self.default_derives, &self.enum_derives);
        self.derive_texts.get_or_insert_with(|| DeriveTexts {
            data: text::attrs_text(data),
            default: text::attrs_text(default),
            enumeration: text::attrs_text(enumeration),
        })
    }

    /// [`Cx::type_ref`] as prettyplease prints it; `None` if that is not one short line.
    pub(crate) fn type_text(&mut self, ty: &TypeRef, nullable: &str, held: Held) -> Option<String> {
        let rt = scalars::RUNTIME_ALIAS;
        let (inner, non_null) = match ty {
            TypeRef::NonNull(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let base = match inner {
            TypeRef::Named(n) => {
                let t = self.named_text(&n.rust)?;
                match held {
                    Held::Value => t,
                    Held::Boxed => format!("{rt}::Box<{t}>"),
                    Held::Indirect => format!("{rt}::Indirect<{t}>"),
                }
            }
            TypeRef::List(item) => format!("{rt}::Vec<{}>", self.type_text(item, "Option", Held::Value)?),
            TypeRef::NonNull(_) => return None,
        };
        Some(if non_null { base } else { format!("{rt}::{nullable}<{base}>") })
    }

    fn named_text(&mut self, path: &str) -> Option<String> {
        if text::is_plain_path(path) {
            return Some(path.to_owned());
        }
        if let Some(t) = self.type_texts.get(path) {
            return Some(t.clone());
        }
        let printed = text::print_type(&self.rust_type(path, None).ok()?)?;
        self.type_texts.insert(path.to_owned(), printed.clone());
        Some(printed)
    }

    /// A struct's fields as text: docs, deprecation, rename, extra attribute lines, `pub name: Type,`.
    pub(crate) fn field_text(&mut self, l: &mut Lines, field: FieldText<'_>) -> Option<()> {
        l.docs(4, &field.docs);
        deprecated_text(l, 4, field.deprecation);
        rename_text(l, 4, field.name);
        for attr in field.attrs {
            l.line(4, &[attr]);
        }
        l.line(4, &["pub ", &field.name.rust, ": ", &field.ty?, ","]);
        Some(())
    }

    fn object_text(&mut self, ty: &TypeDef, o: &ObjectDef) -> Option<String> {
        let mut l = Lines::new();
        l.docs(0, &doc_lines(ty.description.as_deref(), &[]));
        l.raw(&self.derive_texts().data);
        open_struct(&mut l, &ty.name.rust, o.fields.is_empty());
        for f in &o.fields {
            let ty = self.type_text(&f.ty, "Option", f.held);
            let docs = doc_lines(f.description.as_deref(), &[]);
            self.field_text(
                &mut l,
                FieldText { docs, deprecation: f.deprecation.as_deref(), name: &f.name, attrs: &[], ty },
            )?;
        }
        close(&mut l, o.fields.is_empty());
        l.finish()
    }

    fn input_object_text(&mut self, ty: &TypeDef, i: &InputObjectDef) -> Option<String> {
        let mut l = Lines::new();
        l.docs(0, &doc_lines(ty.description.as_deref(), &[]));
        let derives = self.derive_texts();
        l.raw(if i.fields.iter().all(|f| !f.ty.is_non_null()) { &derives.default } else { &derives.data });
        open_struct(&mut l, &ty.name.rust, i.fields.is_empty());
        for f in &i.fields {
            let ty = self.type_text(&f.ty, "Maybe", f.held);
            let default: Vec<String> = f.default.iter().map(|d| format!("Default: `{d}`.")).collect();
            let docs = doc_lines(f.description.as_deref(), &default);
            let attrs: &[&str] = if f.ty.is_non_null() { &[] } else { &[SKIP_ABSENT] };
            self.field_text(
                &mut l,
                FieldText { docs, deprecation: f.deprecation.as_deref(), name: &f.name, attrs, ty },
            )?;
        }
        close(&mut l, i.fields.is_empty());
        l.finish()
    }

    fn abstract_enum_text(&mut self, ty: &TypeDef, variants: &[Variant], kind: &str) -> Option<String> {
        if variants.is_empty() {
            return None;
        }
        let note = format!("GraphQL {kind} `{}`: one of its object types, tagged by `__typename`.", ty.name.wire);
        let mut l = Lines::new();
        l.docs(0, &doc_lines(ty.description.as_deref(), &[note]));
        l.raw(&self.derive_texts().data);
        l.line(0, &["#[serde(tag = \"__typename\")]"]);
        l.line(0, &["pub enum ", &ty.name.rust, " {"]);
        for v in variants {
            rename_text(&mut l, 4, &v.name);
            l.line(4, &[&v.name.rust, "(", &v.name.rust, "),"]);
        }
        l.line(0, &["}"]);
        l.finish()
    }

    fn enumeration_text(&mut self, ty: &TypeDef, e: &EnumDef) -> Option<String> {
        if e.values.is_empty() {
            return None;
        }
        let name = &ty.name.rust;
        let mut l = Lines::new();
        l.docs(0, &doc_lines(ty.description.as_deref(), &[]));
        l.raw(&self.derive_texts().enumeration);
        l.line(0, &["pub enum ", name, " {"]);
        for v in &e.values {
            l.docs(4, &doc_lines(v.description.as_deref(), &[]));
            deprecated_text(&mut l, 4, v.deprecation.as_deref());
            rename_text(&mut l, 4, &v.name);
            l.line(4, &[&v.name.rust, ","]);
        }
        l.line(0, &["}"]);
        l.line(0, &["impl ", name, " {"]);
        l.line(4, &["/// Every value, in schema order."]);
        let all: Vec<String> = e.values.iter().map(|v| format!("Self::{}", v.name.rust)).collect();
        let one_line = format!("pub const ALL: &'static [Self] = &[{}];", all.join(", "));
        if 4 + one_line.len() <= text::WIDTH {
            l.line(4, &[&one_line]);
        } else {
            l.line(4, &["pub const ALL: &'static [Self] = &["]);
            for v in &all {
                l.line(8, &[v, ","]);
            }
            l.line(4, &["];"]);
        }
        l.line(4, &["/// The value as the schema spells it."]);
        l.line(4, &["pub const fn as_str(&self) -> &'static str {"]);
        l.line(8, &["match self {"]);
        for v in &e.values {
            l.line(12, &["Self::", &v.name.rust, " => ", &string_literal(&v.name.wire), ","]);
        }
        l.line(8, &["}"]);
        l.line(4, &["}"]);
        l.line(0, &["}"]);
        l.line(0, &["impl ::std::fmt::Display for ", name, " {"]);
        l.line(4, &["fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {"]);
        l.line(8, &["f.write_str(self.as_str())"]);
        l.line(4, &["}"]);
        l.line(0, &["}"]);
        l.finish()
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
