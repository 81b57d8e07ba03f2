//! Client overhead per request, without the network: signing (spec §8),
//! encoding the request body, and decoding a response into generated types.
//!
//! `cargo bench -p client-tests --bench client`

use std::hint::black_box;
use std::time::Instant;

use admin_codegen_runtime::Maybe;
use admin_codegen_runtime::client::{decode, parse_response, parse_typed, sign_headers};
use admin_codegen_runtime::operation::Operation;
use admin_codegen_runtime::signing::{self, SignMethod, SignedParts};
use client_tests::client::{Users, UsersResponse, UsersVariables};

/// Nanoseconds per call of `f`: the fastest of 7 batches.
fn per_call(iterations: u32, mut f: impl FnMut()) -> f64 {
    (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iterations {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick { 100 } else { 20_000 };
    let parts = SignedParts {
        method: "POST",
        path_and_query: "/admin/gql",
        host: "api.example.com",
        date: "2025-01-02T03:04:05.678901+00:00",
        content_type: "application/json",
        version: "v9.20250722",
    };
    let sign = per_call(n, || {
        black_box(
            signing::sign(black_box(admin_codegen_example::keys::SUPERADMIN.1), SignMethod::HmacSha256, &parts)
                .unwrap(),
        );
    });
    let headers = per_call(n, || {
        black_box(
            sign_headers(
                "api.example.com",
                "POST",
                "/admin/gql",
                "v9.20250722",
                "AKIA",
                "secret",
                SignMethod::HmacSha256,
            )
            .unwrap(),
        );
    });
    let variables = UsersVariables {
        limit: 100,
        offset: 0,
        domain: Maybe::Value("default".into()),
        status: Maybe::Absent,
        filter: Maybe::Absent,
        order: Maybe::Absent,
    };
    let encode = per_call(n, || {
        let body =
            serde_json::json!({ "query": Users::DOCUMENT, "operationName": Users::NAME, "variables": &variables });
        black_box(serde_json::to_vec(&body).unwrap());
    });
    let items: Vec<_> = (0..100)
        .map(
            |i| serde_json::json!({ "email": format!("user{i}@lablup.com"), "role": "user", "domain_name": "default" }),
        )
        .collect();
    let body =
        serde_json::to_vec(&serde_json::json!({ "data": { "user_list": { "total_count": 100, "items": items } } }))
            .unwrap();
    let decode_100 = per_call(n / 10, || {
        let data = parse_response(200, black_box(&body)).unwrap();
        black_box(decode::<UsersResponse>(data).unwrap());
    });
    let typed_100 = per_call(n / 10, || {
        black_box(parse_typed::<UsersResponse>(200, black_box(&body)).unwrap());
    });
    println!("client overhead per request (fastest of 7 batches):");
    println!("  sign (HMAC-SHA256, 3 MACs):             {:>8.2} µs", sign / 1e3);
    println!("  signed headers (date + sign + header):  {:>8.2} µs", headers / 1e3);
    println!("  encode request body (Users):            {:>8.2} µs", encode / 1e3);
    println!(
        "  decode via a JSON value (page streams), 100 users ({} bytes): {:>8.2} µs",
        body.len(),
        decode_100 / 1e3
    );
    println!("  decode typed in one pass (execute), 100 users:               {:>8.2} µs", typed_100 / 1e3);
    println!("  total for `execute` of a 100-item page:  {:>8.2} µs", (headers + encode + typed_100) / 1e3);
}
