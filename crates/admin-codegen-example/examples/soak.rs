//! Soak load generator for a running example server (`scripts/soak.sh` starts
//! one in release mode and runs this against it).
//!
//! ```text
//! cargo run --release -p admin-codegen-example --example soak -- \
//!     --target 127.0.0.1:8090 --pid <server pid> --seconds 30 --connections 32
//! ```
//!
//! `--connections` keep-alive HTTP/1.1 connections send, back to back, a fixed
//! rotation of request kinds: signed queries (a user's own record, an offset
//! page, a Relay page), a mutation, an unknown key, a wrong signature, a
//! forbidden owner-scoped query, a malformed body, a wrong content type and a
//! body over the size limit. Each kind has one expected status (and, for 200s,
//! an expected `data` or error); anything else is counted as unexpected and
//! makes the exit status 1. It prints throughput, p50/p99 latency per kind,
//! the count of each status, and the server's resident memory (VmRSS of
//! `--pid`, Linux) before, after, and at its peak sampled every 100 ms.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use admin_codegen_example::keys::{DOMAIN_ADMIN, SUPERADMIN as ADMIN, USER1};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use serde_json::{Value, json};
use server_tests::{Signed, VERSION, sign_post};

#[derive(Parser)]
#[command(about = "Mixed signed, unauthorized and malformed load against a running example server")]
struct Args {
    /// The server's address; repeated for replicas, which the connections are spread over.
    #[arg(long, default_value = "127.0.0.1:8090")]
    target: Vec<SocketAddr>,
    /// The server's process id, to sample its resident memory; repeated for replicas.
    #[arg(long)]
    pid: Vec<u32>,
    /// How long to drive it.
    #[arg(long, default_value_t = 30.0)]
    seconds: f64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// The server's body limit in bytes (the oversized request sends one byte more).
    #[arg(long, default_value_t = 1024 * 1024)]
    body_limit: usize,
}

