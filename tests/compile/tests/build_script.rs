//! What the build script told cargo, read from cargo's record of it
//! (`OUT_DIR/../output`).

fn build_output() -> String {
    std::fs::read_to_string(concat!(env!("OUT_DIR"), "/../output")).expect("cargo keeps the build script's output")
}

#[test]
fn reruns_on_every_input_and_config_but_not_outputs() {
    let out = build_output();
    let reruns: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("cargo:rerun-if-changed=")).collect();
    assert!(reruns.contains(&"../../schema/admin.graphql"), "{reruns:?}");
    assert!(reruns.contains(&"../fixtures/schema/scalars/admin-codegen.toml"), "config files are inputs: {reruns:?}");
    assert!(reruns.contains(&"../fixtures/schema/multi-file/b.graphql"), "{reruns:?}");
    assert!(reruns.contains(&"../fixtures/schema/multi-file"), "listed directories are watched: {reruns:?}");
    let out_dir = env!("OUT_DIR");
    assert!(reruns.iter().all(|r| !r.starts_with(out_dir)), "outputs must not be inputs: {reruns:?}");
}

#[test]
fn warnings_reach_cargo() {
    let out = build_output();
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("cargo:warning=")).collect();
    assert!(
        warnings.iter().any(|w| w.contains("custom scalar `Mystery` has no Rust type mapping (schema.graphql:")
            || w.contains(
                "custom scalar `Mystery` has no Rust type mapping (../fixtures/schema/scalars/schema.graphql:"
            )),
        "{warnings:?}"
    );
}

/// Named outputs: each API in its own directory of OUT_DIR, each serving its
/// own SDL (the `server.graphql` beside its `admin_codegen.rs`).
#[test]
fn two_named_apis_live_side_by_side() {
    use compile_tests::named::{admin, fleet};
    let out = std::path::Path::new(env!("OUT_DIR"));
    for name in ["admin", "fleet"] {
        assert!(out.join(name).join("admin_codegen.rs").is_file(), "{name}/admin_codegen.rs");
        let served = std::fs::read_to_string(out.join(name).join("server.graphql")).unwrap();
        let sdl = if name == "admin" { admin::server::SCHEMA.sdl() } else { fleet::server::SCHEMA.sdl() };
        assert_eq!(sdl, served, "{name} serves its own server.graphql");
    }
    assert!(admin::server::SCHEMA.sdl().contains("type KeyPair"), "admin is the default schema");
    assert!(fleet::server::SCHEMA.sdl().contains("machine_list"), "fleet is the lists fixture");
    assert!(admin::server::SCHEMA.parse().is_ok() && fleet::server::SCHEMA.parse().is_ok());
    // Each module's own types decode its own objects.
    let user: admin::types::User = serde_json::from_str(r#"{"email": "a@example.com"}"#).unwrap();
    let machines: fleet::types::MachineList = serde_json::from_str(r#"{"items": [], "total_count": 3}"#).unwrap();
    assert_eq!((user.email.as_deref(), machines.total_count), (Some("a@example.com"), 3));
}
