//! Page streams: every item of an offset list (`limit`/`offset` until
//! `total_count`, or a short page) or of a Relay connection (`first`/`after`
//! until `hasNextPage` is false), one request per page.

use std::collections::VecDeque;
use std::pin::Pin;

use futures_util::Stream;
use serde_json::Value;

use super::{Client, ClientError, decode};
use crate::operation::{OffsetPaged, RelayPaged};

/// A stream of items, fetched a page at a time.
pub type PageStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T, ClientError>> + Send + 'a>>;

struct State<'a, V> {
    client: &'a Client,
    variables: Value,
    buffered: VecDeque<Value>,
    next: Option<V>,
    _v: std::marker::PhantomData<V>,
}

impl Client {
    /// Every item of an offset-paginated operation, `page_size` per request,
    /// starting at offset 0 (the variables' `limit` and `offset` are overwritten).
    pub fn offset_pages<'a, O: OffsetPaged>(
        &'a self,
        variables: &O::Variables,
        page_size: i32,
    ) -> PageStream<'a, O::Item>
    where
        O::Item: 'a,
    {
        let variables = serde_json::to_value(variables).unwrap_or(Value::Null);
        let page = O::PAGE;
        let state =
            State { client: self, variables, buffered: VecDeque::new(), next: Some(0i64), _v: Default::default() };
        Box::pin(futures_util::stream::try_unfold(state, move |mut state| async move {
            loop {
                if let Some(item) = state.buffered.pop_front() {
                    return Ok(Some((decode::<O::Item>(item)?, state)));
                }
                let Some(offset) = state.next else { return Ok(None) };
                state.variables[page.limit] = Value::from(page_size);
                state.variables[page.offset] = Value::from(offset);
                let body = super::request_body::<O>(&state.variables);
                let data = state.client.post(&body).await?;
                let list = &data[page.root];
                let items = list[page.items].as_array().cloned().unwrap_or_default();
                let fetched = items.len() as i64;
                let end = offset + fetched;
                let more = match page.total.and_then(|t| list[t].as_i64()) {
                    Some(total) => end < total && fetched > 0,
                    None => fetched == i64::from(page_size) && fetched > 0,
                };
                state.next = more.then_some(end);
                state.buffered.extend(items);
            }
        }))
    }

    /// Every node of a Relay connection, `page_size` per request (`first`),
    /// following `endCursor` while `hasNextPage` (the variables' `first` and `after` are overwritten).
    pub fn relay_pages<'a, O: RelayPaged>(&'a self, variables: &O::Variables, page_size: i32) -> PageStream<'a, O::Item>
    where
        O::Item: 'a,
    {
        let variables = serde_json::to_value(variables).unwrap_or(Value::Null);
        let page = O::PAGE;
        let state = State::<Option<String>> {
            client: self,
            variables,
            buffered: VecDeque::new(),
            next: Some(None),
            _v: Default::default(),
        };
        Box::pin(futures_util::stream::try_unfold(state, move |mut state| async move {
            loop {
                if let Some(item) = state.buffered.pop_front() {
                    return Ok(Some((decode::<O::Item>(item)?, state)));
                }
                let Some(after) = state.next.take() else { return Ok(None) };
                state.variables[page.first] = Value::from(page_size);
                state.variables[page.after] = after.map_or(Value::Null, Value::String);
                let body = super::request_body::<O>(&state.variables);
                let data = state.client.post(&body).await?;
                let connection = &data[page.root];
                let edges = connection[page.edges].as_array().cloned().unwrap_or_default();
                let info = &connection[page.page_info];
                let has_next = info[page.has_next_page].as_bool().unwrap_or(false);
                let cursor = info[page.end_cursor].as_str().map(str::to_owned);
                if has_next && !edges.is_empty() {
                    match cursor {
                        Some(c) => state.next = Some(Some(c)),
                        None => {
                            return Err(ClientError::Decode("`hasNextPage` is true but `endCursor` is null".into()));
                        }
                    }
                }
                state.buffered.extend(edges.into_iter().map(|mut e| e[page.node].take()));
            }
        }))
    }
}