/// What a request kind must get back.
#[derive(Clone, Copy)]
enum Expect {
    /// 200 with `data` and no `errors`.
    Data,
    /// 200 with a GraphQL error whose `extensions.code` is this.
    GraphqlError(&'static str),
    /// This status with a problem+json body of this `type`.
    Problem(u16, &'static str),
}

#[derive(Clone, Copy)]
enum Signature {
    Valid((&'static str, &'static str)),
    UnknownKey,
    WrongSecret,
}

struct Kind {
    name: &'static str,
    /// How many of each rotation of 20 requests are of this kind.
    share: usize,
    content_type: &'static str,
    body: Bytes,
    signature: Signature,
    expect: Expect,
}

fn gql(query: &str, variables: Value) -> Bytes {
    Bytes::from(json!({ "query": query, "variables": variables }).to_string())
}

const BAD_REQUEST: &str = "https://api.backend.ai/probs/generic-bad-request";
const UNAUTHORIZED: &str = "https://api.backend.ai/probs/auth-failed";

fn kinds(body_limit: usize) -> Vec<Kind> {
    let user = |name, share, body, expect| Kind {
        name,
        share,
        content_type: "application/json",
        body,
        signature: Signature::Valid(USER1),
        expect,
    };
    vec![
        user("own record", 7, gql("{ user { email role } }", json!({})), Expect::Data),
        Kind {
            signature: Signature::Valid(ADMIN),
            ..user(
                "offset page",
                3,
                gql(
                    "query($o: Int!) { user_list(limit: 2, offset: $o) { total_count items { email } } }",
                    json!({"o": 1}),
                ),
                Expect::Data,
            )
        },
        Kind {
            signature: Signature::Valid(DOMAIN_ADMIN),
            ..user(
                "relay page",
                2,
                gql("{ group_nodes(first: 5) { count edges { cursor node { name } } } }", json!({})),
                Expect::Data,
            )
        },
        Kind {
            signature: Signature::Valid(ADMIN),
            ..user(
                "mutation",
                2,
                gql(
                    "mutation($p: ModifyUserInput!) { modify_user(email: \"user2@lablup.com\", props: $p) { ok msg } }",
                    json!({ "p": { "full_name": "User Two" } }),
                ),
                Expect::Data,
            )
        },
        user(
            "other's record",
            1,
            gql("{ user(email: \"user2@lablup.com\") { email } }", json!({})),
            Expect::GraphqlError("FORBIDDEN"),
        ),
        Kind {
            signature: Signature::UnknownKey,
            ..user("unknown key", 1, gql("{ user { email } }", json!({})), Expect::Problem(401, UNAUTHORIZED))
        },
        Kind {
            signature: Signature::WrongSecret,
            ..user("wrong signature", 1, gql("{ user { email } }", json!({})), Expect::Problem(401, UNAUTHORIZED))
        },
        user("malformed JSON", 1, Bytes::from_static(b"{ user { email } }"), Expect::Problem(400, BAD_REQUEST)),
        Kind {
            content_type: "text/plain",
            ..user("wrong content type", 1, gql("{ user { email } }", json!({})), Expect::Problem(400, BAD_REQUEST))
        },
        user(
            "over the limit",
            1,
            Bytes::from(vec![b' '; body_limit + 1]),
            Expect::Problem(413, "https://api.backend.ai/probs/request-too-large"),
        ),
    ]
}

fn request(host: &str, kind: &Kind) -> hyper::Request<Full<Bytes>> {
    let (access_key, secret) = match kind.signature {
        Signature::Valid(k) => k,
        Signature::UnknownKey => ("AKIANOSUCHKEY0000000", USER1.1),
        Signature::WrongSecret => (USER1.0, "not-the-secret"),
    };
    let Signed { date, authorization } = sign_post(host, access_key, secret, kind.content_type);
    hyper::Request::post("/admin/gql")
        .header("Host", host)
        .header("Content-Type", kind.content_type)
        .header("Date", &date)
        .header("X-BackendAI-Version", VERSION)
        .header("Authorization", authorization)
        .body(Full::new(kind.body.clone()))
        .expect("a valid request")
}

/// Whether an answer is what the kind expects.
fn as_expected(expect: Expect, status: u16, body: &[u8]) -> bool {
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    match expect {
        Expect::Data => status == 200 && body["errors"].is_null() && body["data"].is_object(),
        Expect::GraphqlError(code) => status == 200 && body["errors"][0]["extensions"]["code"] == code,
        Expect::Problem(s, kind) => status == s && body["type"] == kind,
    }
}

#[derive(Default)]
struct Tally {
    /// Latencies in µs, per kind.
    latencies: Vec<Vec<u32>>,
    statuses: BTreeMap<u16, u64>,
    unexpected: Vec<String>,
    /// Connections the server closed (after a 413 it may not read the rest of the body).
    reconnects: u64,
    /// Oversized requests whose connection the server closed before the client finished
    /// sending the body (the 413 is then lost in the reset).
    refused_early: u64,
}

/// One connection: the rotation of kinds, back to back, until `until`.
async fn connection(addr: SocketAddr, kinds: Arc<Vec<Kind>>, offset: usize, until: Instant) -> Tally {
    let host = addr.to_string();
    let rotation: Vec<usize> = kinds.iter().enumerate().flat_map(|(i, k)| std::iter::repeat_n(i, k.share)).collect();
    let mut tally = Tally { latencies: vec![Vec::new(); kinds.len()], ..Tally::default() };
    let mut sender = None;
    let mut n = offset;
    while Instant::now() < until {
        let kind_index = rotation[n % rotation.len()];
        n += 1;
        let kind = &kinds[kind_index];
        // The server answers an oversized body at once (from Content-Length) and closes the
        // connection without reading it, so such a request gets a connection of its own.
        let oversized = matches!(kind.expect, Expect::Problem(413, _));
        if oversized {
            sender = None;
        }
        if sender.is_none() {
            let stream = match tokio::net::TcpStream::connect(addr).await {
                Ok(s) => s,
                Err(e) => {
                    tally.unexpected.push(format!("connect: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            match hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await {
                Ok((s, conn)) => {
                    tokio::spawn(conn);
                    sender = Some(s);
                }
                Err(e) => {
                    tally.unexpected.push(format!("handshake: {e}"));
                    continue;
                }
            }
        }
        let s = sender.as_mut().expect("connected above");
        if s.ready().await.is_err() {
            sender = None;
            tally.reconnects += 1;
            continue;
        }
        let start = Instant::now();
        let answer = match s.send_request(request(&host, kind)).await {
            Ok(response) => {
                let status = response.status().as_u16();
                let close = response.headers().get("connection").is_some_and(|v| v == "close");
                response.into_body().collect().await.map(|b| (status, b.to_bytes(), close))
            }
            Err(e) => {
                sender = None;
                tally.reconnects += 1;
                if oversized && (e.is_canceled() || e.to_string().contains("writing a body")) {
                    // The server refused the body and closed before the client finished sending it.
                    tally.refused_early += 1;
                } else {
                    tally.unexpected.push(format!("{}: {e}", kind.name));
                }
                continue;
            }
        };
        match answer {
            Ok((status, body, close)) => {
                tally.latencies[kind_index].push(start.elapsed().as_micros().min(u32::MAX as u128) as u32);
                *tally.statuses.entry(status).or_default() += 1;
                if !as_expected(kind.expect, status, &body) {
                    tally.unexpected.push(format!("{}: {status} {}", kind.name, String::from_utf8_lossy(&body)));
                }
                if close || oversized {
                    sender = None;
                    tally.reconnects += 1;
                }
            }
            Err(e) => {
                sender = None;
                tally.reconnects += 1;
                tally.unexpected.push(format!("{}: reading the body: {e}", kind.name));
            }
        }
    }
    tally
}

fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let kinds = Arc::new(kinds(args.body_limit));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    // The keys the soak signs with get a rate limit far above what it sends
    // (the seeded 30,000 per 15 minutes is reached in seconds here).
    rt.block_on(async {
        for key in [ADMIN.0, DOMAIN_ADMIN.0, USER1.0] {
            let set = format!(
                r#"mutation {{ modify_keypair(access_key: "{key}", props: {{ rate_limit: 2000000000 }}) {{ ok }} }}"#
            );
            let body =
                server_tests::signed_query(&args.target[0].to_string(), ADMIN.0, ADMIN.1, &set, Default::default())
                    .await;
            assert_eq!(body["data"]["modify_keypair"]["ok"], true, "{body}");
        }
    });
    let pids: Vec<String> = args.pid.iter().map(u32::to_string).collect();
    let rss = |pid: &String| server_tests::rss_kib(pid);
    let rss_before: Vec<_> = pids.iter().map(rss).collect();
    let samplers: Vec<_> = pids
        .iter()
        .zip(&rss_before)
        .map(|(p, b)| server_tests::RssPeak::start(p.clone(), b.unwrap_or(0), Duration::from_millis(100)))
        .collect();
    let start = Instant::now();
    let until = start + Duration::from_secs_f64(args.seconds);
    let targets = args.target.clone();
    let tallies: Vec<Tally> = rt.block_on(async {
        let tasks: Vec<_> = (0..args.connections)
            .map(|c| tokio::spawn(connection(targets[c % targets.len()], kinds.clone(), c * 7, until)))
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.expect("a connection task does not panic"));
        }
        out
    });
    let elapsed = start.elapsed();
    let peaks: Vec<_> = samplers.into_iter().map(|s| Some(s.stop())).collect();
    // Let the server settle (closed connections, freed buffers) before the last sample.
    std::thread::sleep(Duration::from_millis(500));
    let rss_after: Vec<_> = pids.iter().map(rss).collect();

    let mut per_kind: Vec<Vec<u32>> = vec![Vec::new(); kinds.len()];
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut reconnects = 0;
    let mut refused_early = 0;
    for t in tallies {
        for (i, l) in t.latencies.into_iter().enumerate() {
            per_kind[i].extend(l);
        }
        for (s, n) in t.statuses {
            *statuses.entry(s).or_default() += n;
        }
        unexpected.extend(t.unexpected);
        reconnects += t.reconnects;
        refused_early += t.refused_early;
    }
    let mut all: Vec<u32> = per_kind.iter().flatten().copied().collect();
    all.sort_unstable();
    println!(
        "soak: {} connections for {:.1} s against {}: {} responses, {:.0} req/s, p50 {} µs, p99 {} µs",
        args.connections,
        elapsed.as_secs_f64(),
        args.target.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and "),
        all.len(),
        all.len() as f64 / elapsed.as_secs_f64(),
        percentile(&all, 0.50),
        percentile(&all, 0.99)
    );
    println!("| kind | expected | responses | p50 µs | p99 µs |");
    println!("|---|---|---:|---:|---:|");
    for (kind, lat) in kinds.iter().zip(per_kind.iter_mut()) {
        lat.sort_unstable();
        let expected = match kind.expect {
            Expect::Data => "200, data".to_owned(),
            Expect::GraphqlError(code) => format!("200, {code}"),
            Expect::Problem(s, _) => format!("{s}, problem+json"),
        };
        println!(
            "| {} | {expected} | {} | {} | {} |",
            kind.name,
            lat.len(),
            percentile(lat, 0.50),
            percentile(lat, 0.99)
        );
    }
    let statuses: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    println!(
        "statuses: {}; oversized bodies cut off by the server's close before the 413 arrived: {refused_early}; \
         new connections after a close: {reconnects}",
        statuses.join(", ")
    );
    for (i, pid) in pids.iter().enumerate() {
        println!(
            "server {pid} RSS: before {}, peak {}, after {}",
            mib(rss_before[i]),
            mib(peaks[i]),
            mib(rss_after[i])
        );
    }
    if unexpected.is_empty() {
        println!("unexpected answers: 0");
        ExitCode::SUCCESS
    } else {
        println!("unexpected answers: {} (first 5 below)", unexpected.len());
        for u in unexpected.iter().take(5) {
            println!("  {}", u.chars().take(300).collect::<String>());
        }
        ExitCode::FAILURE
    }
}
