//! Rate limits (spec §8, "Rate limits") over loopback: the rolling count per
//! access key, 429 problem+json, the `X-RateLimit-*` headers, and the Redis
//! back end shared by two routers, with Redis down and back.

use std::time::Duration;

use admin_codegen_runtime::server::{
    Keypair, MemoryKeypairStore, RateLimit, RedisRateLimiter, Role, ServiceOptions, WhenUnavailable, router,
};
use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
use serde_json::json;
use server_tests::{Answer, RedisServer, serve, service_or_skip, signed_exchange};

struct Query;

#[Object]
impl Query {
    #[graphql(name = "ok")]
    async fn ok(&self) -> bool {
        true
    }
}

use server_tests::TEST_SECRET as SK;

fn keypair(access_key: &str, rate_limit: Option<u32>) -> Keypair {
    Keypair { rate_limit, ..server_tests::keypair(access_key, &format!("{access_key}@example.com"), Role::User) }
}

async fn start(rate_limit: RateLimit) -> String {
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription).finish();
    let store =
        MemoryKeypairStore::new([keypair("AKLIMIT3", Some(3)), keypair("AKOTHER3", Some(3)), keypair("AKFREE", None)]);
    serve(router(schema, store, ServiceOptions { rate_limit, ..ServiceOptions::default() })).await
}

async fn call(host: &str, access_key: &str, query: &str) -> Answer {
    signed_exchange(host, access_key, SK, query, json!({})).await
}

fn rate(answer: &Answer) -> (&str, &str, &str) {
    (answer.header("x-ratelimit-limit"), answer.header("x-ratelimit-remaining"), answer.header("x-ratelimit-window"))
}

fn assert_limited(answer: &Answer) {
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert_eq!(answer.header("content-type"), "application/problem+json");
    assert_eq!(answer.body["type"], "https://api.backend.ai/probs/rate-limit-exceeded");
    assert_eq!(answer.body["title"], "You have reached your API query rate limit.");
    assert_eq!(rate(answer), ("3", "0", "900"));
}

#[tokio::test]
async fn each_key_is_counted_and_refused_over_its_limit() {
    let host = start(RateLimit::default()).await;
    for remaining in ["2", "1", "0"] {
        let answer = call(&host, "AKLIMIT3", "{ ok }").await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(rate(&answer), ("3", remaining, "900"));
    }
    assert_limited(&call(&host, "AKLIMIT3", "{ ok }").await);
    // Another key has its own count; a key without a limit is not counted.
    assert_eq!(rate(&call(&host, "AKOTHER3", "{ ok }").await), ("3", "2", "900"));
    let free = call(&host, "AKFREE", "{ ok }").await;
    assert_eq!((free.status, rate(&free)), (200, ("", "", "900")));
    // Unauthenticated answers carry 1000/1000/900 and are not counted.
    let unknown = call(&host, "AKUNKNOWN", "{ ok }").await;
    assert_eq!((unknown.status, rate(&unknown)), (401, ("1000", "1000", "900")));
    let version = reqwest::get(format!("http://{host}/")).await.unwrap();
    assert_eq!(version.headers()["x-ratelimit-limit"], "1000");
}

#[tokio::test]
async fn failed_requests_count_too() {
    let host = start(RateLimit::default()).await;
    // A query that does not validate, then one that is not GraphQL at all.
    let invalid = call(&host, "AKLIMIT3", "{ no_such_field }").await;
    assert_eq!((invalid.status, rate(&invalid)), (200, ("3", "2", "900")));
    let broken = call(&host, "AKLIMIT3", "{").await;
    assert_eq!(rate(&broken), ("3", "1", "900"));
    assert_eq!(call(&host, "AKLIMIT3", "{ ok }").await.status, 200);
    assert_limited(&call(&host, "AKLIMIT3", "{ ok }").await);
    // Refused requests count as well, as in the reference server.
    assert_limited(&call(&host, "AKLIMIT3", "{ ok }").await);
}

#[tokio::test]
async fn two_routers_on_one_redis_count_once() {
    let Some(redis) = service_or_skip("redis-server", "ADMIN_CODEGEN_REQUIRE_REDIS", RedisServer::start()) else {
        return;
    };
    let limiter = || RateLimit::new(RedisRateLimiter::new(&redis.url).unwrap().with_prefix("test:"));
    let (a, b) = (start(limiter()).await, start(limiter()).await);
    let mut seen = Vec::new();
    for host in [&a, &b, &a] {
        let answer = call(host, "AKLIMIT3", "{ ok }").await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        seen.push(answer.header("x-ratelimit-remaining").to_owned());
    }
    assert_eq!(seen, ["2", "1", "0"], "the replicas share one count");
    assert_limited(&call(&b, "AKLIMIT3", "{ ok }").await);
    assert_limited(&call(&a, "AKLIMIT3", "{ ok }").await);
}

#[tokio::test]
async fn redis_down_serves_or_refuses_as_told_and_recovers() {
    let Some(mut redis) = service_or_skip("redis-server", "ADMIN_CODEGEN_REQUIRE_REDIS", RedisServer::start()) else {
        return;
    };
    let limiter =
        || RateLimit::new(RedisRateLimiter::new(&redis.url).unwrap().with_timeout(Duration::from_millis(200)));
    let serving = start(limiter()).await;
    let refusing = start(limiter().when_unavailable(WhenUnavailable::Refuse)).await;
    assert_eq!(rate(&call(&serving, "AKLIMIT3", "{ ok }").await), ("3", "2", "900"));
    redis.kill();
    let served = call(&serving, "AKLIMIT3", "{ ok }").await;
    assert_eq!((served.status, rate(&served)), (200, ("3", "", "900")), "served uncounted");
    let refused = call(&refusing, "AKOTHER3", "{ ok }").await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.body["type"], "https://api.backend.ai/probs/service-unavailable");
    // A new server on the same port: the limiter reconnects by itself.
    let port = redis.port;
    let again = RedisServer::start_on(port).unwrap();
    let mut recovered = None;
    for _ in 0..50 {
        let answer = call(&refusing, "AKOTHER3", "{ ok }").await;
        if answer.status == 200 {
            recovered = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = recovered.expect("the limiter reconnected");
    assert_eq!(rate(&recovered), ("3", "2", "900"), "counting again, from the new server's empty set");
    drop(again);
}

#[test]
fn a_redis_limiter_is_made_outside_a_runtime_and_checks_its_url() {
    // Nothing connects before the first request (no server is needed here).
    assert!(RedisRateLimiter::new("redis://127.0.0.1:1/0").is_ok());
    let err = RedisRateLimiter::new("not a url").err().expect("a bad URL is an error");
    assert!(err.0.contains("not a url"), "{err}");
}
