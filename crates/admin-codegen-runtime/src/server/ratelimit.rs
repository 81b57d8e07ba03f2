//! Rate limits per access key (spec §8, "Rate limits"): a rolling window of
//! the last 15 minutes, the keypair's `rate_limit`, every authenticated
//! request counted (those that fail later too, and those refused for being
//! over the limit, as the reference server does).
//!
//! Two back ends implement [`RateLimiter`]:
//! - [`MemoryRateLimiter`], the default: one process, exact to 100 ms.
//! - `RedisRateLimiter` (feature `ratelimit-redis`): one sorted set per access
//!   key in Redis or Valkey, changed by one script, so that every replica of a
//!   server sees every request.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::keystore::StoreError;

/// The rolling window: 15 minutes, sent as `X-RateLimit-Window: 900`.
pub const WINDOW: Duration = Duration::from_secs(900);

/// What `X-RateLimit-Limit` and `-Remaining` say on unauthenticated responses.
pub const UNAUTHENTICATED_LIMIT: u32 = 1000;

/// The future a [`RateLimiter`] returns: how many requests the access key
/// made within [`WINDOW`], this one included (a back end may stop counting a
/// little above `limit`, since nothing beyond that changes the answer).
pub type Hit<'a> = Pin<Box<dyn Future<Output = Result<u64, StoreError>> + Send + 'a>>;

/// Where requests are counted.
pub trait RateLimiter: Send + Sync + 'static {
    /// Records one request by `access_key` now, whose keypair allows `limit`
    /// requests per window.
    fn hit<'a>(&'a self, access_key: &'a str, limit: u32) -> Hit<'a>;
}

/// What the service does when the rate limiter fails (Redis unreachable or
/// slower than its timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WhenUnavailable {
    /// Serve the request uncounted, without `X-RateLimit-Remaining` (the
    /// default). The limit is a fairness guard on requests that are already
    /// authenticated, not a permission: a management console should keep
    /// working while the counter is down, so that it can be used to fix it.
    #[default]
    Serve,
    /// Refuse the request with 503 problem+json.
    Refuse,
}

/// The rate limiter a service uses and what it does when that fails.
#[derive(Clone)]
pub struct RateLimit {
    pub(super) limiter: Arc<dyn RateLimiter>,
    pub(super) when_unavailable: WhenUnavailable,
    /// Set while the limiter is failing, so that a failure is logged once.
    pub(super) failing: Arc<AtomicBool>,
}

impl RateLimit {
    /// Counts with `limiter`, serving requests when it fails.
    pub fn new(limiter: impl RateLimiter) -> Self {
        RateLimit {
            limiter: Arc::new(limiter),
            when_unavailable: WhenUnavailable::default(),
            failing: Arc::new(AtomicBool::new(false)),
        }
    }

    /// What to do when the limiter fails.
    pub fn when_unavailable(mut self, when: WhenUnavailable) -> Self {
        self.when_unavailable = when;
        self
    }

    /// Notes the outcome of a count, logging a change between working and failing.
    pub(super) fn note(&self, outcome: &Result<u64, StoreError>) {
        let failing = outcome.is_err();
        if self.failing.swap(failing, Ordering::Relaxed) != failing {
            match outcome {
                Err(e) => eprintln!(
                    "admin-codegen: rate limiter failing ({e}); {:?} until it recovers",
                    self.when_unavailable
                ),
                Ok(_) => eprintln!("admin-codegen: rate limiter recovered"),
            }
        }
    }
}

impl Default for RateLimit {
    /// An in-process [`MemoryRateLimiter`].
    fn default() -> Self {
        RateLimit::new(MemoryRateLimiter::default())
    }
}

impl std::fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimit").field("when_unavailable", &self.when_unavailable).finish_non_exhaustive()
    }
}

/// The resolution of [`MemoryRateLimiter`]'s window.
const TICK: Duration = Duration::from_millis(100);
const WINDOW_TICKS: u64 = (WINDOW.as_millis() / TICK.as_millis()) as u64;
const SHARDS: usize = 16;
/// Every this many hits a shard drops the keys that made no request in the window.
const SWEEP_EVERY: u64 = 4096;

/// Counts requests in this process.
///
/// Each access key keeps at most one entry per 100 ms in which it made a
/// request, and no more entries than it takes to see that it is over its
/// limit; keys with no request in the window are dropped. So memory is
/// bounded by the keys active in the last 15 minutes times
/// `min(limit + 1, 9000)` entries of 16 bytes, however many requests arrive.
pub struct MemoryRateLimiter {
    start: Instant,
    shards: [Mutex<Shard>; SHARDS],
    hasher: std::collections::hash_map::RandomState,
    hits: AtomicU64,
}

