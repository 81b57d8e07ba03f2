//! The admin-codegen IR.
//!
//! [`lower`] turns a validated schema into an owned [`Ir`] in which every
//! convention decision is already made: each item's wire and Rust names
//! ([`naming`]), the Rust type of every scalar ([`scalars`]), which fields page
//! and how, which types are mutation payloads, and which fields need a `Box`.
//! Emitters read the IR and never decide any of these again.
//!
//! This crate does no IO.

#![warn(missing_docs)]

mod access;
mod cycles;
mod dump;
mod graphql_js;
pub mod hash;
mod lists;
mod lower;
mod model;
pub mod naming;
mod operations;
mod pagination;
mod parallel;
pub mod scalars;

pub use access::{AccessOverlay, AccessSpec, ROLES};
pub use admin_codegen_parser::{Diagnostic, Severity};
pub use dump::dump;
pub use lists::{ListFieldOverlay, ListOverlay, ListQuery, QueryField, QueryKind, QueryStorage};
pub use lower::{Lowered, Options, lower};
pub use model::*;
pub use operations::*;
