//! Snapshot tests of admin-codegen over the fixtures in `tests/fixtures` (see tests/fixtures.rs).
