//! The two back ends against each other, and the SQL back end against
//! hostile input:
//!
//! - a few hundred generated filters and orders run on a real SQLite
//!   database (sqlx, in memory) and through the in-memory evaluator over the
//!   same rows select and sort the same ids;
//! - no filter or order text, however hostile, puts anything into the SQL
//!   text but the spec's quoted columns, placeholders and the renderer's
//!   own keywords.

use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};

use super::fixture::USERS;
use super::{Cell, Record, ToCell};

/// xorshift64*: deterministic, so a failure names a seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: &[&str] =
    &["alice", "Alice", "BOB", "bob", "carol_%", "dave\\x", "o'hara", "É", "é", "", "al%ce", "x\"y", "a_b", "ab"];
const STATUSES: &[&str] = &["ACTIVE", "INACTIVE", "DELETED"];
const TAGS: &[&str] = &["gpu", "GPU", "cpu", "x%", "", "a_b"];
const TIMES: &[&str] = &[
    "2024-03-01T09:00:00+00:00",
    "2024-03-01T10:00:00+01:00",
    "2024-03-01T09:00:00.500000+00:00",
    "2023-12-31T23:59:59Z",
    "2024-03-02T00:00:00",
];
const UUIDS: &[&str] = &[
    "6e3e9a6b-4f7e-4c43-9d2b-2f1c2d3e4f50",
    "00000000-0000-0000-0000-000000000001",
    "ffffffff-0000-4000-8000-000000000000",
];
const SCORES: &[f64] = &[-1.5, 0.0, 0.5, 1.0, 2.25, 100.0];

#[derive(Debug, Clone)]
struct Row {
    id: i64,
    name: Option<String>,
    age: Option<i32>,
    score: Option<f64>,
    active: Option<bool>,
    status: Option<&'static str>,
    uuid: Option<uuid::Uuid>,
    created_at: Option<crate::DateTime>,
    tags: Option<Vec<Option<String>>>,
    slots: serde_json::Value,
}

impl Record for Row {
    fn cell(&self, member: u16) -> Cell<'_> {
        match member {
            0 => self.id.to_cell(),
            1 => self.name.to_cell(),
            2 => self.age.to_cell(),
            3 => self.score.to_cell(),
            4 => self.active.to_cell(),
            5 => Cell::enumeration(self.status),
            6 => self.uuid.to_cell(),
            7 => self.created_at.to_cell(),
            8 => self.tags.to_cell(),
            9 => self.slots.to_cell(),
            _ => Cell::Null,
        }
    }
}

fn rows(rng: &mut Rng, n: i64) -> Vec<Row> {
    (1..=n)
        .map(|id| {
            let mut maybe = |p: u64| !rng.chance(p);
            let (a, b, c, d, e, f, g, h) =
                (maybe(15), maybe(15), maybe(15), maybe(15), maybe(15), maybe(15), maybe(15), maybe(20));
            Row {
                id,
                name: a.then(|| rng.pick(NAMES).to_string()),
                age: b.then(|| rng.below(70) as i32 - 5),
                score: c.then(|| *rng.pick(SCORES)),
                active: d.then(|| rng.chance(50)),
                status: e.then(|| *rng.pick(STATUSES)),
                uuid: f.then(|| rng.pick(UUIDS).parse().unwrap()),
                created_at: g.then(|| rng.pick(TIMES).parse().unwrap()),
                tags: h.then(|| {
                    (0..rng.below(4)).map(|_| (!rng.chance(10)).then(|| rng.pick(TAGS).to_string())).collect()
                }),
                slots: match rng.below(4) {
                    0 => serde_json::json!({}),
                    1 => serde_json::json!({ "cpu": null }),
                    _ => serde_json::json!({ "cpu": rng.below(10) }),
                },
            }
        })
        .collect()
}

fn string(rng: &mut Rng, pool: &[&str]) -> String {
    serde_json::Value::from(*rng.pick(pool)).to_string()
}

