//! Two example-server processes behind no balancer but the test itself, sharing
//! one database (a SQLite file, or a fresh PostgreSQL database on the server
//! `ADMIN_EXAMPLE_TEST_POSTGRES` names) and one Redis server (spec §8, "Rate limits"): requests
//! spread over both are counted once, a keypair changed through one replica
//! takes effect on the other at the next request, and a replica killed and
//! restarted loses nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use admin_codegen_example::keys::{SUPERADMIN, USER1, USER2};
use serde_json::{Value, json};
use server_tests::{Answer, RedisServer, service_or_skip, signed_exchange};

/// One `admin-example-server` process; killed when dropped.
struct Replica {
    child: Child,
    host: String,
}

impl Replica {
    fn start(database: &str, redis: &str) -> Replica {
        let mut child = Command::new(env!("CARGO_BIN_EXE_admin-example-server"))
            .args(["--bind", "127.0.0.1:0", "--database", database, "--redis", redis])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let host = loop {
            let line = lines.next().expect("the server printed its address").unwrap();
            if let Some(rest) = line.split_once("http://").map(|(_, r)| r) {
                break rest.split('/').next().unwrap().to_owned();
            }
        };
        // Keep reading so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Replica { child, host }
    }

    async fn call(&self, (access_key, secret): (&str, &str), query: &str) -> Answer {
        signed_exchange(&self.host, access_key, secret, query, json!({})).await
    }

    async fn data(&self, who: (&str, &str), query: &str) -> Value {
        let answer = self.call(who, query).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.get("errors").is_none(), "{}", answer.body);
        answer.body["data"].clone()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_limits_keypairs_and_data() {
    let Some(redis) = service_or_skip("redis-server", "ADMIN_CODEGEN_REQUIRE_REDIS", RedisServer::start()) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("admin-replicas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = match std::env::var("ADMIN_EXAMPLE_TEST_POSTGRES") {
        Ok(server) => admin_codegen_example::fresh_postgres_database(&server).await.unwrap(),
        Err(_) => dir.join("admin.db").display().to_string(),
    };
    // The first replica creates and seeds the database; the second opens it.
    let a = Replica::start(&database, &redis.url);
    let mut b = Replica::start(&database, &redis.url);

    // user1's limit, set through one replica, is read by both.
    let set_limit =
        r#"mutation { modify_keypair(access_key: "AKIAUSER000000000001", props: { rate_limit: 6 }) { ok } }"#;
    assert_eq!(a.data(SUPERADMIN, set_limit).await["modify_keypair"]["ok"], true);
    let mut remaining = Vec::new();
    for replica in [&a, &b, &a, &b, &a, &b] {
        let answer = replica.call(USER1, "{ user { email } }").await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.header("x-ratelimit-limit"), "6");
        remaining.push(answer.header("x-ratelimit-remaining").to_owned());
    }
    assert_eq!(remaining, ["5", "4", "3", "2", "1", "0"], "one count across the replicas");
    for replica in [&a, &b] {
        let answer = replica.call(USER1, "{ user { email } }").await;
        assert_eq!(answer.status, 429, "{}", answer.body);
        assert_eq!(answer.body["type"], "https://api.backend.ai/probs/rate-limit-exceeded");
    }

    // A keypair deactivated through one replica is refused by the other at once.
    assert_eq!(b.data(USER2, "{ user { email } }").await["user"]["email"], "user2@lablup.com");
    let deactivate =
        r#"mutation { modify_keypair(access_key: "AKIAUSER000000000002", props: { is_active: false }) { ok } }"#;
    assert_eq!(a.data(SUPERADMIN, deactivate).await["modify_keypair"]["ok"], true);
    assert_eq!(b.call(USER2, "{ user { email } }").await.status, 401);

    // What was written through a replica that is then killed is still there,
    // for the other and for the restarted one; so is the rate count.
    let create = r#"mutation { create_user(email: "replica@lablup.com", props: { username: "replica", password: "x", need_password_change: false }) { ok } }"#;
    assert_eq!(b.data(SUPERADMIN, create).await["create_user"]["ok"], true);
    b.kill();
    let find = r#"{ user(email: "replica@lablup.com") { email } }"#;
    assert_eq!(a.data(SUPERADMIN, find).await["user"]["email"], "replica@lablup.com");
    let b = Replica::start(&database, &redis.url);
    assert_eq!(b.data(SUPERADMIN, find).await["user"]["email"], "replica@lablup.com");
    assert_eq!(b.call(USER1, "{ user { email } }").await.status, 429, "the restarted replica sees the count");
    assert_eq!(b.call(USER2, "{ user { email } }").await.status, 401);
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir);
}
