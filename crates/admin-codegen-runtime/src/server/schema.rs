//! Serving generated resolver traits with an async-graphql dynamic schema.
//!
//! Generated code describes the schema as static data ([`SchemaDef`]), made
//! from the same IR as the Rust types, and registers one closure per field
//! that has a resolver. This module turns both into an async-graphql dynamic
//! schema. A dynamic schema serves every name exactly as given, so nothing is
//! camel-cased; fields without a resolver read their value from the parent
//! object (the serde form of the generated struct).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dynamic::{
    Enum, EnumItem, Field, FieldFuture, FieldValue, InputObject, InputValue, Interface, InterfaceField, Object,
    ResolverContext, Scalar, SchemaBuilder, TypeRef, Union,
};
use async_graphql::{Name, Value};

use super::Principal;
use super::registry::{BoxFuture, Rendered};
use super::select::{Pruning, Selection};

pub use super::access::enforce;
pub use super::model::{
    AccessDef, EnumValueDef, FieldDef, InputDef, KindDef, OwnerValue, SchemaDef, SchemaSource, TypeDef, named,
};
pub use super::registry::{PATH_EXTENSION, Resolvers};
pub use super::resolver::{Answer, RequestContext, ResolverError, Unit};

/// Parses GraphQL type notation (`[User!]!`).
fn type_ref(ty: &str) -> TypeRef {
    if let Some(inner) = ty.strip_suffix('!') {
        TypeRef::NonNull(Box::new(type_ref(inner)))
    } else if let Some(inner) = ty.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        TypeRef::List(Box::new(type_ref(inner)))
    } else {
        TypeRef::named(ty.to_owned())
    }
}

fn input_value(def: &InputDef) -> InputValue {
    let mut v = InputValue::new(&def.name, type_ref(&def.ty));
    if let Some(default) = &def.default {
        v = v.default_value(default.clone());
    }
    if let Some(d) = &def.description {
        v = v.description(d);
    }
    v
}

/// The value of a field without a resolver: the parent's member, typed for
/// interfaces and unions by its `__typename`.
fn from_parent(value: Value, abstract_type: bool) -> FieldValue<'static> {
    match value {
        Value::List(items) => FieldValue::list(items.into_iter().map(|v| from_parent(v, abstract_type))),
        Value::Object(map) if abstract_type => {
            let ty = match map.get("__typename") {
                Some(Value::String(t)) => t.clone(),
                _ => String::new(),
            };
            FieldValue::value(Value::Object(map)).with_type(ty)
        }
        Value::Null => FieldValue::NULL,
        other => FieldValue::value(other),
    }
}

/// Sets a description (and a deprecation) on any async-graphql dynamic
/// builder: they share the methods but no trait.
macro_rules! documented {
    ($builder:expr, $description:expr) => {{
        let b = $builder;
        match $description {
            Some(d) => b.description(d),
            None => b,
        }
    }};
    ($builder:expr, $description:expr, $deprecation:expr) => {{
        let b = documented!($builder, $description);
        match $deprecation {
            Some(reason) => b.deprecation(Some(reason)),
            None => b,
        }
    }};
}

