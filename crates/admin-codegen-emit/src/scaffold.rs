//! Scaffolds of user-owned resolver code: one `impl` per resolver trait, one
//! method per resolved field, each returning a "not implemented" error.
//!
//! Unlike the generated modules, this code is written once and then belongs
//! to the user, so it reads like hand-written code: plain `Option`/`Vec`/
//! `String` instead of the runtime paths generated code uses, and a glob
//! import of the generated modules (the template's job).

use proc_macro2::TokenStream;
use quote::quote;

use admin_codegen_ir::*;

use crate::{EmitError, ident};

/// The scaffold of one resolver trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitScaffold {
    /// The trait's Rust name (`QueriesResolver`).
    pub name: String,
    /// The methods, in field order.
    pub methods: Vec<MethodScaffold>,
}

/// The scaffold of one resolver method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodScaffold {
    /// The method's Rust name.
    pub name: String,
    /// `Type.field` in wire names.
    pub field: String,
    /// The formatted method, indented for an impl block, ending with a newline.
    pub text: String,
}

impl TraitScaffold {
    /// The whole `impl <trait> for <ty> { ... }` block, formatted.
    pub fn impl_block(&self, ty: &str) -> String {
        let methods: Vec<&str> = self.methods.iter().map(|m| m.text.as_str()).collect();
        format!("impl {} for {ty} {{\n{}}}\n", self.name, methods.join("\n"))
    }
}

/// The scaffold of every resolver trait, in schema order.
pub fn scaffold(ir: &Ir) -> Result<Vec<TraitScaffold>, EmitError> {
    let mut out = Vec::new();
    for ty in &ir.types {
        let TypeKind::Object(o) = &ty.kind else { continue };
        let Some(resolver_trait) = &o.resolver_trait else { continue };
        let mut methods = Vec::new();
        for f in &o.fields {
            let Some(resolver) = &f.resolver else { continue };
            let method = ident(&f.name.rust);
            let ret = parse_type(&user_type(ir, &f.ty))?;
            let parent = match resolver_trait.root {
                true => None,
                false => {
                    let parent = parse_type(&ty.scaffold_path)?;
                    Some(quote!(_parent: #parent,))
                }
            };
            let args = resolver.args_type.as_ref().map(|a| {
                let a = ident(a);
                quote!(_args: #a,)
            });
            let field = format!("{}.{}", ty.name.wire, f.name.wire);
            let tokens = quote! {
                impl X for Y {
                    async fn #method(
                        &self,
                        _ctx: &RequestContext,
                        #parent
                        #args
                    ) -> Result<#ret, ResolverError> {
                        Err(ResolverError::not_implemented(#field))
                    }
                }
            };
            methods.push(MethodScaffold { name: f.name.rust.clone(), field, text: impl_body(tokens)? });
        }
        out.push(TraitScaffold { name: resolver_trait.name.clone(), methods });
    }
    Ok(out)
}

/// A field's result type as a user writes it: `Option<Vec<Option<User>>>`.
/// Results are never boxed: a value returned is not held inside its parent.
fn user_type(ir: &Ir, ty: &TypeRef) -> String {
    let (inner, non_null) = match ty {
        TypeRef::NonNull(inner) => (inner.as_ref(), true),
        other => (other, false),
    };
    let prefix = format!("{}::", scalars::RUNTIME_ALIAS);
    let base = match inner {
        TypeRef::Named(n) => match n.rust.strip_prefix(&prefix) {
            Some(runtime) => runtime.to_owned(),
            None => ir.get(&n.wire).map_or_else(|| n.rust.clone(), |t| t.scaffold_path.clone()),
        },
        TypeRef::List(item) => format!("Vec<{}>", user_type(ir, item)),
        TypeRef::NonNull(inner) => user_type(ir, inner),
    };
    if non_null { base } else { format!("Option<{base}>") }
}

fn parse_type(text: &str) -> Result<syn::Type, EmitError> {
    syn::parse_str(text).map_err(|e| EmitError {
        message: format!("internal error: scaffold type `{text}` does not parse: {e}"),
        scalar: None,
    })
}

/// The formatted body of a one-item impl block: its lines between the braces.
fn impl_body(tokens: TokenStream) -> Result<String, EmitError> {
    let text = crate::format_tokens(tokens)?;
    let lines: Vec<&str> = text.lines().collect();
    let body = &lines[1..lines.len().saturating_sub(1)];
    Ok(body.iter().map(|l| format!("{l}\n")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(wire: &str, rust: &str) -> TypeRef {
        TypeRef::Named(NamedRef { wire: wire.into(), rust: rust.into(), kind: RefKind::Object })
    }

    #[test]
    fn user_types_read_like_hand_written_code() {
        // The IR decides how the scaffold reaches each type; a type named like
        // what the template imports by name is `types::Result`.
        let ty = |wire: &str| {
            let rust = wire.to_owned();
            let object = ObjectDef { fields: Vec::new(), implements: Vec::new(), payload: None, resolver_trait: None };
            TypeDef {
                scaffold_path: naming::scaffold_path(&rust),
                ts_name: naming::ts_type_name(wire),
                name: Name { wire: wire.into(), rust },
                description: None,
                kind: TypeKind::Object(object),
            }
        };
        let ir = Ir::new(Roots::default(), vec![ty("User"), ty("Result")]);
        let list = TypeRef::NonNull(Box::new(TypeRef::List(Box::new(named("User", "User")))));
        assert_eq!(user_type(&ir, &list), "Vec<Option<User>>");
        assert_eq!(user_type(&ir, &named("String", "__rt::String")), "Option<String>");
        assert_eq!(user_type(&ir, &named("Result", "Result")), "Option<types::Result>");
    }
}
