//! The resolver scaffold (`admin-codegen scaffold`, rendered by build.rs for
//! the default schema) compiles against the generated traits, serves "not
//! implemented" errors, and a missing trait method is a readable compiler error.
//!
//! The compile checks run rustc on a one-file crate that uses this package's
//! library (found next to this test binary), so they test exactly the
//! generated code the other tests serve.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use admin_codegen_runtime::server::{MemoryKeypairStore, ServiceOptions, router};
use serde_json::json;

const SCAFFOLD: &str = include_str!(concat!(env!("OUT_DIR"), "/scaffold.rs"));

#[tokio::test]
async fn every_scaffolded_method_answers_not_implemented() {
    let schema = server_tests::admin::server::schema(Arc::new(server_tests::scaffolded::Api)).finish().unwrap();
    let keypairs = MemoryKeypairStore::from_toml(
        r#"[[keypair]]
access_key = "AKSCAFFOLD"
secret_key = "scaffold-secret"
user_id = "00000000-0000-0000-0000-000000000001"
email = "a@lablup.com"
role = "superadmin"
domain_name = "default"
is_admin = true
"#,
    )
    .unwrap();
    let host = server_tests::serve(router(schema, keypairs, ServiceOptions::default())).await;
    let body = server_tests::signed_query(
        &host,
        "AKSCAFFOLD",
        "scaffold-secret",
        "{ user_list(limit: 1, offset: 0) { total_count } }",
        json!({}),
    )
    .await;
    assert_eq!(body["data"]["user_list"], json!(null), "{body}");
    let error = &body["errors"][0];
    assert_eq!(error["message"], "Queries.user_list is not implemented", "{body}");
    assert_eq!(error["extensions"]["code"], "NOT_IMPLEMENTED", "{body}");
    assert_eq!(error["path"], json!(["user_list"]), "{body}");
}

/// The directory holding this test binary and the rlibs it links.
fn deps_dir() -> PathBuf {
    std::env::current_exe().unwrap().parent().unwrap().to_owned()
}

/// The newest `libserver_tests-*.rlib`: the one this binary was linked with.
fn server_tests_rlib(deps: &Path) -> PathBuf {
    std::fs::read_dir(deps)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("libserver_tests-") && name.ends_with(".rlib")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("the server-tests library is built next to this test")
}

/// Type-checks `source` as a library crate that depends on this package's
/// library; returns rustc's success and its diagnostics.
fn rustc_check(name: &str, source: &str) -> (bool, String) {
    let deps = deps_dir();
    let dir = deps.join("../scaffold-compile").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lib.rs");
    std::fs::write(&file, format!("use server_tests::{{admin, runtime}};\n{source}")).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc)
        .args(["--edition", "2024", "--crate-type", "lib", "--crate-name", name, "--emit=metadata", "--color=never"])
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("server_tests={}", server_tests_rlib(&deps).display()))
        .arg("--out-dir")
        .arg(&dir)
        .arg(&file)
        .output()
        .expect("rustc runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn the_scaffold_compiles_and_a_missing_method_is_a_readable_error() {
    let (ok, stderr) = rustc_check("scaffold_complete", SCAFFOLD);
    assert!(ok, "the complete scaffold must compile:\n{stderr}");

    let start = SCAFFOLD.find("    async fn user_list(").expect("the scaffold has user_list");
    let end = start + SCAFFOLD[start..].find("\n    }\n").unwrap() + "\n    }\n".len();
    let without = format!("{}{}", &SCAFFOLD[..start], &SCAFFOLD[end..]);
    let (ok, stderr) = rustc_check("scaffold_missing_method", &without);
    assert!(!ok, "an impl without user_list must not compile");
    assert!(stderr.contains("error[E0046]: not all trait items implemented, missing: `user_list`"), "{stderr}");
    assert!(stderr.contains("missing `user_list` in implementation"), "{stderr}");
    assert!(
        stderr.contains(
            "help: implement the missing item: `fn user_list(&self, _: &RequestContext, _: QueriesUserListArgs)"
        ),
        "the error spells out the signature to write:\n{stderr}"
    );
    assert_eq!(stderr.matches("error[").count(), 1, "exactly one error, no cascade:\n{stderr}");
}

#[test]
fn an_updated_scaffold_compiles() {
    use admin_codegen::update::update;
    use admin_codegen_build::scaffold::ScaffoldOptions;
    let config = admin_codegen_build::Config {
        schema: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/admin.graphql").into()],
        ..Default::default()
    };
    let (traits, _) = admin_codegen_build::pipeline::resolver_scaffold(&config).unwrap();
    // A user's module that predates `user_list` and the `GroupResolver` trait.
    let start = SCAFFOLD.find("    async fn user_list(").unwrap();
    let end = start + SCAFFOLD[start..].find("\n    }\n").unwrap() + "\n    }\n".len();
    let older = format!("{}{}", &SCAFFOLD[..start], &SCAFFOLD[end..]);
    let group = older.find("impl GroupResolver for Api {").unwrap();
    let group_end = group + older[group..].find("\n}\n").unwrap() + "\n}\n".len();
    let older = format!("{}{}", &older[..group], &older[group_end..]);
    assert!(!rustc_check("scaffold_older", &older).0, "the older module is missing items");

    let options =
        ScaffoldOptions { struct_name: "Api".into(), generated: "crate::admin".into(), schema: String::new() };
    let updated = update(&older, "resolvers.rs", &traits, &options).unwrap();
    assert_eq!(updated.added, ["Group.users", "Queries.user_list"], "in schema order");
    assert!(updated.stale.is_empty());
    let (ok, stderr) = rustc_check("scaffold_updated", &updated.text);
    assert!(ok, "the updated module must compile:\n{stderr}\n{}", updated.text);
}