/// A random comparison over the fixture's names, always well-typed.
fn compare(rng: &mut Rng) -> String {
    let patterns = ["%a%", "a%", "_o%", "%\\\\%%", "%\\\\_%", "B%", "%", "carol\\\\_%", "%É%", "", "al_ce", "%\\\\x"];
    let (name, values): (&str, Vec<String>) = match rng.below(11) {
        0 => ("id", (0..3).map(|_| rng.below(45).to_string()).collect()),
        1 => ("name", (0..3).map(|_| string(rng, NAMES)).collect()),
        2 => ("age", (0..3).map(|_| (rng.below(70) as i64 - 5).to_string()).collect()),
        3 => ("score", (0..3).map(|_| format!("{:?}", rng.pick(SCORES))).collect()),
        4 => ("active", vec![rng.pick(&["true", "false"]).to_string()]),
        5 => ("status", (0..3).map(|_| string(rng, &["ACTIVE", "inactive", "DELETED", "Active"])).collect()),
        6 => ("uuid", (0..3).map(|_| string(rng, UUIDS)).collect()),
        7 => ("created_at", (0..3).map(|_| string(rng, TIMES)).collect()),
        8 => ("tags", (0..3).map(|_| string(rng, TAGS)).collect()),
        9 => ("cpu", (0..3).map(|_| rng.below(10).to_string()).collect()),
        _ => ("group_name", (0..3).map(|_| string(rng, NAMES)).collect()),
    };
    let stringy = matches!(name, "name" | "tags" | "group_name");
    let ops: &[&str] = if stringy {
        &["==", "!=", ">", ">=", "<", "<=", "in", "is", "isnot", "contains", "like", "ilike"]
    } else {
        &["==", "!=", ">", ">=", "<", "<=", "in", "is", "isnot"]
    };
    let op = *rng.pick(ops);
    let value = match op {
        "in" => format!("[{}]", values[..rng.below(4).min(values.len())].join(", ")),
        "is" | "isnot" if name == "active" && rng.chance(60) => values[0].clone(),
        "is" | "isnot" => "null".into(),
        "==" | "!=" if rng.chance(15) => "null".into(),
        "like" | "ilike" => serde_json::Value::from(rng.pick(&patterns).replace("\\\\", "\\")).to_string(),
        _ => values[0].clone(),
    };
    format!("{name} {op} {value}")
}

fn filter(rng: &mut Rng, depth: usize) -> String {
    let mut text = String::new();
    for i in 0..=rng.below(3) {
        if i > 0 {
            text.push_str(rng.pick::<&str>(&[" & ", " | "]));
        }
        if rng.chance(20) {
            text.push('!');
        }
        if depth < 3 && rng.chance(30) {
            text.push_str(&format!("({})", filter(rng, depth + 1)));
        } else {
            text.push_str(&compare(rng));
        }
    }
    text
}

fn order(rng: &mut Rng) -> String {
    let names = ["id", "name", "age", "score", "active", "status", "uuid", "created_at", "cpu", "group_name"];
    (0..rng.below(3))
        .map(|_| format!("{}{}", rng.pick(&["", "+", "-"]), rng.pick(&names)))
        .collect::<Vec<_>>()
        .join(",")
}

