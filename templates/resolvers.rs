//! Resolvers for {{schema}}.
//!
//! This file is yours: `admin-codegen scaffold` wrote it once and never
//! overwrites it. After a schema change, `admin-codegen scaffold --update`
//! appends the methods the schema gained (leaving your code as it is) and lists
//! the ones it lost. Every method starts out answering a "not implemented"
//! GraphQL error (`extensions.code = "NOT_IMPLEMENTED"`).

use admin_codegen_runtime::server::{RequestContext, ResolverError};
#[allow(unused_imports)]
use std::{boxed::Box, option::Option, result::Result, string::String, vec::Vec};
// The names above win over these globs: a schema type named `Result` is `types::Result`.
#[allow(unused_imports)]
use {{generated}}::{server::*, types::{self, *}};

/// Your resolvers: give them the state they need (a database pool, clients).
#[derive(Debug, Default)]
pub struct {{struct}};

{{impls}}
