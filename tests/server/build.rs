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
        .compile()
}
