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

/// A schema described as static data by generated code.
#[derive(Debug)]
pub struct SchemaDef {
    /// The query root's name.
    pub query: &'static str,
    /// The mutation root's name.
    pub mutation: Option<&'static str>,
    /// Every type but the built-in scalars.
    pub types: &'static [TypeDef],
}

/// One named type.
#[derive(Debug)]
pub struct TypeDef {
    /// The GraphQL name.
    pub name: &'static str,
    /// The description.
    pub description: Option<&'static str>,
    /// What it is.
    pub kind: KindDef,
}

/// The kinds of types.
#[derive(Debug)]
pub enum KindDef {
    /// A custom scalar; `check` names a known format to validate inputs against.
    Scalar {
        /// `Some("UUID")` or `Some("DateTime")` for the Admin API's scalars.
        check: Option<&'static str>,
    },
    /// An object type.
    Object {
        /// Interfaces it implements.
        implements: &'static [&'static str],
        /// Its fields.
        fields: &'static [FieldDef],
    },
    /// An interface.
    Interface {
        /// Interfaces it implements.
        implements: &'static [&'static str],
        /// Its fields.
        fields: &'static [FieldDef],
    },
    /// A union of object types.
    Union {
        /// Its members.
        members: &'static [&'static str],
    },
    /// An enum.
    Enum {
        /// Its values.
        values: &'static [EnumValueDef],
    },
    /// An input object.
    InputObject {
        /// Its fields.
        fields: &'static [InputDef],
    },
}

/// A field of an object or interface.
#[derive(Debug)]
pub struct FieldDef {
    /// The wire name.
    pub name: &'static str,
    /// The type, in GraphQL notation (`[User]!`).
    pub ty: &'static str,
    /// Arguments.
    pub args: &'static [InputDef],
    /// The description.
    pub description: Option<&'static str>,
    /// The deprecation reason.
    pub deprecation: Option<&'static str>,
    /// Who may call the field; enforced before the resolver runs.
    pub access: Option<AccessDef>,
}

/// An access rule of spec §9.
#[derive(Debug)]
pub enum AccessDef {
    /// Superadmins with a privileged keypair only.
    Privileged,
    /// Owner-scoped: `domain_name` and the owner argument are checked and rewritten by role.
    Scoped {
        /// The owner argument (`access_key`, `email`, `user_id`, `user_uuid`).
        owner: Option<&'static str>,
        /// Whether the field takes `domain_name`.
        domain: bool,
        /// Whether a missing owner becomes the caller.
        autofill: bool,
    },
    /// Only these roles.
    Roles {
        /// The roles allowed.
        roles: &'static [&'static str],
        /// Whether others get `{ok: false, msg}` (a mutation payload) instead of an error.
        payload: bool,
    },
}

/// An argument or input field.
#[derive(Debug)]
pub struct InputDef {
    /// The wire name.
    pub name: &'static str,
    /// The type, in GraphQL notation.
    pub ty: &'static str,
    /// The default value as a GraphQL literal.
    pub default: Option<&'static str>,
    /// The description.
    pub description: Option<&'static str>,
}

/// An enum value.
#[derive(Debug)]
pub struct EnumValueDef {
    /// The wire name.
    pub name: &'static str,
    /// The description.
    pub description: Option<&'static str>,
    /// The deprecation reason.
    pub deprecation: Option<&'static str>,
}

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

/// Parses a GraphQL literal (a default value) into a value.
fn literal(text: &str) -> Option<Value> {
    let doc = async_graphql::parser::parse_query(format!("{{ f(v: {text}) }}")).ok()?;
    let (_, op) = doc.operations.iter().next()?;
    let async_graphql::parser::types::Selection::Field(field) = &op.node.selection_set.node.items.first()?.node else {
        return None;
    };
    field.node.arguments.first()?.1.node.clone().into_const()
}