#[derive(Default)]
struct Shard {
    windows: HashMap<Box<str>, Window>,
}

/// One key's requests in the window: (tick, requests in that tick), oldest first.
#[derive(Default)]
struct Window {
    ticks: VecDeque<(u64, u32)>,
    total: u64,
}

impl Window {
    fn expire(&mut self, now: u64) {
        while let Some(&(tick, n)) = self.ticks.front()
            && tick + WINDOW_TICKS <= now
        {
            self.ticks.pop_front();
            self.total -= u64::from(n);
        }
    }

    fn hit(&mut self, now: u64, limit: u32) -> u64 {
        self.expire(now);
        match self.ticks.back_mut() {
            Some((tick, n)) if *tick == now => *n = n.saturating_add(1),
            _ => self.ticks.push_back((now, 1)),
        }
        self.total += 1;
        // The oldest entries matter no more once the newest ones exceed the limit.
        while let Some(&(_, n)) = self.ticks.front()
            && self.total - u64::from(n) > u64::from(limit)
        {
            self.ticks.pop_front();
            self.total -= u64::from(n);
        }
        self.total
    }
}

impl Default for MemoryRateLimiter {
    fn default() -> Self {
        MemoryRateLimiter {
            start: Instant::now(),
            shards: std::array::from_fn(|_| Mutex::default()),
            hasher: Default::default(),
            hits: AtomicU64::new(0),
        }
    }
}

impl MemoryRateLimiter {
    /// Records a request at `at`; [`RateLimiter::hit`] uses the current time.
    pub fn hit_at(&self, access_key: &str, limit: u32, at: Instant) -> u64 {
        let now = (at.saturating_duration_since(self.start).as_millis() / TICK.as_millis()) as u64;
        // The shards take turns at dropping idle keys, so that every shard is
        // swept while any key is active.
        let hits = self.hits.fetch_add(1, Ordering::Relaxed);
        if hits.is_multiple_of(SWEEP_EVERY) {
            let mut shard = self.shard((hits / SWEEP_EVERY) as usize % SHARDS);
            shard.windows.retain(|_, w| {
                w.expire(now);
                w.total > 0
            });
        }
        let mut shard = self.shard(self.hasher.hash_one(access_key) as usize % SHARDS);
        match shard.windows.get_mut(access_key) {
            Some(w) => w.hit(now, limit),
            None => shard.windows.entry(access_key.into()).or_default().hit(now, limit),
        }
    }

    fn shard(&self, i: usize) -> std::sync::MutexGuard<'_, Shard> {
        self.shards[i].lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many access keys are tracked now.
    pub fn keys(&self) -> usize {
        (0..SHARDS).map(|i| self.shard(i).windows.len()).sum()
    }
}

impl RateLimiter for MemoryRateLimiter {
    fn hit<'a>(&'a self, access_key: &'a str, limit: u32) -> Hit<'a> {
        Box::pin(std::future::ready(Ok(self.hit_at(access_key, limit, Instant::now()))))
    }
}

#[cfg(feature = "ratelimit-redis")]
pub use redis_limiter::RedisRateLimiter;

#[cfg(feature = "ratelimit-redis")]
mod redis_limiter {
    use super::*;

    /// One atomic step per request, as the reference server does it: drop the
    /// members older than the window, add this request, keep no more than
    /// `limit + 1` members (the reference keeps all of them), set the key's
    /// expiry, count. The time is the Redis server's, so replicas whose
    /// clocks differ still share one window.
    const SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local keep = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[3])
