//! The example serves the default schema, with the repository's
//! `admin-codegen.toml` (its `[lists]` and `[limits]`), server target only.
fn main() -> Result<(), admin_codegen_build::Error> {
    admin_codegen_build::configure()
        .config_file("../../admin-codegen.toml")
        .schema("../../schema/admin.graphql")
        .server(true)
        .client(false)
        .strict(true)
        .compile()
}
