//! [`Resolvers`]: the registered resolver of each (type, field), filled by
//! generated code through `__register_resolvers!`, one call per trait.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use async_graphql::Value;
use async_graphql::dynamic::ResolverContext;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Principal;
use super::resolver::{RequestContext, ResolverError};
use super::select::{self, Selection};

pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A resolver's result, waiting to be serialized to what the query selects.
pub(crate) type Rendered = Box<dyn FnOnce(Option<&Selection<'_>>) -> Result<Value, async_graphql::Error> + Send>;

/// A registered resolver: the request's context, the parent value and the
/// arguments (defaults applied) in, the result out.
pub(crate) type ValueResolver = Arc<
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
    pub(crate) by_field: HashMap<(&'static str, &'static str), ValueResolver>,
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