async fn load(conn: &mut SqliteConnection, rows: &[Row]) {
    sqlx::query(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, score REAL, active BOOLEAN, \
         status TEXT, uuid TEXT, created_at TEXT, tags TEXT, slots TEXT, group_name TEXT)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    for r in rows {
        let utc = r.created_at.map(|d| crate::DateTime(d.0.with_timezone(&chrono::Utc).fixed_offset()).to_string());
        sqlx::query("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")
            .bind(r.id)
            .bind(r.name.clone())
            .bind(r.age)
            .bind(r.score)
            .bind(r.active)
            .bind(r.status)
            .bind(r.uuid.map(|u| u.to_string()))
            .bind(utc)
            .bind(r.tags.as_ref().map(|t| serde_json::to_string(t).unwrap()))
            .bind(r.slots.to_string())
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// One generated filter and order, with the ids the in-memory back end selects, in order.
struct Case {
    case: usize,
    f_text: String,
    o_text: String,
    f: super::Filter,
    o: super::Order,
    memory: Vec<i64>,
}

/// The rows and 400 cases every database is compared on (the same for each).
fn cases() -> (Vec<Row>, Vec<Case>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let data = rows(&mut rng, 48);
    let cases = (0..400)
        .map(|case| {
            let (f_text, o_text) = (filter(&mut rng, 0), order(&mut rng));
            let f = USERS.filter(&f_text).unwrap_or_else(|e| panic!("case {case}: {f_text}: {e}"));
            let o = USERS.order(&o_text).unwrap_or_else(|e| panic!("case {case}: {o_text}: {e}"));
            let memory = super::apply(data.iter().cloned(), Some(&f), &o).iter().map(|r| r.id).collect();
            Case { case, f_text, o_text, f, o, memory }
        })
        .collect();
    (data, cases)
}

#[tokio::test]
async fn sqlite_and_memory_select_and_sort_the_same_rows() {
    let (data, cases) = cases();
    let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
    load(&mut conn, &data).await;
    let (mut nonempty, mut partial) = (0, 0);
    for Case { case, f_text, o_text, f, o, memory } in cases {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT id FROM users WHERE ");
        f.push_sql(&mut qb);
        o.push_order_by(&mut qb, &["id"]);
        let sql: Vec<i64> = qb
            .build_query_scalar()
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("case {case}: {}: {e}", qb.sql().as_str()));
        assert_eq!(memory, sql, "case {case}: filter {f_text:?} (checked: {f}) order {o_text:?}");
        nonempty += usize::from(!sql.is_empty());
        partial += usize::from(!sql.is_empty() && sql.len() < data.len());
    }
    // The generator is not degenerate: most cases select some rows, not all.
    assert!(nonempty > 200 && partial > 150, "{nonempty} non-empty, {partial} partial of 400");
}

/// Every token of rendered SQL is one the renderer writes itself, a quoted
/// column of the spec, or a placeholder.
fn assert_only_whitelisted(sql: &str, input: &str) {
    let columns: Vec<String> = USERS
        .fields
        .iter()
        .map(|f| match f.storage {
            super::Storage::Column(c) | super::Storage::Array(c) | super::Storage::Json { column: c, .. } => {
                format!("\"{c}\"")
            }
        })
        .collect();
    const WORDS: &[&str] = &[
        "AND",
        "OR",
        "NOT",
        "IS",
        "NULL",
        "TRUE",
        "FALSE",
        "IN",
        "LIKE",
        "ILIKE",
        "GLOB",
        "ESCAPE",
        "'\\'",
        "EXISTS",
        "SELECT",
        "1",
        "0",
        "FROM",
        "WHERE",
        "value",
        "json_each",
        "unnest",
        "AS",
        "__e",
        "instr",
        "strpos",
        "lower",
        "CAST",
        "BIGINT",
        "DOUBLE",
        "PRECISION",
        "BOOLEAN",
        "UUID",
        "TIMESTAMPTZ",
        "ASC",
        "DESC",
        "NULLS",
        "FIRST",
        "LAST",
        "ORDER",
        "BY",
        "?",
        "=",
        "<>",
        ">",
        ">=",
        "<",
        "<=",
        "->>",
        ",",
        "(",
        ")",
    ];
    let spaced = sql.replace('(', " ( ").replace(')', " ) ").replace(',', " , ");
    for token in spaced.split_whitespace() {
        let placeholder = token.strip_prefix('$').is_some_and(|n| n.parse::<u32>().is_ok());
        assert!(
            WORDS.contains(&token) || columns.iter().any(|c| c == token) || placeholder,
            "token {token:?} in {sql:?} from {input:?}"
        );
    }
}

#[test]
fn hostile_input_never_reaches_the_sql_text() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let nasty = [
        "'",
        "\"",
        "\\",
        ";",
        "--",
        "/*",
        "*/",
        "DROP TABLE users",
        "' OR 1=1 --",
        "\u{0}",
        "é",
        "🦀",
        "\u{202e}",
        "$1",
        "?",
        "%",
        "_",
        "[",
        "]",
        "(",
        ")",
        "&",
        "|",
        "!",
        "==",
        "\n",
        "\t",
        "null",
        "true",
        "1e309",
        "-0",
        "9223372036854775808",
    ];
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..3000 {
        // Either a well-formed filter with hostile strings inside, or hostile text outright.
        let input = if rng.chance(50) {
            let s: String = (0..rng.below(6)).map(|_| *rng.pick(&nasty)).collect();
            let name = rng.pick(&["name", "tags", "group_name"]);
            let op = rng.pick(&["==", "contains", "like", "ilike", "in", ">"]);
            let v = serde_json::Value::from(s).to_string();
            if *op == "in" { format!("{name} in [{v}, {v}]") } else { format!("{name} {op} {v}") }
        } else {
            (0..rng.below(12)).map(|_| *rng.pick(&nasty)).collect::<Vec<_>>().join(*rng.pick(&["", " "]))
        };
        match USERS.filter(&input) {
            Ok(f) => {
                accepted += 1;
                let mut qb = QueryBuilder::<Sqlite>::new("");
                f.push_sql(&mut qb);
                assert_only_whitelisted(qb.sql().as_str(), &input);
                let mut qb = QueryBuilder::<sqlx::Postgres>::new("");
                f.push_sql(&mut qb);
                assert_only_whitelisted(qb.sql().as_str(), &input);
            }
            Err(e) => {
                rejected += 1;
                assert!(e.column >= 1 && e.column <= input.chars().count() + 1, "{e} for {input:?}");
            }
        }
        if let Ok(o) = USERS.order(&input) {
            let mut qb = QueryBuilder::<Sqlite>::new("");
            o.push_order_by(&mut qb, &[]);
            assert_only_whitelisted(qb.sql().as_str(), &input);
        }
    }
    assert!(accepted > 500 && rejected > 500, "{accepted} accepted, {rejected} rejected");
    // Very long input is refused before parsing, whatever it holds.
    let long = format!("name == \"{}\"", "'; DROP TABLE users; --".repeat(500));
    assert!(USERS.filter(&long).unwrap_err().message.contains("bytes long"));
}

