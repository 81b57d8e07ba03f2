//! Generates the default schema's types and the client operations of `operations/`.
fn main() -> Result<(), admin_codegen_build::Error> {
    admin_codegen_build::configure()
        .schema("../../schema/admin.graphql")
        .documents("../../operations")
        .client(true)
        .strict(true)
        .compile()
}