/// The resolver of one object field: the registered one, with its arguments
/// (input defaults applied), or the parent's member; interface and union
/// values typed by their `__typename`.
fn field_resolver(
    type_name: &'static str,
    f: &'static FieldDef,
    resolvers: &Resolvers,
    inputs: &Arc<HashMap<&'static str, &'static [InputDef]>>,
    pruning: &Arc<Pruning>,
    abstract_type: bool,
) -> impl for<'a> Fn(ResolverContext<'a>) -> FieldFuture<'a> + Send + Sync + 'static {
    let registered = resolvers.by_field.get(&(type_name, f.name.as_str())).cloned();
    let inputs = inputs.clone();
    let pruning = pruning.clone();
    let returns = named(&f.ty);
    field_fn(move |ctx: ResolverContext<'_>| {
        let value = registered.as_ref().map(|resolver| -> BoxFuture<'static, Result<Rendered, async_graphql::Error>> {
            let mut args: async_graphql::indexmap::IndexMap<Name, Value> = f
                .args
                .iter()
                .filter_map(|a| {
                    let v = ctx.args.get(&a.name)?.as_value().clone();
                    Some((Name::new(&a.name), with_input_defaults(v, &a.ty, &inputs)))
                })
                .collect();
            if let Some(access) = f.access {
                let verdict = match ctx.data::<Principal>() {
                    Ok(caller) => enforce(access, caller, &f.name, &mut args),
                    Err(e) => Err(e),
                };
                match verdict {
                    Ok(None) => {}
                    Ok(Some(answer)) => {
                        let render: Rendered = Box::new(move |_: Option<&Selection<'_>>| Ok(answer));
                        return Box::pin(std::future::ready(Ok(render)));
                    }
                    Err(e) => return Box::pin(std::future::ready(Err(e))),
                }
            }
            resolver(&ctx, Value::Object(args))
        });
        let Some(value) = value else {
            // Plain data: the parent's member, without a future.
            let member = match ctx.parent_value.as_value() {
                Some(Value::Object(map)) => map.get(f.name.as_str()).cloned(),
                _ => None,
            };
            return FieldFuture::Value(member.filter(|v| *v != Value::Null).map(|v| from_parent(v, abstract_type)));
        };
        let pruning = pruning.clone();
        FieldFuture::new(async move {
            let render = value.await.map_err(|e| with_path(e, &ctx))?;
            let selection = Selection::of(&ctx.ctx.field(), returns, &pruning);
            let value = render(selection.as_ref()).map_err(|e| with_path(e, &ctx))?;
            Ok(match value {
                Value::Null => None,
                v => Some(from_parent(v, abstract_type)),
            })
        })
    })
}

/// A resolver error with the field's path in the extension the router turns
/// into `path` (async-graphql's dynamic schema leaves it empty).
fn with_path(e: async_graphql::Error, ctx: &ResolverContext<'_>) -> async_graphql::Error {
    use async_graphql::ErrorExtensions;
    let path: Vec<Value> = ctx
        .path_node
        .map(|p| {
            p.to_string_vec()
                .into_iter()
                .map(|s| s.parse::<u64>().map(Value::from).unwrap_or(Value::String(s)))
                .collect()
        })
        .unwrap_or_default();
    e.extend_with(|_, ext| ext.set(PATH_EXTENSION, Value::List(path)))
}

/// Pins a closure to the higher-ranked signature `Field::new` wants.
fn field_fn<F>(f: F) -> F
where
    F: for<'a> Fn(ResolverContext<'a>) -> FieldFuture<'a> + Send + Sync + 'static,
{
    f
}

/// Applies the defaults of input object fields the request left out (the
/// dynamic schema applies argument defaults, not input field defaults).
fn with_input_defaults(value: Value, ty: &str, inputs: &HashMap<&str, &'static [InputDef]>) -> Value {
    match value {
        Value::List(items) => {
            let inner = ty.trim_end_matches('!').strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(ty);
            Value::List(items.into_iter().map(|v| with_input_defaults(v, inner, inputs)).collect())
        }
        Value::Object(mut map) => {
            if let Some(fields) = inputs.get(named(ty)) {
                for f in *fields {
                    let key = Name::new(&f.name);
                    match map.swap_remove(&key) {
                        Some(v) => {
                            map.insert(key, with_input_defaults(v, &f.ty, inputs));
                        }
                        None => {
                            if let Some(d) = &f.default {
                                map.insert(key, with_input_defaults(d.clone(), &f.ty, inputs));
                            }
                        }
                    }
                }
            }
            Value::Object(map)
        }
        other => other,
    }
}