/// A PostgreSQL server of the test's own: `initdb` into a fresh directory,
/// started by `pg_ctl` on a free loopback port (as the `postgres` user when
/// the test runs as root, which PostgreSQL refuses), stopped when dropped.
struct Postgres {
    bin: std::path::PathBuf,
    dir: std::path::PathBuf,
    as_postgres: bool,
    url: String,
}

impl Postgres {
    /// The server, or why there is none (binaries not installed).
    fn start() -> Result<Postgres, String> {
        use std::process::Command;
        let bin = std::env::var_os("PG_BIN")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let mut versions: Vec<_> =
                    std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
                versions.sort();
                versions.into_iter().rev().find(|b| b.join("initdb").is_file())
            })
            .ok_or("PostgreSQL is not installed (Debian: apt-get install postgresql; or set PG_BIN)")?;
        let uid = Command::new("id").arg("-u").output().map_err(|e| e.to_string())?;
        let as_postgres = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let dir = std::env::temp_dir().join(format!("admin-codegen-pg-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let pg = Postgres { bin, dir, as_postgres, url: format!("postgres://postgres@127.0.0.1:{port}/postgres") };
        if as_postgres {
            pg.run("chown", &["postgres", pg.dir.to_str().unwrap()], false)?;
        }
        let data = pg.dir.join("data");
        let data = data.to_str().unwrap();
        let initdb = pg.bin.join("initdb");
        pg.run(
            initdb.to_str().unwrap(),
            &["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            true,
        )?;
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -F", pg.dir.display());
        let log = pg.dir.join("log");
        let pg_ctl = pg.bin.join("pg_ctl");
        pg.run(
            pg_ctl.to_str().unwrap(),
            &["-D", data, "-o", &options, "-l", log.to_str().unwrap(), "-w", "start"],
            true,
        )?;
        Ok(pg)
    }

    fn run(&self, program: &str, args: &[&str], as_server_user: bool) -> Result<(), String> {
        let mut cmd = if self.as_postgres && as_server_user {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--", program]);
            c
        } else {
            std::process::Command::new(program)
        };
        let out = cmd.args(args).output().map_err(|e| format!("{program}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let pg_ctl = self.bin.join("pg_ctl");
        let _ = self.run(pg_ctl.to_str().unwrap(), &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"], true);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn load_postgres(conn: &mut sqlx::PgConnection, rows: &[Row]) {
    sqlx::query(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT, age INTEGER, score DOUBLE PRECISION, active BOOLEAN, \
         status TEXT, uuid UUID, created_at TIMESTAMPTZ, tags TEXT[], slots JSONB, group_name TEXT)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    for r in rows {
        sqlx::query(
            "INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS UUID), CAST($8 AS TIMESTAMPTZ), \
             (SELECT array_agg(e) FROM jsonb_array_elements_text(CAST($9 AS JSONB)) AS e), CAST($10 AS JSONB), NULL)",
        )
        .bind(r.id)
        .bind(r.name.clone())
        .bind(r.age)
        .bind(r.score)
        .bind(r.active)
        .bind(r.status)
        .bind(r.uuid.map(|u| u.to_string()))
        .bind(r.created_at.map(|d| d.to_string()))
        .bind(r.tags.as_ref().map(|t| serde_json::to_string(t).unwrap()))
        .bind(r.slots.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
    }
}

/// The same differential run on a real PostgreSQL server (native `uuid`,
/// `timestamptz`, `text[]` and `jsonb` columns, the C locale so that text
/// order is byte order as in memory). Skipped, saying why, without one.
#[tokio::test]
async fn postgres_and_memory_select_and_sort_the_same_rows() {
    let pg = match Postgres::start() {
        Ok(pg) => pg,
        Err(why) if std::env::var_os("ADMIN_CODEGEN_REQUIRE_POSTGRES").is_some() => panic!("{why}"),
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let (data, cases) = cases();
    let mut conn = sqlx::PgConnection::connect(&pg.url).await.unwrap();
    load_postgres(&mut conn, &data).await;
    for Case { case, f_text, o_text, f, o, memory } in cases {
        let mut qb = QueryBuilder::<sqlx::Postgres>::new("SELECT id FROM users WHERE ");
        f.push_sql(&mut qb);
        o.push_order_by(&mut qb, &["id"]);
        let sql: Vec<i64> = qb
            .build_query_scalar()
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("case {case}: {}: {e}", qb.sql().as_str()));
        assert_eq!(memory, sql, "case {case}: filter {f_text:?} (checked: {f}) order {o_text:?}");
    }
    drop(conn);
    drop(pg);
}
