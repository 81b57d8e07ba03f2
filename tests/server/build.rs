//! Generates the default schema's types and server module.
fn main() -> Result<(), admin_codegen_build::Error> {
    admin_codegen_build::configure().schema("../../schema/admin.graphql").server(true).strict(true).compile()
}