fn scalar_check(check: Option<&'static str>) -> Option<fn(&Value) -> bool> {
    match check {
        Some("UUID") => Some(|v| matches!(v, Value::String(s) if s.len() == 36 && uuid::Uuid::try_parse(s).is_ok())),
        Some("DateTime") => Some(|v| matches!(v, Value::String(s) if s.parse::<crate::DateTime>().is_ok())),
        _ => None,
    }
}

/// Builds the dynamic schema: every type of `source`, with `resolvers` for
/// the fields that have one, served exactly as the SDL declares them.
/// Introspection and suggestions are left to the HTTP service and to the
/// caller's options on the returned builder.
pub fn build(source: &'static SchemaSource, resolvers: Resolvers) -> SchemaBuilder {
    let def = source.def();
    let inputs: Arc<HashMap<&'static str, &'static [InputDef]>> = Arc::new(
        def.types
            .iter()
            .filter_map(|t| match &t.kind {
                KindDef::InputObject { fields } => Some((t.name.as_str(), fields.as_slice())),
                _ => None,
            })
            .collect(),
    );
    let abstract_types: std::collections::HashSet<&str> = def
        .types
        .iter()
        .filter(|t| matches!(t.kind, KindDef::Interface { .. } | KindDef::Union { .. }))
        .map(|t| t.name.as_str())
        .collect();
    let resolved: std::collections::HashSet<&'static str> = resolvers.by_field.keys().map(|(t, _)| *t).collect();
    let pruning = Arc::new(Pruning::new(def, &resolved));
    let mut builder = async_graphql::dynamic::Schema::build(def.query, def.mutation, None);
    for t in &def.types {
        let description = t.description.as_deref();
        builder = match &t.kind {
            KindDef::Scalar { check } => {
                let s = Scalar::new(&t.name);
                let s = match scalar_check(*check) {
                    Some(check) => s.validator(check),
                    None => s,
                };
                builder.register(documented!(s, description))
            }
            KindDef::Object { implements, fields } => {
                let mut o = Object::new(&t.name);
                for i in implements {
                    o = o.implement(i);
                }
                for f in fields {
                    let resolve = field_resolver(
                        &t.name,
                        f,
                        &resolvers,
                        &inputs,
                        &pruning,
                        abstract_types.contains(named(&f.ty)),
                    );
                    let mut field = Field::new(&f.name, type_ref(&f.ty), resolve);
                    for a in &f.args {
                        field = field.argument(input_value(a));
                    }
                    o = o.field(documented!(field, f.description.as_deref(), f.deprecation.as_deref()));
                }
                builder.register(documented!(o, description))
            }
            KindDef::Interface { implements, fields } => {
                let mut i = Interface::new(&t.name);
                for imp in implements {
                    i = i.implement(imp);
                }
                for f in fields {
                    let mut field = InterfaceField::new(&f.name, type_ref(&f.ty));
                    for a in &f.args {
                        field = field.argument(input_value(a));
                    }
                    i = i.field(documented!(field, f.description.as_deref(), f.deprecation.as_deref()));
                }
                builder.register(documented!(i, description))
            }
            KindDef::Union { members } => {
                let u = members.iter().fold(Union::new(&t.name), |u, m| u.possible_type(m));
                builder.register(documented!(u, description))
            }
            KindDef::Enum { values } => {
                let e = values.iter().fold(Enum::new(&t.name), |e, v| {
                    e.item(documented!(EnumItem::new(&v.name), v.description.as_deref(), v.deprecation.as_deref()))
                });
                builder.register(documented!(e, description))
            }
            KindDef::InputObject { fields } => {
                let i = fields.iter().fold(InputObject::new(&t.name), |i, f| i.field(input_value(f)));
                builder.register(documented!(i, description))
            }
        };
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_notation() {
        assert_eq!(type_ref("[User!]!").to_string(), "[User!]!");
        assert_eq!(named("[[Int!]]!"), "Int");
    }
}
