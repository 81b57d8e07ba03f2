//! The committed output of
//! `admin-codegen generate --config examples/pipeline/admin-codegen.toml`,
//! as a crate that generates in its build pipeline (not in `build.rs`) keeps
//! it: `src/generated/` is the CLI's `mod.rs` tree, included as a module.

// Formatted by admin-codegen (prettyplease), not by this repository's rustfmt settings.
#[rustfmt::skip]
#[path = "generated/mod.rs"]
pub mod generated;

#[cfg(test)]
mod tests {
    use super::generated::{client, server};
    use admin_codegen_runtime::operation::Operation;

    #[test]
    fn the_committed_server_module_serves_its_sdl() {
        let served = include_str!("generated/server.graphql");
        assert_eq!(server::SCHEMA.sdl(), served);
        assert!(server::SCHEMA.parse().is_ok());
    }

    #[test]
    fn the_committed_client_has_the_operations() {
        assert!(client::Users::DOCUMENT.contains("user_list"), "{}", client::Users::DOCUMENT);
    }
}