local count = redis.call('ZCARD', KEYS[1])
if count > keep then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, count - keep - 1)
end
redis.call('PEXPIRE', KEYS[1], window)
return count
";

    /// Counts requests in Redis or Valkey, shared by every replica that uses
    /// the same server and key prefix.
    ///
    /// The connection is made on the first request and remade after a
    /// failure; each count gives up after the timeout (default 250 ms), and
    /// the service then does what [`RateLimit::when_unavailable`] says.
    pub struct RedisRateLimiter {
        client: redis::Client,
        /// Made on the first request, inside the server's Tokio runtime
        /// (redis-rs spawns its connection task there).
        connection: std::sync::OnceLock<redis::aio::ConnectionManager>,
        script: redis::Script,
        prefix: String,
        timeout: Duration,
        /// Makes each request's member unique across replicas.
        instance: String,
        sequence: AtomicU64,
    }

    impl RedisRateLimiter {
        /// A limiter on the server at `url` (`redis://host:port/db`). Only
        /// the URL is checked here: nothing is connected until the first
        /// request, so a server that is down is not an error, and this may be
        /// called outside a Tokio runtime.
        pub fn new(url: &str) -> Result<Self, StoreError> {
            let client = redis::Client::open(url).map_err(|e| StoreError(format!("redis url `{url}`: {e}")))?;
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            Ok(RedisRateLimiter {
                client,
                connection: std::sync::OnceLock::new(),
                script: redis::Script::new(SCRIPT),
                prefix: "ratelimit:".to_owned(),
                timeout: Duration::from_millis(250),
                instance: format!("{:x}.{:x}", std::process::id(), nanos.as_nanos()),
                sequence: AtomicU64::new(0),
            })
        }

        /// Keys are `prefix` + access key (default `ratelimit:`).
        pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
            self.prefix = prefix.into();
            self
        }

        /// How long one count may take before it counts as a failure.
        pub fn with_timeout(mut self, timeout: Duration) -> Self {
            self.timeout = timeout;
            self
        }

        fn connection(&self) -> Result<redis::aio::ConnectionManager, StoreError> {
            if let Some(c) = self.connection.get() {
                return Ok(c.clone());
            }
            let config = redis::aio::ConnectionManagerConfig::new()
                .set_connection_timeout(Some(self.timeout))
                .set_response_timeout(Some(self.timeout))
                .set_number_of_retries(1);
            let made = redis::aio::ConnectionManager::new_lazy_with_config(self.client.clone(), config)
                .map_err(|e| StoreError(format!("redis: {e}")))?;
            // Two first requests at once may both make one; one is kept.
            Ok(self.connection.get_or_init(|| made).clone())
        }
    }

    impl RateLimiter for RedisRateLimiter {
        fn hit<'a>(&'a self, access_key: &'a str, limit: u32) -> Hit<'a> {
            Box::pin(async move {
                let member = format!("{}.{}", self.instance, self.sequence.fetch_add(1, Ordering::Relaxed));
                let mut connection = self.connection()?;
                let mut invocation = self.script.prepare_invoke();
                invocation
                    .key(format!("{}{access_key}", self.prefix))
                    .arg(WINDOW.as_millis() as u64)
                    .arg(u64::from(limit) + 1)
                    .arg(member);
                match tokio::time::timeout(self.timeout, invocation.invoke_async::<u64>(&mut connection)).await {
                    Ok(Ok(count)) => Ok(count),
                    Ok(Err(e)) => Err(StoreError(format!("redis: {e}"))),
                    Err(_) => Err(StoreError(format!("redis: no answer within {} ms", self.timeout.as_millis()))),
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_rolls_and_memory_stays_bounded() {
        let limiter = MemoryRateLimiter::default();
        let t0 = limiter.start;
        let at = |secs: f64| t0 + Duration::from_secs_f64(secs);
        assert_eq!(limiter.hit_at("A", 3, at(0.0)), 1);
        assert_eq!(limiter.hit_at("A", 3, at(100.0)), 2);
        assert_eq!(limiter.hit_at("A", 3, at(200.0)), 3);
        assert_eq!(limiter.hit_at("A", 3, at(300.0)), 4, "over the limit");
        assert_eq!(limiter.hit_at("B", 3, at(300.0)), 1, "keys are apart");
        // 900 s after the first request it has left the window, not the others.
        assert_eq!(limiter.hit_at("A", 3, at(900.0)), 4);
        assert_eq!(limiter.hit_at("A", 3, at(1100.5)), 3);
        // Many requests in one key stay at limit + 1 entries' worth.
        for i in 0..10_000u32 {
            let count = limiter.hit_at("C", 5, at(1200.0 + f64::from(i) * 0.01));
            assert!(if i < 5 { count == u64::from(i) + 1 } else { count > 5 }, "{i}: {count}");
        }
        let shard = limiter.shards.iter().find_map(|s| {
            let s = s.lock().unwrap();
            s.windows.get("C").map(|w| w.ticks.len())
        });
        assert!(shard.unwrap() <= 6);
        // Keys idle for a window are dropped by the sweep.
        for i in 0..10_000 {
            limiter.hit_at(&format!("K{i}"), 10, at(1300.0));
        }
        assert!(limiter.keys() > 10_000);
        for i in 0..(SWEEP_EVERY * SHARDS as u64) {
            limiter.hit_at("D", u32::MAX, at(3000.0 + i as f64 * 0.001));
        }
        assert_eq!(limiter.keys(), 1, "only D is left");
    }
}
