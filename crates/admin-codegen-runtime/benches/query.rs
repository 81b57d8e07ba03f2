//! Cost of the `filter`/`order` languages per expression.
//!
//! `cargo bench -p admin-codegen-runtime --bench query`
//!
//! For expressions from one comparison to the 128-comparison bound it
//! reports, as the best of interleaved runs: parse + check against a list
//! spec, SQL rendering for SQLite and PostgreSQL (sqlx `QueryBuilder`,
//! placeholders bound), and in-memory evaluation over 1000 records. The
//! anchor, measured in the same runs, is decoding the same text as a JSON
//! string (what reading the argument off the wire costs anyway).

use std::hint::black_box;
use std::time::{Duration, Instant};

use admin_codegen_runtime::query::{Cell, FieldSpec, Kind, ListSpec, Record, Storage, ToCell};
use sqlx::{Postgres, QueryBuilder, Sqlite};

const STATUS: &[&str] = &["ACTIVE", "INACTIVE", "DELETED"];

static USERS: ListSpec = ListSpec {
    list: "Queries.user_list",
    fields: &[
        FieldSpec::new("email", Kind::String, Storage::Column("email"), true, Some(0)),
        FieldSpec::new("age", Kind::Int, Storage::Column("age"), true, Some(1)),
        FieldSpec::new("status", Kind::Enum("UserStatus", STATUS), Storage::Column("status"), true, Some(2)),
        FieldSpec::new("created_at", Kind::DateTime, Storage::Column("created_at"), true, Some(3)),
        FieldSpec::new("tags", Kind::String, Storage::Array("tags"), false, Some(4)),
    ],
};

struct User(String, i32, &'static str, admin_codegen_runtime::DateTime, Vec<String>);

impl Record for User {
    fn cell(&self, member: u16) -> Cell<'_> {
        match member {
            0 => self.0.to_cell(),
            1 => self.1.to_cell(),
            2 => Cell::enumeration(Some(self.2)),
            3 => self.3.to_cell(),
            4 => self.4.to_cell(),
            _ => Cell::Null,
        }
    }
}

/// The fastest of `rounds` timings of `iters` calls, per call.
fn best(rounds: usize, iters: u32, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed() / iters
        })
        .min()
        .unwrap()
}

fn ns(d: Duration) -> String {
    format!("{:.0}", d.as_nanos())
}

fn main() {
    let typical = r#"status == "RUNNING" & email ilike "%gpu%""#.replace("RUNNING", "ACTIVE");
    let one = r#"age > 30"#.to_owned();
    let mixed = r#"(status in ["ACTIVE", "inactive"] | age >= 18) & !email like "%@example.com" & created_at > "2024-03-01T00:00:00Z" & tags contains "gpu""#.to_owned();
    let long = vec![r#"email != "x@example.com""#; 128].join(" & ");
    let cases =
        [("1 comparison", one), ("2 (spec's example)", typical), ("6, mixed", mixed), ("128 (the bound)", long)];
    let users: Vec<User> = (0..1000)
        .map(|i| {
            User(
                format!("user{i}@{}.com", if i % 3 == 0 { "gpu" } else { "example" }),
                (i % 90) as i32,
                STATUS[i % 3],
                "2024-03-01T09:00:00+00:00".parse().unwrap(),
                vec!["gpu".into(); i % 2],
            )
        })
        .collect();
    println!(
        "| filter | bytes | JSON string decode (anchor) | parse + check | ratio | SQLite SQL | PostgreSQL SQL | eval over 1000 rows |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (name, text) in &cases {
        let wire = serde_json::to_string(text).unwrap();
        let iters = if text.len() > 1000 { 2_000 } else { 20_000 };
        let (mut anchor, mut parse, mut sqlite, mut pg, mut eval) =
            (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
        let filter = USERS.filter(text).unwrap();
        // Interleaved rounds, so machine noise hits every measurement alike.
        for _ in 0..5 {
            anchor = anchor.min(best(1, iters, || {
                black_box(serde_json::from_str::<String>(black_box(&wire)).unwrap());
            }));
            parse = parse.min(best(1, iters, || {
                black_box(USERS.filter(black_box(text)).unwrap());
            }));
            sqlite = sqlite.min(best(1, iters, || {
                let mut qb = QueryBuilder::<Sqlite>::new("SELECT id FROM users WHERE ");
                filter.push_sql(&mut qb);
                black_box(qb.into_string());
            }));
            pg = pg.min(best(1, iters, || {
                let mut qb = QueryBuilder::<Postgres>::new("SELECT id FROM users WHERE ");
                filter.push_sql(&mut qb);
                black_box(qb.into_string());
            }));
            eval = eval.min(best(1, (iters / 200).max(5), || {
                black_box(users.iter().filter(|u| filter.matches(*u)).count());
            }));
        }
        println!(
            "| {name} | {} | {} ns | {} ns | {:.1}x | {} ns | {} ns | {:.1} µs |",
            text.len(),
            ns(anchor),
            ns(parse),
            parse.as_secs_f64() / anchor.as_secs_f64(),
            ns(sqlite),
            ns(pg),
            eval.as_secs_f64() * 1e6
        );
    }
    let order = "-created_at,+email,status";
    let o = best(5, 20_000, || {
        black_box(USERS.order(black_box(order)).unwrap());
    });
    println!("\norder `{order}`: parse + check {} ns", ns(o));
}
