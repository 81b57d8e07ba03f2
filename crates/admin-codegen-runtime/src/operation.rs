//! What generated client operations implement: the document, the variables
//! and response types, and the keys the runtime reads for page streams and
//! `{ok, msg}` payloads. Needs no HTTP client: a crate can use the generated
//! operations with its own transport.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Query or mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// `query`.
    Query,
    /// `mutation`.
    Mutation,
}

/// A generated operation.
pub trait Operation {
    /// The variables, serialized as the request's `variables`.
    type Variables: Serialize + Send + Sync;
    /// The `data` of a successful response.
    type Response: DeserializeOwned + Send;
    /// The operation name (sent as `operationName`).
    const NAME: &'static str;
    /// The document text sent as `query`.
    const DOCUMENT: &'static str;
    /// Query or mutation.
    const KIND: OperationKind;
    /// Root fields returning `{ok, msg}` payloads with `ok` selected.
    const PAYLOADS: &'static [PayloadKeys] = &[];
}

/// Where an in-band failure is reported in the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayloadKeys {
    /// The root field's response key.
    pub root: &'static str,
    /// The schema field, for messages.
    pub field: &'static str,
    /// The key of `ok`.
    pub ok: &'static str,
    /// The key of `msg`, when selected.
    pub msg: Option<&'static str>,
}

/// An operation whose only root field is an offset `*_list` with `limit` and
/// `offset` bound to variables.
pub trait OffsetPaged: Operation {
    /// One element of `items`.
    type Item: DeserializeOwned + Send;
    /// The keys and variables the page stream uses.
    const PAGE: OffsetPage;
}

/// The keys and variables of an offset page stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetPage {
    /// The root field's response key.
    pub root: &'static str,
    /// The key of `items`.
    pub items: &'static str,
    /// The key of `total_count`, when selected.
    pub total: Option<&'static str>,
    /// The variable bound to `limit`.
    pub limit: &'static str,
    /// The variable bound to `offset`.
    pub offset: &'static str,
}

/// An operation whose only root field is a Relay connection with `first` and
/// `after` bound to variables.
pub trait RelayPaged: Operation {
    /// A `node`.
    type Item: DeserializeOwned + Send;
    /// The keys and variables the page stream uses.
    const PAGE: RelayPage;
}

/// The keys and variables of a Relay page stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelayPage {
    /// The root field's response key.
    pub root: &'static str,
    /// The key of `edges`.
    pub edges: &'static str,
    /// The key of `node`.
    pub node: &'static str,
    /// The key of `pageInfo`.
    pub page_info: &'static str,
    /// The key of `hasNextPage`.
    pub has_next_page: &'static str,
    /// The key of `endCursor`.
    pub end_cursor: &'static str,
    /// The variable bound to `first`.
    pub first: &'static str,
    /// The variable bound to `after`.
    pub after: &'static str,
}

/// Reads an interface or union selection: its `__typename` and the whole value,
/// to be decoded as the variant the type name picks (with [`decode`]).
#[doc(hidden)]
pub fn typename_value<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<(String, serde_json::Value), D::Error> {
    use serde::Deserialize;
    let value = serde_json::Value::deserialize(deserializer)?;
    let typename = value.get("__typename").and_then(serde_json::Value::as_str).unwrap_or("").to_owned();
    Ok((typename, value))
}

/// Decodes a value read by [`typename_value`] as one variant's struct.
#[doc(hidden)]
pub fn decode<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}
