//! The generated `filter`/`order` support of `tests/fixtures/schema/lists`:
//! the arguments struct carries checked values, the spec follows the
//! config's `[lists]`, the generated `Record` reads the item type's members,
//! and the SQL renders against a real SQLite schema with the configured
//! (renamed, joined, JSON and array) columns.

use admin_codegen_runtime::query::{self, Spec, take_failure_code};
use compile_tests::fixtures::lists::server::*;
use compile_tests::fixtures::lists::types::*;
use serde_json::json;
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};

fn machine(id: &str, host: &str, cores: i32, cpu: Option<i64>, labels: &[&str], status: Option<Status>) -> Machine {
    serde_json::from_value(json!({
        "id": id,
        "uuid": "6e3e9a6b-4f7e-4c43-9d2b-2f1c2d3e4f50",
        "hostname": host,
        "phase": "ACTIVE",
        "status": status,
        "cores": cores,
        "labels": labels,
        "slots": serde_json::to_string(&cpu.map_or(json!({}), |c| json!({ "cpu": c }))).unwrap(),
    }))
    .unwrap()
}

fn machines() -> Vec<Machine> {
    vec![
        machine("1", "gpu-a", 8, Some(8), &["gpu", "fast"], Some(Status::Active)),
        machine("2", "GPU-b", 16, Some(16), &[], Some(Status::Inactive)),
        machine("3", "cpu-c", 4, None, &["slow"], None),
    ]
}

fn args(filter: &str, order: &str) -> Result<QueryMachineListArgs, serde_json::Error> {
    serde_json::from_value(json!({ "limit": 10, "offset": 0, "filter": filter, "order": order }))
}

#[test]
fn arguments_hold_checked_filters_and_orders() {
    let a = args("cpu >= 8 & hostname ilike \"gpu%\" | labels == \"slow\"", "-cores").unwrap();
    let filter = a.filter.as_ref().unwrap();
    let picked: Vec<_> = query::apply(machines(), Some(filter), &a.order).into_iter().map(|m| m.id.unwrap()).collect();
    // `&` and `|` group to the right: machine 3 has no `cpu`, so `cpu >= 8 & (…)` is unknown.
    assert_eq!(picked, ["2", "1"]);
    // Enums by name or in lower case; a missing filter is None, a missing order empty.
    let a = args("status == \"inactive\" | phase != \"ACTIVE\"", "").unwrap();
    assert_eq!(query::apply(machines(), a.filter.as_ref(), &a.order).len(), 1);
    let none: QueryMachineListArgs = serde_json::from_value(json!({ "limit": 1, "offset": 0 })).unwrap();
    assert_eq!((none.filter, none.order.is_empty()), (None, true));
    // The spec follows the config: `secret` left out, `load` not orderable, added names known.
    let e = args("secret == \"x\"", "").unwrap_err();
    assert_eq!(e.to_string(), "filter: unknown/unsupported field name `secret` at column 1");
    assert_eq!(take_failure_code(), Some("INVALID_FILTER"));
    assert!(args("owner_name == \"ann\" & owner_status == \"ACTIVE\"", "+owner_name").is_ok());
    assert_eq!(args("cores > 1", "load").unwrap_err().to_string(), "order: `load` cannot be ordered by at column 1");
    assert_eq!(take_failure_code(), Some("INVALID_ORDER"));
    // The order-only list has no filter to take; its `order` is checked.
    assert!(
        serde_json::from_value::<QueryMachineListOrderedArgs>(json!({"limit": 1, "offset": 0, "order": "-secret"}))
            .is_ok()
    );
    assert_eq!(QueryItemListArgs::SPEC.fields.iter().map(|f| f.name).collect::<Vec<_>>(), ["id"]);
    assert!(QueryItemListArgs::SPEC.fields[0].member.is_none(), "an interface item has no members to read");
}

#[tokio::test]
async fn the_generated_spec_renders_for_a_real_sqlite_schema() {
    let mut db = SqliteConnection::connect("sqlite::memory:").await.unwrap();
    for statement in [
        "CREATE TABLE machines (id TEXT PRIMARY KEY, uuid TEXT, host_name TEXT, status TEXT, phase TEXT, cores INTEGER, \
         memory INTEGER, load REAL, online BOOLEAN, created_at TEXT, label_set TEXT, slots TEXT)",
        "CREATE TABLE owners (machine TEXT, name TEXT, state TEXT)",
        "INSERT INTO machines (id, host_name, status, phase, cores, label_set, slots) VALUES \
         ('1', 'gpu-a', 'ACTIVE', 'ACTIVE', 8, '[\"gpu\",\"fast\"]', '{\"cpu\":8}'), \
         ('2', 'GPU-b', 'INACTIVE', 'ACTIVE', 16, '[]', '{\"cpu\":16}'), \
         ('3', 'cpu-c', NULL, 'ACTIVE', 4, '[\"slow\"]', '{}')",
        "INSERT INTO owners VALUES ('1', 'ann', 'ACTIVE'), ('2', 'bob', 'INACTIVE')",
    ] {
        sqlx::query(statement).execute(&mut db).await.unwrap();
    }
    for (filter, order) in [
        ("cpu >= 8 & hostname ilike \"gpu%\" | labels == \"slow\"", "-cores"),
        ("status == \"inactive\" | phase != \"ACTIVE\"", ""),
        ("!labels in [\"gpu\", \"slow\"]", "+hostname"),
        ("hostname like \"gpu%\" | cpu is null", "-cpu"),
    ] {
        let a = args(filter, order).unwrap();
        let memory: Vec<String> =
            query::apply(machines(), a.filter.as_ref(), &a.order).into_iter().map(|m| m.id.unwrap()).collect();
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT machines.id FROM machines LEFT JOIN owners ON owners.machine = machines.id WHERE ",
        );
        a.filter.as_ref().unwrap().push_sql(&mut qb);
        a.order.push_order_by(&mut qb, &["machines.id"]);
        let sql: Vec<String> = qb.build_query_scalar().fetch_all(&mut db).await.unwrap();
        assert_eq!(sql, memory, "{filter} / {order}");
    }
    let a = args("owner_name == \"bob\" | owner_status == \"active\"", "-owner_name").unwrap();
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT machines.id FROM machines LEFT JOIN owners ON owners.machine = machines.id WHERE ",
    );
    a.filter.as_ref().unwrap().push_sql(&mut qb);
    a.order.push_order_by(&mut qb, &[]);
    let sql: Vec<String> = qb.build_query_scalar().fetch_all(&mut db).await.unwrap();
    assert_eq!(sql, ["2", "1"]);
}
