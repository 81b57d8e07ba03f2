//! What resolver methods return and take: [`Answer`], [`ResolverError`]
//! (a GraphQL error with `extensions.code`), [`RequestContext`] and [`Unit`].

use super::Principal;

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
