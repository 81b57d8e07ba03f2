//! The hasher of the IR's own maps: rustc's Fx hash, from `rustc-hash`.
//! std's SipHash resists hash flooding, which a code generator's maps of
//! type and field names do not need; profiling showed it dominating lowering
//! time on large schemas. Maps are for lookups only: nothing iterates over
//! one where order reaches the output.

pub use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
