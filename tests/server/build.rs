//! Generates the default schema's types and server module, the access fixture's, and the limits fixture's (with its config).
use std::path::PathBuf;

fn main() -> Result<(), admin_codegen_build::Error> {
    admin_codegen_build::configure().schema("../../schema/admin.graphql").server(true).strict(true).compile()?;
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    admin_codegen_build::configure()
        .schema("../fixtures/schema/access/schema.graphql")
        .server(true)
        .out_dir(out.join("access"))
        .compile()?;
    admin_codegen_build::configure()
        .config_file("../fixtures/schema/limits/admin-codegen.toml")
        .out_dir(out.join("limits"))
        .compile()?;
    scaffold(&out)
}

/// The resolver scaffold of the default schema (what `admin-codegen scaffold`
/// writes), from the built-in template with two changes so that it can be
/// `include!`d as a module of this crate (no inner doc comments) and compiled
/// as a crate of its own by tests/compile_fail.rs: the runtime and the
/// generated code are reached through `crate::`.
fn scaffold(out: &std::path::Path) -> Result<(), admin_codegen_build::Error> {
    use admin_codegen_build::scaffold::{DEFAULT_TEMPLATE, ScaffoldOptions, render};
    let config =
        admin_codegen_build::Config { schema: vec!["../../schema/admin.graphql".into()], ..Default::default() };
    let (traits, _) = admin_codegen_build::pipeline::resolver_scaffold(&config).map_err(|f| f.diagnostics)?;
    let template: String = DEFAULT_TEMPLATE
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .map(|l| format!("{}\n", l.replace("use admin_codegen_runtime::", "use crate::runtime::")))
        .collect();
    let options =
        ScaffoldOptions { struct_name: "Api".into(), generated: "crate::admin".into(), schema: String::new() };
    let text = render(&template, &traits, &options)?;
    Ok(std::fs::write(out.join("scaffold.rs"), text)?)
}
