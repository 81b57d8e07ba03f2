//! The generated code, compiled. Each module is one schema.

/// The default schema, `schema/admin.graphql`.
pub mod default {
    include!(concat!(env!("OUT_DIR"), "/default/admin_codegen.rs"));
}

/// Every valid fixture of `tests/fixtures/schema`, one module each.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// Backend.AI 24.03.0.
#[cfg(corpus)]
pub mod backendai_24_03 {
    include!(concat!(env!("OUT_DIR"), "/backendai-24.03.0/admin_codegen.rs"));
}

/// Backend.AI 24.09.0.
#[cfg(corpus)]
pub mod backendai_24_09 {
    include!(concat!(env!("OUT_DIR"), "/backendai-24.09.0/admin_codegen.rs"));
}

/// GitHub, 2019.
#[cfg(corpus)]
pub mod github_2019 {
    include!(concat!(env!("OUT_DIR"), "/github-2019/admin_codegen.rs"));
}
