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
