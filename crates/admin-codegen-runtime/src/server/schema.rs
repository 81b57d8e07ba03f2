//! Serving generated resolver traits with an async-graphql dynamic schema.
//!
//! Generated code describes the schema as static data ([`SchemaDef`]), made
//! from the same IR as the Rust types, and registers one closure per field
//! that has a resolver. This module turns both into an async-graphql dynamic
//! schema. A dynamic schema serves every name exactly as given, so nothing is
//! camel-cased; fields without a resolver read their value from the parent
//! object (the serde form of the generated struct).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use async_graphql::dynamic::{
    Enum, EnumItem, Field, FieldFuture, FieldValue, InputObject, InputValue, Interface, InterfaceField, Object,
    ResolverContext, Scalar, SchemaBuilder, TypeRef, Union,
};
use async_graphql::{Name, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Principal;
use super::select::{self, Pruning, Selection};

pub use super::model::{
    AccessDef, EnumValueDef, FieldDef, InputDef, KindDef, OwnerValue, SchemaDef, SchemaSource, TypeDef,
};

/// What a resolver method returns: a future, `Send` so that the server can
/// run it on any thread, of the field's value or a [`ResolverError`].
/// Generated traits declare `fn f(..) -> impl Answer<T>`; implement them with
/// `async fn f(..) -> Result<T, ResolverError>` (every such future is an
/// `Answer`).
pub trait Answer<T>: std::future::Future<Output = Result<T, ResolverError>> + Send {}

impl<T, F: std::future::Future<Output = Result<T, ResolverError>> + Send> Answer<T> for F {}

/// What a resolver failed with. Becomes a GraphQL error with `extensions.code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverError {
    /// The message.
    pub message: String,
    /// The `extensions.code`.
    pub code: &'static str,
}

impl ResolverError {
    /// An error with a code.
    pub fn new(code: &'static str, message: impl Into<String>) -> ResolverError {
        ResolverError { message: message.into(), code }
    }

    /// The resolver is a scaffold stub.
    pub fn not_implemented(what: &str) -> ResolverError {
        ResolverError::new("NOT_IMPLEMENTED", format!("{what} is not implemented"))
    }

    /// Nothing matches.
    pub fn not_found(message: impl Into<String>) -> ResolverError {
        ResolverError::new("NOT_FOUND", message)
    }

    /// The caller may not do this (403 semantics).
    pub fn forbidden(message: impl Into<String>) -> ResolverError {
        ResolverError::new("FORBIDDEN", message)
    }

    /// The arguments cannot be served (a bad cursor, a negative page size).
    pub fn bad_input(message: impl Into<String>) -> ResolverError {
        ResolverError::new("BAD_USER_INPUT", message)
    }

    /// Anything else.
    pub fn internal(message: impl Into<String>) -> ResolverError {
        ResolverError::new("INTERNAL_SERVER_ERROR", message)
    }
}

impl std::fmt::Display for ResolverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolverError {}

impl From<crate::page::PageError> for ResolverError {
    fn from(e: crate::page::PageError) -> ResolverError {
        ResolverError::bad_input(e.to_string())
    }
}

impl ResolverError {
    /// The GraphQL error, with the code in `extensions.code`. (async-graphql's
    /// blanket `From<impl Display>` would drop the code.)
    pub fn into_graphql(self) -> async_graphql::Error {
        use async_graphql::ErrorExtensions;
        let code = self.code;
        async_graphql::Error::new(self.message).extend_with(|_, ext| ext.set("code", code))
    }
}

/// What a root field's resolver gets as its parent, and an argument-less
/// field's as its arguments: nothing (deserializes from any object).
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
pub struct Unit {}

/// What every resolver gets besides its arguments.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// Who signed the request.
    pub principal: Principal,
}

type BoxFuture<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A resolver's result, waiting to be serialized to what the query selects.
type Rendered = Box<dyn FnOnce(Option<&Selection<'_>>) -> Result<Value, async_graphql::Error> + Send>;

/// A registered resolver: the request's context, the parent value and the
/// arguments (defaults applied) in, the result out.
type ValueResolver = Arc<
    dyn for<'a> Fn(&ResolverContext<'a>, Value) -> BoxFuture<'static, Result<Rendered, async_graphql::Error>>
        + Send
        + Sync,
