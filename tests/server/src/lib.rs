//! End-to-end tests of generated servers over loopback (see tests/). The
//! library holds the code generated for the default schema, with its server module.

#![allow(missing_docs)]

pub mod admin {
    admin_codegen_runtime::include_generated!();
}
