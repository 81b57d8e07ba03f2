//! Work spread over the available cores, results in input order.

/// `f` over `units` on every core (in contiguous runs, one per thread),
/// results in order; one thread for fewer than 16 units a core.
pub(crate) fn map<T: Sync, R: Send>(units: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(units.len() / 16).max(1);
    if threads == 1 {
        return units.iter().map(f).collect();
    }
    let per = units.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> =
            units.chunks(per).map(|chunk| s.spawn(|| chunk.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}