>;

/// The extension key under which a resolver error carries its path until
/// the HTTP layer moves it into `path` (async-graphql 7.2's dynamic schema
/// drops the path of errors returned by resolvers).
pub const PATH_EXTENSION: &str = "admin_codegen_path";

/// Resolvers by (type, field), filled by generated code.
#[derive(Default, Clone)]
pub struct Resolvers {
    by_field: HashMap<(&'static str, &'static str), ValueResolver>,
}

impl Resolvers {
    /// Registers the resolver of `type_name.field`: it gets the request
    /// context, the parent object (deserialized as `P`), the arguments
    /// (deserialized as `A`) and returns a serializable value.
    pub fn field<P, A, T, F, Fut>(&mut self, type_name: &'static str, field: &'static str, resolve: F)
    where
        P: DeserializeOwned + Send + 'static,
        A: DeserializeOwned + Send + 'static,
        T: Serialize + Send + 'static,
        F: Fn(RequestContext, P, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ResolverError>> + Send + 'static,
    {
        let resolve = Arc::new(resolve);
        let resolver: ValueResolver = Arc::new(move |ctx: &ResolverContext<'_>, args: Value| {
            let resolve = resolve.clone();
            // Everything the future needs is taken out of the context now, so it is 'static.
            let principal = ctx.data::<Principal>().cloned();
            // A root field's parent is null; it deserializes as an empty object.
            let parent = match ctx.parent_value.as_value() {
                Some(v @ Value::Object(_)) => v.clone(),
                _ => Value::Object(Default::default()),
            };
            Box::pin(async move {
                let principal = principal?;
                let parent: P = async_graphql::from_value(parent)?;
                // A checked `filter`/`order` that fails leaves its code behind (serde errors are strings).
                crate::query::take_failure_code();
                let args: A = async_graphql::from_value(args).map_err(|e| match crate::query::take_failure_code() {
                    Some(code) => ResolverError::new(code, e.to_string()).into_graphql(),
                    None => async_graphql::Error::new(format!("invalid arguments: {e}")),
                })?;
                // The path is added by `field_resolver`, which still has the context.
                let out =
                    resolve(RequestContext { principal }, parent, args).await.map_err(ResolverError::into_graphql)?;
                let render: Rendered = Box::new(move |sel: Option<&Selection<'_>>| {
                    select::to_value(&out, sel).map_err(|e| async_graphql::Error::new(e.to_string()))
                });
                Ok(render)
            })
        });
        self.by_field.insert((type_name, field), resolver);
    }
}

/// Registers the methods of one resolver trait as the resolvers of their
/// fields; what a generated `schema()` calls once per trait:
///
/// ```text
/// __register_resolvers!(r, resolvers, R, QueriesResolver, "Queries", root {
///     user_list(args),
///     whoami,
///     r#type["type"],
/// });
/// ```
///
/// The parent is `root` (nothing) or the object's type. Each field is its
/// method, then its wire name in brackets when that is not the method's
/// name, then `(args)` when it takes arguments (their type is the method's).
#[doc(hidden)]
#[macro_export]
macro_rules! __register_resolvers {
    ($r:ident, $imp:ident, $R:ident, $tr:ident, $ty:literal, $p:tt { $($m:ident $([$field:literal])? $(($a:ident))?),* $(,)? }) => {
        $($crate::__register_resolvers!(@one $r, $imp, $R, $tr, $ty, [$m $($field)?], $m, $p, [$($a)?]);)*
    };
    (@one $r:ident, $imp:ident, $R:ident, $tr:ident, $ty:literal, $field:tt, $m:ident, $p:tt, $a:tt) => {{
        let imp = $imp.clone();
        #[allow(unused_variables)]
        $r.field($ty, $crate::__register_resolvers!(@name $field), move |ctx: $crate::server::RequestContext,
                                    parent: $crate::__register_resolvers!(@ty $p),
                                    args: $crate::__register_resolvers!(@args $a)| {
            let imp = imp.clone();
            async move { $crate::__register_resolvers!(@call imp, $R, $tr::$m, ctx, parent, args, $p, $a) }
        });
    }};
    (@name [$m:ident]) => { ::core::stringify!($m) };
    (@name [$m:ident $field:literal]) => { $field };
    (@ty root) => { $crate::server::schema::Unit };
    (@ty $t:ty) => { $t };
    (@args []) => { $crate::server::schema::Unit };
    (@args [args]) => { _ };
    (@call $imp:ident, $R:ident, $tr:ident :: $m:ident, $ctx:ident, $parent:ident, $args:ident, root, []) => {
        <$R as $tr>::$m(&*$imp, &$ctx).await
    };
    (@call $imp:ident, $R:ident, $tr:ident :: $m:ident, $ctx:ident, $parent:ident, $args:ident, root, [args]) => {
        <$R as $tr>::$m(&*$imp, &$ctx, $args).await
    };
    (@call $imp:ident, $R:ident, $tr:ident :: $m:ident, $ctx:ident, $parent:ident, $args:ident, $p:ty, []) => {
        <$R as $tr>::$m(&*$imp, &$ctx, $parent).await
    };
    (@call $imp:ident, $R:ident, $tr:ident :: $m:ident, $ctx:ident, $parent:ident, $args:ident, $p:ty, [args]) => {
        <$R as $tr>::$m(&*$imp, &$ctx, $parent, $args).await
    };
}

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

