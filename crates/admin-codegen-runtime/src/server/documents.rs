//! A bounded cache of parsed GraphQL documents.
//!
//! Parsing a query is about a third of the cost of a small request; admin
//! consoles send the same few documents over and over. The service parses a
//! document once and hands async-graphql a copy of the parsed form
//! (`Request::set_parsed_query`), which then skips its own parse. Validation
//! still runs on every request. Documents that do not parse are not cached:
//! async-graphql parses them again and reports the error as it always does.
//!
//! Memory is bounded: only documents up to [`MAX_QUERY_BYTES`] are cached,
//! at most `capacity` of them, and a full cache is emptied and starts over
//! (no per-hit bookkeeping; a workload of a few documents refills it at once).

use std::collections::HashMap;
use std::sync::Mutex;

use async_graphql::parser::types::ExecutableDocument;

/// The longest query text that is cached.
pub const MAX_QUERY_BYTES: usize = 4 * 1024;

pub(crate) struct DocumentCache {
    capacity: usize,
    entries: Mutex<HashMap<Box<str>, ExecutableDocument>>,
}

impl DocumentCache {
    /// A cache of at most `capacity` documents; 0 turns it off.
    pub(crate) fn new(capacity: usize) -> DocumentCache {
        DocumentCache { capacity, entries: Mutex::new(HashMap::new()) }
    }

    /// Gives `request` its parsed document from the cache, parsing and
    /// caching it first if needed.
    pub(crate) fn prepare(&self, request: &mut async_graphql::Request) {
        if self.capacity == 0 || request.query.len() > MAX_QUERY_BYTES {
            return;
        }
        let lock = || self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(doc) = lock().get(request.query.as_str()).cloned() {
            request.set_parsed_query(doc);
            return;
        }
        let Ok(doc) = async_graphql::parser::parse_query(&request.query) else { return };
        let mut entries = lock();
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(request.query.as_str().into(), doc.clone());
        drop(entries);
        request.set_parsed_query(doc);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_parsed_documents_within_bounds() {
        let cache = DocumentCache::new(2);
        let mut r = async_graphql::Request::new("{ a }");
        cache.prepare(&mut r);
        assert!(r.parsed_query().is_ok());
        assert_eq!(cache.len(), 1);
        // A second request for the same text is served from the cache.
        let mut again = async_graphql::Request::new("{ a }");
        cache.prepare(&mut again);
        assert_eq!(cache.len(), 1);
        // Invalid documents are left to the executor, never cached.
        let mut bad = async_graphql::Request::new("{ a ");
        cache.prepare(&mut bad);
        assert_eq!(cache.len(), 1);
        // Long documents are not cached.
        let long = format!("{{ {} }}", "a ".repeat(MAX_QUERY_BYTES));
        cache.prepare(&mut async_graphql::Request::new(long));
        assert_eq!(cache.len(), 1);
        // Full: emptied and started over.
        cache.prepare(&mut async_graphql::Request::new("{ b }"));
        assert_eq!(cache.len(), 2);
        cache.prepare(&mut async_graphql::Request::new("{ c }"));
        assert_eq!(cache.len(), 1);
        // Off.
        let off = DocumentCache::new(0);
        off.prepare(&mut async_graphql::Request::new("{ a }"));
        assert_eq!(off.len(), 0);
    }
}
