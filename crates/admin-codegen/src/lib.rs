//! The library half of the `admin-codegen` command line: what its
//! subcommands need beyond `admin-codegen-build`, kept out of that crate so
//! that build scripts do not compile it.

#![warn(missing_docs)]

pub mod update;