/// The named type of GraphQL type notation (`[User!]!` → `User`).
pub(crate) fn named(ty: &str) -> &str {
    ty.trim_start_matches('[').trim_end_matches(['!', ']'])
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

/// The caller's value for an owner argument.
fn caller_value(caller: &Principal, owner: OwnerValue) -> Value {
    Value::String(match owner {
        OwnerValue::AccessKey => caller.access_key.clone(),
        OwnerValue::Email => caller.email.clone(),
        OwnerValue::UserUuid => caller.user_id.to_string(),
    })
}

fn forbidden(message: &str) -> async_graphql::Error {
    ResolverError::forbidden(message).into_graphql()
}

/// Applies an access rule (spec §9) to a call of `field` with `args`:
/// `Err` refuses it, `Ok(Some(v))` answers it without the resolver (a
/// mutation payload `{ok: false, msg}`), `Ok(None)` lets it through with the
/// arguments rewritten.
pub fn enforce(
    access: &AccessDef,
    caller: &Principal,
    field: &str,
    args: &mut async_graphql::indexmap::IndexMap<Name, Value>,
) -> Result<Option<Value>, async_graphql::Error> {
    use super::Role;
    let privileged = caller.role == Role::Superadmin && caller.is_admin;
    match access {
        AccessDef::Privileged if privileged => Ok(None),
        AccessDef::Privileged => Err(forbidden("superadmin privilege required")),
        AccessDef::Roles { roles, payload } => {
            if roles.contains(&caller.role.as_str()) {
                Ok(None)
            } else if *payload {
                let msg = format!("no permission to execute {field}");
                Ok(Some(Value::Object(
                    [(Name::new("ok"), Value::Boolean(false)), (Name::new("msg"), Value::String(msg))]
                        .into_iter()
                        .collect(),
                )))
            } else {
                Err(forbidden(&format!("no permission to execute {field}")))
            }
        }
        AccessDef::Scoped { owner, domain, autofill } => {
            let own_domain = Value::String(caller.domain_name.clone());
            let absent = |args: &async_graphql::indexmap::IndexMap<Name, Value>, k: &str| {
                matches!(args.get(k), None | Some(Value::Null))
            };
            match caller.role {
                Role::Superadmin => {}
                Role::Admin | Role::User => {
                    if *domain {
                        if !absent(args, "domain_name") && args.get("domain_name") != Some(&own_domain) {
                            return Err(forbidden("you cannot query other domains"));
                        }
                        args.insert(Name::new("domain_name"), own_domain);
                    }
                }
                Role::Monitor => return Err(forbidden("Unknown client role")),
            }
            if let Some((owner, value)) = owner {
                let me = caller_value(caller, *value);
                if caller.role == Role::User {
                    if !absent(args, owner) && args.get(*owner) != Some(&me) {
                        return Err(forbidden("you can only query your own records"));
                    }
                    args.insert(Name::new(*owner), me);
                } else if *autofill && absent(args, owner) {
                    args.insert(Name::new(*owner), me);
                }
            }
            Ok(None)
        }
    }
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
