//! Decoding speed of `#[derive(Decode)]` against serde's own derive.
//!
//! `cargo bench -p admin-codegen-runtime --bench decode`
//!
//! The same response (1000 objects of 12 fields, each with a nested object
//! and a list, as a client reads a `*_list` page) decoded from JSON text by
//! the two derives, interleaved, best of 15 rounds; then the same through
//! async-graphql's value deserializer, as the server decodes parent objects.
//! The anchor is serde's derive, measured in the same rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use admin_codegen_runtime::codegen as __rt;

/// The same two structs with a given `Deserialize` derive.
macro_rules! shapes {
    ($derive:path, $user:ident, $group:ident) => {
        #[derive(Debug, PartialEq, $derive)]
        #[allow(dead_code)]
        struct $user {
            id: String,
            email: Option<String>,
            full_name: Option<String>,
            #[serde(rename = "isActive")]
            is_active: Option<bool>,
            role: Option<String>,
            status: Option<String>,
            created_at: Option<String>,
            modified_at: Option<String>,
            quota: Option<f64>,
            sessions: Option<i32>,
            tags: Option<Vec<Option<String>>>,
            group: Option<$group>,
        }
        #[derive(Debug, PartialEq, $derive)]
        #[allow(dead_code)]
        struct $group {
            id: String,
            name: Option<String>,
        }
    };
}
shapes!(__rt::Decode, User, Group);
shapes!(serde::Deserialize, SerdeUser, SerdeGroup);

fn body() -> String {
    let items: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"id":"u{i}","email":"user{i}@example.com","full_name":"User Number {i}","isActive":true,
                "role":"user","status":"active","created_at":"2024-05-01T10:00:00+00:00",
                "modified_at":"2024-06-01T10:00:00+00:00","quota":1.5,"sessions":{i},
                "tags":["a","b",null],"group":{{"id":"g{}","name":"group"}}}}"#,
                i % 10
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let text = body();
    let value: async_graphql::Value = serde_json::from_str(&text).expect("valid JSON");
    let (mut ours, mut theirs, mut ours_v, mut theirs_v) = (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..15 {
        ours = ours.min(best(3, || drop(black_box(serde_json::from_str::<Vec<User>>(&text).unwrap()))));
        theirs = theirs.min(best(3, || drop(black_box(serde_json::from_str::<Vec<SerdeUser>>(&text).unwrap()))));
        ours_v =
            ours_v.min(best(3, || drop(black_box(async_graphql::from_value::<Vec<User>>(value.clone()).unwrap()))));
        theirs_v = theirs_v
            .min(best(3, || drop(black_box(async_graphql::from_value::<Vec<SerdeUser>>(value.clone()).unwrap()))));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("| input | Decode ms | serde derive ms | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| JSON text, {} bytes | {:.3} | {:.3} | {:.2}x |",
        text.len(),
        ms(ours),
        ms(theirs),
        ms(ours) / ms(theirs)
    );
    println!(
        "| async-graphql Value (clone included) | {:.3} | {:.3} | {:.2}x |",
        ms(ours_v),
        ms(theirs_v),
        ms(ours_v) / ms(theirs_v)
    );
}
