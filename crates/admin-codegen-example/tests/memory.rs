//! Memory stays bounded under hostile load (its own test binary, so that the
//! process's resident memory is this test's alone). Linux: it reads VmRSS
//! from /proc/self/status and skips, saying so, where that is missing.
//!
//! 64 connections at once each offer a 32 MiB chunked body (2 GiB in all,
//! sent from one static chunk so the client holds none of it) to a server with
//! the default 1 MiB limit, and 200 slow clients each announce 1000 bytes and
//! stall. A server that buffered what it is sent would grow by gigabytes; this
//! one may hold at most a limit per request in flight, so the peak growth
//! allowed is 256 MiB (64 × 1 MiB, runtime and allocator buffers, slack:
//! a run here peaked at 87 MiB).

use std::time::Duration;

use admin_codegen_runtime::server::ServiceOptions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const AK: &str = "AKIAUSER000000000001";
const SK: &str = "user1-secret-key-for-example-only-000001";
static CHUNK: [u8; 64 * 1024] = [b' '; 64 * 1024];

/// A signed request head for `/admin/gql`, with the given framing header.
fn head(host: &str, framing: &str) -> String {
    let server_tests::Signed { date, authorization } = server_tests::sign_post(host, AK, SK, "application/json");
    format!(
        "POST /admin/gql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nDate: {date}\r\n\
         X-BackendAI-Version: {}\r\nAuthorization: {authorization}\r\n{framing}\r\n\r\n",
        server_tests::VERSION
    )
}

/// The status line's code, or `None` when the server closed the connection
/// before the client read an answer (it may reset a connection whose body it
/// refused to read; the answer is then lost).
async fn status_of(stream: &mut tokio::net::tcp::OwnedReadHalf) -> Option<u16> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&buf);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// Streams 32 MiB of chunked body until the server stops reading; returns its status.
async fn oversized(host: String) -> Option<u16> {
    let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let writer = tokio::spawn(async move {
        write.write_all(head(&host, "Transfer-Encoding: chunked").as_bytes()).await?;
        for _ in 0..512 {
            write.write_all(format!("{:x}\r\n", CHUNK.len()).as_bytes()).await?;
            write.write_all(&CHUNK).await?;
            write.write_all(b"\r\n").await?;
        }
        write.write_all(b"0\r\n\r\n").await
    });
    let status = status_of(&mut read).await;
    writer.abort();
    status
}

/// Announces 1000 bytes, sends 10, then stalls; returns the status.
async fn slow(host: String) -> Option<u16> {
    let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write.write_all(head(&host, "Content-Length: 1000").as_bytes()).await.unwrap();
    write.write_all(b"{\"query\": ").await.unwrap();
    let status = status_of(&mut read).await;
    drop(write);
    status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_slow_bodies_keep_memory_bounded() {
    let Some(before) = server_tests::rss_kib("self") else {
        println!("skipped: /proc/self/status has no VmRSS here (not Linux)");
        return;
    };
    let options = ServiceOptions { body_timeout: Duration::from_secs(1), ..ServiceOptions::default() };
    assert_eq!(options.max_body_bytes, 1024 * 1024);
    let host = server_tests::serve(admin_codegen_example::test_app(options).await).await;

    let sampler = server_tests::RssPeak::start("self".into(), before, Duration::from_millis(5));
    let big: Vec<_> = (0..64).map(|_| tokio::spawn(oversized(host.clone()))).collect();
    let stalled: Vec<_> = (0..200).map(|_| tokio::spawn(slow(host.clone()))).collect();
    let within = |t| tokio::time::timeout(Duration::from_secs(30), t);
    let mut answered_413 = 0;
    for t in big {
        let status = within(t).await.expect("no oversized request hangs").unwrap();
        assert!(matches!(status, None | Some(413)), "an oversized body gets 413 (or a reset): {status:?}");
        answered_413 += usize::from(status == Some(413));
    }
    for t in stalled {
        let status = within(t).await.expect("the body timeout cuts slow clients off").unwrap();
        assert_eq!(status, Some(408), "a stalled body gets 408");
    }
    let grown_mib = sampler.stop().saturating_sub(before) as f64 / 1024.0;
    println!(
        "peak RSS growth {grown_mib:.1} MiB for 2 GiB offered; {answered_413} of 64 oversized bodies got their 413"
    );
    assert!(grown_mib < 256.0, "memory grew by {grown_mib:.1} MiB");

    // And the server still answers.
    let (status, body) = server_tests::signed_request(&host, AK, SK, "{ user { email } }", serde_json::json!({})).await;
    assert_eq!((status, &body["data"]["user"]["email"]), (200, &serde_json::json!("user1@lablup.com")), "{body}");
}
