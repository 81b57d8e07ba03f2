//! Ready-made pagination request types (spec §6) that generated argument
//! structs hold, and the arithmetic every server repeats with them.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The `limit`/`offset` arguments of an offset `*_list` field. `N` is `i32`
/// when the schema declares them `Int!` (the documented convention), and
/// `Option<i32>` when it declares them nullable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct OffsetPageRequest<N = i32> {
    /// How many items at most (SQL `LIMIT`).
    pub limit: N,
    /// How many items to skip (SQL `OFFSET`).
    pub offset: N,
}

impl OffsetPageRequest<i32> {
    /// The first page of `size` items.
    pub fn first(size: i32) -> Self {
        OffsetPageRequest { limit: size, offset: 0 }
    }

    /// The page after this one.
    pub fn next(self) -> Self {
        OffsetPageRequest { limit: self.limit, offset: self.offset.saturating_add(self.limit) }
    }

    /// The indexes this page covers in a list of `total` items, with the
    /// limit capped at `cap`. Negative values count as zero.
    pub fn range(&self, total: usize, cap: usize) -> Range<usize> {
        let start = usize::try_from(self.offset).unwrap_or(0).min(total);
        let len = usize::try_from(self.limit).unwrap_or(0).min(cap);
        start..start.saturating_add(len).min(total)
    }

    /// The slice of `items` this page covers, with the limit capped at `cap`.
    pub fn slice<'a, T>(&self, items: &'a [T], cap: usize) -> &'a [T] {
        &items[self.range(items.len(), cap)]
    }
}

impl OffsetPageRequest<Option<i32>> {
    /// Fills absent values: `limit` with `default_limit`, `offset` with 0.
    pub fn or_default(self, default_limit: i32) -> OffsetPageRequest<i32> {
        OffsetPageRequest { limit: self.limit.unwrap_or(default_limit), offset: self.offset.unwrap_or(0) }
    }
}

/// The Relay arguments of a connection field: `first`/`after` forward,
/// `last`/`before` backward, and Backend.AI's `offset`. A field that lacks
/// one of them always has it `None`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct RelayPageRequest {
    /// Page size, counting forward.
    #[serde(default)]
    pub first: Option<i32>,
    /// Start after this cursor.
    #[serde(default)]
    pub after: Option<String>,
    /// Page size, counting backward from the end.
    #[serde(default)]
    pub last: Option<i32>,
    /// End before this cursor.
    #[serde(default)]
    pub before: Option<String>,
    /// Page by offset instead of cursor, with `first` as the limit (Backend.AI).
    #[serde(default)]
    pub offset: Option<i32>,
}

/// Why a Relay request cannot be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError(String);

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PageError {}

/// One page of a Relay connection over an indexed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayWindow {
    /// The indexes on the page.
    pub range: Range<usize>,
    /// `pageInfo.hasNextPage`.
    pub has_next_page: bool,
    /// `pageInfo.hasPreviousPage`.
    pub has_previous_page: bool,
}

/// The cursor of the item at `index` in the cursors [`RelayPageRequest::window`] reads.
pub fn offset_cursor(index: usize) -> String {
    format!("offset:{index}")
}

fn parse_cursor(arg: &str, cursor: &str) -> Result<usize, PageError> {
    cursor
        .strip_prefix("offset:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| PageError(format!("`{arg}` is not a cursor this server issued: {cursor:?}")))
}

fn non_negative(arg: &str, value: Option<i32>) -> Result<Option<usize>, PageError> {
    value
        .map(|v| usize::try_from(v).map_err(|_| PageError(format!("`{arg}` must not be negative, got {v}"))))
        .transpose()
}

impl RelayPageRequest {
    /// The first `size` items.
    pub fn first(size: i32) -> Self {
        RelayPageRequest { first: Some(size), ..Default::default() }
    }

    /// Where this request falls in a list of `total` items whose cursors come
    /// from [`offset_cursor`]: `offset` (when given) or `after` sets the start,
    /// `before` the end, then `first` keeps the head and `last` the tail. The
    /// page size is `default_size` when neither `first` nor `last` is given,
    /// and never above `cap` (spec §6: default 10, servers cap it).
    pub fn window(&self, total: usize, default_size: usize, cap: usize) -> Result<RelayWindow, PageError> {
        let first = non_negative("first", self.first)?.map(|n| n.min(cap));
        let last = non_negative("last", self.last)?.map(|n| n.min(cap));
        let mut start = match (non_negative("offset", self.offset)?, &self.after) {
            (Some(offset), _) => offset,
            (None, Some(after)) => parse_cursor("after", after)?.saturating_add(1),
            (None, None) => 0,
        }
        .min(total);
        let mut end = match &self.before {
            Some(before) => parse_cursor("before", before)?.min(total),
            None => total,
        }
        .max(start);
        match (first, last) {
            (None, None) => end = end.min(start.saturating_add(default_size.min(cap))),
            (first, last) => {
                if let Some(first) = first {
                    end = end.min(start.saturating_add(first));
                }
                if let Some(last) = last {
                    start = start.max(end.saturating_sub(last));
                }
            }
        }
        Ok(RelayWindow { range: start..end, has_next_page: end < total, has_previous_page: start > 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_pages_cover_the_list_once() {
        let items: Vec<u32> = (0..23).collect();
        let mut seen = Vec::new();
        let mut page = OffsetPageRequest::first(10);
        loop {
            let chunk = page.slice(&items, 100);
            if chunk.is_empty() {
                break;
            }
            seen.extend_from_slice(chunk);
            page = page.next();
        }
        assert_eq!(seen, items);
        assert_eq!(OffsetPageRequest { limit: 500, offset: 0 }.range(1000, 100), 0..100);
        assert_eq!(OffsetPageRequest { limit: -1, offset: -5 }.range(10, 100), 0..0);
        assert_eq!(
            OffsetPageRequest { limit: None, offset: Some(3) }.or_default(10),
            OffsetPageRequest { limit: 10, offset: 3 }
        );
    }

    #[test]
    fn relay_windows_walk_forward_and_back() {
        let w = RelayPageRequest::first(4).window(10, 10, 100).unwrap();
        assert_eq!((w.range.clone(), w.has_next_page, w.has_previous_page), (0..4, true, false));
        let after =
            RelayPageRequest { first: Some(4), after: Some(offset_cursor(w.range.end - 1)), ..Default::default() };
        assert_eq!(after.window(10, 10, 100).unwrap().range, 4..8);
        let tail = RelayPageRequest { last: Some(3), ..Default::default() }.window(10, 10, 100).unwrap();
        assert_eq!((tail.range, tail.has_next_page, tail.has_previous_page), (7..10, false, true));
        let before = RelayPageRequest { last: Some(2), before: Some(offset_cursor(5)), ..Default::default() };
        assert_eq!(before.window(10, 10, 100).unwrap().range, 3..5);
        let by_offset = RelayPageRequest { first: Some(2), offset: Some(6), ..Default::default() };
        assert_eq!(by_offset.window(10, 10, 100).unwrap().range, 6..8);
        assert_eq!(RelayPageRequest::default().window(50, 10, 100).unwrap().range, 0..10);
        assert_eq!(RelayPageRequest::first(1000).window(500, 10, 100).unwrap().range, 0..100);
    }

    #[test]
    fn relay_rejects_bad_input() {
        let bad = RelayPageRequest { after: Some("zzz".into()), ..Default::default() };
        assert!(bad.window(10, 10, 100).unwrap_err().to_string().contains("`after`"));
        assert!(RelayPageRequest::first(-1).window(10, 10, 100).is_err());
    }
}
