//! The example serves the default schema.
fn main() -> Result<(), admin_codegen_build::Error> {
    admin_codegen_build::configure().schema("../../schema/admin.graphql").server(true).strict(true).compile()
}