fn input_value(def: &InputDef) -> InputValue {
    let mut v = InputValue::new(def.name, type_ref(def.ty));
    if let Some(default) = def.default.and_then(literal) {
        v = v.default_value(default);
    }
    if let Some(d) = def.description {
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
    let registered = resolvers.by_field.get(&(type_name, f.name)).cloned();
    let inputs = inputs.clone();
    let pruning = pruning.clone();
    let returns = named(f.ty);
    field_fn(move |ctx: ResolverContext<'_>| {
        let value = registered.as_ref().map(|resolver| -> BoxFuture<'static, Result<Rendered, async_graphql::Error>> {
            let mut args: async_graphql::indexmap::IndexMap<Name, Value> = f
                .args
                .iter()
                .filter_map(|a| {
                    let v = ctx.args.get(a.name)?.as_value().clone();
                    Some((Name::new(a.name), with_input_defaults(v, a.ty, &inputs)))
                })
                .collect();
            if let Some(access) = &f.access {
                let verdict = match ctx.data::<Principal>() {
                    Ok(caller) => enforce(access, caller, f.name, &mut args),
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
                Some(Value::Object(map)) => map.get(f.name).cloned(),
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
fn caller_value(caller: &Principal, owner: &str) -> Value {
    match owner {
        "access_key" => Value::String(caller.access_key.clone()),
        "email" => Value::String(caller.email.clone()),
        _ => Value::String(caller.user_id.to_string()),
    }
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
            if let Some(owner) = owner {
                let me = caller_value(caller, owner);
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
                    let key = Name::new(f.name);
                    match map.swap_remove(&key) {
                        Some(v) => {
                            map.insert(key, with_input_defaults(v, f.ty, inputs));
                        }
                        None => {
                            if let Some(d) = f.default.and_then(literal) {
                                map.insert(key, with_input_defaults(d, f.ty, inputs));
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

/// Whether async-graphql 7.2's dynamic schema accepts `implementing` for an
/// interface field of type `interface`: its own rule, reproduced exactly. It
/// is stricter than GraphQL: the named types must be equal (no covariance,
/// `[User]` for `[Item]`), and a non-null field cannot implement a nullable
/// one (`ID!` for `ID`), because the check is applied with the roles reversed.
fn dynamic_accepts(implementing: &TypeRef, interface: &TypeRef) -> bool {
    match (implementing, interface) {
        (TypeRef::NonNull(a), TypeRef::NonNull(b)) => dynamic_accepts(a, b),
        (_, TypeRef::NonNull(b)) => dynamic_accepts(implementing, b),
        (TypeRef::Named(a), TypeRef::Named(b)) => a == b,
        (TypeRef::List(a), TypeRef::List(b)) => dynamic_accepts(a, b),
        _ => false,
    }
}

/// Where the served schema differs from the SDL, because async-graphql's
/// dynamic schema rejects some valid GraphQL (see [`dynamic_accepts`]) and
/// would otherwise refuse to build the whole schema. Implementing types always
/// keep their exact fields, so queries on concrete types are unaffected.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deviations {
    /// Interface fields (`Interface.field`) whose implementations use
    /// different named types (covariance): left off the interface.
    pub omitted: Vec<String>,
    /// Interface fields (`Interface.field`, served type) whose
    /// implementations differ only in nullability: served non-null wherever
    /// an implementation is non-null.
    pub adjusted: Vec<(String, String)>,
}

/// Merges two types of the same shape, non-null wherever either is; `None`
/// when the named types or the list nesting differ.
fn merge_nullability(a: &TypeRef, b: &TypeRef) -> Option<TypeRef> {
    let strip = |t: &TypeRef| match t {
        TypeRef::NonNull(inner) => (inner.as_ref().clone(), true),
        other => (other.clone(), false),
    };
    let ((a, a_nn), (b, b_nn)) = (strip(a), strip(b));
    let merged = match (&a, &b) {
        (TypeRef::Named(x), TypeRef::Named(y)) if x == y => a.clone(),
        (TypeRef::List(x), TypeRef::List(y)) => TypeRef::List(Box::new(merge_nullability(x, y)?)),
        _ => return None,
    };
    Some(if a_nn || b_nn { TypeRef::NonNull(Box::new(merged)) } else { merged })
}

/// What [`build`] changes so that async-graphql accepts the schema.
pub fn deviations(def: &SchemaDef) -> Deviations {
    let fields_of = |name: &str| {
        def.types.iter().find(|t| t.name == name).and_then(|t| match &t.kind {
            KindDef::Object { fields, .. } | KindDef::Interface { fields, .. } => Some(*fields),
            _ => None,
        })
    };
    let mut out = Deviations::default();
    for t in def.types {
        let KindDef::Interface { fields, .. } = &t.kind else { continue };
        for f in *fields {
            let declared = type_ref(f.ty);
            let implementations: Vec<TypeRef> = def
                .types
                .iter()
                .filter(|o| match &o.kind {
                    KindDef::Object { implements, .. } | KindDef::Interface { implements, .. } => {
                        implements.contains(&t.name)
                    }
                    _ => false,
                })
                .filter_map(|o| fields_of(o.name)?.iter().find(|of| of.name == f.name).map(|of| type_ref(of.ty)))
                .collect();
            if implementations.iter().all(|i| dynamic_accepts(i, &declared)) {
                continue;
            }
            let served = implementations.iter().try_fold(declared.clone(), |acc, i| merge_nullability(&acc, i));
            match served {
                Some(served) if implementations.iter().all(|i| dynamic_accepts(i, &served)) => {
                    out.adjusted.push((format!("{}.{}", t.name, f.name), served.to_string()))
                }
                _ => out.omitted.push(format!("{}.{}", t.name, f.name)),
            }
        }
    }
    out
}

/// Builds the dynamic schema: every type of `def`, with `resolvers` for the
/// fields that have one. Introspection and suggestions are left to the
/// HTTP service and to the caller's options on the returned builder. See
/// [`deviations`] for the ways the served schema can differ from the SDL.
pub fn build(def: &'static SchemaDef, resolvers: Resolvers) -> SchemaBuilder {
    let Deviations { omitted, adjusted } = deviations(def);
    let inputs: Arc<HashMap<&'static str, &'static [InputDef]>> = Arc::new(
        def.types
            .iter()
            .filter_map(|t| match &t.kind {
                KindDef::InputObject { fields } => Some((t.name, *fields)),
                _ => None,
            })
            .collect(),
    );
    let abstract_types: std::collections::HashSet<&str> = def
        .types
        .iter()
        .filter(|t| matches!(t.kind, KindDef::Interface { .. } | KindDef::Union { .. }))
        .map(|t| t.name)
        .collect();
    let resolved: std::collections::HashSet<&'static str> = resolvers.by_field.keys().map(|(t, _)| *t).collect();
    let pruning = Arc::new(Pruning::new(def, &resolved));
    let mut builder = async_graphql::dynamic::Schema::build(def.query, def.mutation, None);
    for t in def.types {
        builder = match &t.kind {
            KindDef::Scalar { check } => {
                let s = Scalar::new(t.name);
                let s = match scalar_check(*check) {
                    Some(check) => s.validator(check),
                    None => s,
                };
                builder.register(documented!(s, t.description))
            }
            KindDef::Object { implements, fields } => {
                let mut o = Object::new(t.name);
                for i in *implements {
                    o = o.implement(*i);
                }
                for f in *fields {
                    let resolve =
                        field_resolver(t.name, f, &resolvers, &inputs, &pruning, abstract_types.contains(named(f.ty)));
                    let mut field = Field::new(f.name, type_ref(f.ty), resolve);
                    for a in f.args {
                        field = field.argument(input_value(a));
                    }
                    o = o.field(documented!(field, f.description, f.deprecation));
                }
                builder.register(documented!(o, t.description))
            }
            KindDef::Interface { implements, fields } => {
                let mut i = Interface::new(t.name);
                for imp in *implements {
                    i = i.implement(*imp);
                }
                for f in fields.iter().filter(|f| !omitted.contains(&format!("{}.{}", t.name, f.name))) {
                    let key = format!("{}.{}", t.name, f.name);
                    let ty =
                        adjusted.iter().find(|(k, _)| *k == key).map_or_else(|| type_ref(f.ty), |(_, t)| type_ref(t));
                    let mut field = InterfaceField::new(f.name, ty);
                    for a in f.args {
                        field = field.argument(input_value(a));
                    }
                    i = i.field(documented!(field, f.description, f.deprecation));
                }
                builder.register(documented!(i, t.description))
            }
            KindDef::Union { members } => {
                let u = members.iter().fold(Union::new(t.name), |u, m| u.possible_type(*m));
                builder.register(documented!(u, t.description))
            }
            KindDef::Enum { values } => {
                let e = values.iter().fold(Enum::new(t.name), |e, v| {
                    e.item(documented!(EnumItem::new(v.name), v.description, v.deprecation))
                });
                builder.register(documented!(e, t.description))
            }
            KindDef::InputObject { fields } => {
                let i = fields.iter().fold(InputObject::new(t.name), |i, f| i.field(input_value(f)));
                builder.register(documented!(i, t.description))
            }
        };
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dynamic_schema_rule_is_reproduced() {
        let ok = |a, b| dynamic_accepts(&type_ref(a), &type_ref(b));
        assert!(ok("ID", "ID") && ok("[User]!", "[User]!") && ok("ID", "ID!"));
        assert!(!ok("ID!", "ID"), "async-graphql rejects narrowing to non-null");
        assert!(!ok("[User]!", "[Item]!"), "async-graphql rejects covariance");
        let merged = |a, b| merge_nullability(&type_ref(a), &type_ref(b)).map(|t| t.to_string());
        assert_eq!(merged("ID", "ID!").as_deref(), Some("ID!"));
        assert_eq!(merged("[User]", "[User!]!").as_deref(), Some("[User!]!"));
        assert_eq!(merged("[Item]", "[User]"), None);
    }

    #[test]
    fn type_notation_and_literals() {
        assert_eq!(type_ref("[User!]!").to_string(), "[User!]!");
        assert_eq!(named("[[Int!]]!"), "Int");
        assert_eq!(literal("[1, 2]"), Some(Value::List(vec![Value::from(1), Value::from(2)])));
        assert_eq!(literal("ACTIVE"), Some(Value::Enum(Name::new("ACTIVE"))));
        assert_eq!(literal("{a: \"x\"}").map(|v| v.to_string()), Some("{a: \"x\"}".to_owned()));
    }
}
