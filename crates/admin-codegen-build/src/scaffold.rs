//! `admin-codegen scaffold`: a user-owned resolver module from `templates/`.
//! (`--update`, which edits an existing module and so parses Rust with span
//! locations, lives in the CLI crate: build scripts do not compile it.)
//!
//! Everything here works on strings; the caller reads and writes the file.

pub use admin_codegen_emit::{MethodScaffold, TraitScaffold, scaffold as traits};
use admin_codegen_parser::Diagnostic;

/// The default template (`templates/resolvers.rs`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/resolvers.rs");

/// What the scaffold is rendered with.
#[derive(Debug, Clone)]
pub struct ScaffoldOptions {
    /// The type implementing the traits (`Api`).
    pub struct_name: String,
    /// The Rust path of the generated modules (`crate::generated`).
    pub generated: String,
    /// The schema inputs, for the file's doc comment.
    pub schema: String,
}

/// Renders a new resolver module: `template` with `{{struct}}`,
/// `{{generated}}`, `{{schema}}` and `{{impls}}` filled in.
pub fn render(template: &str, traits: &[TraitScaffold], options: &ScaffoldOptions) -> Result<String, Vec<Diagnostic>> {
    if !template.contains("{{impls}}") {
        return Err(vec![
            Diagnostic::error("the scaffold template has no `{{impls}}` placeholder")
                .with_help("put `{{impls}}` where the impl blocks go"),
        ]);
    }
    let impls: Vec<String> = traits.iter().map(|t| t.impl_block(&options.struct_name)).collect();
    Ok(template
        .replace("{{struct}}", &options.struct_name)
        .replace("{{generated}}", &options.generated)
        .replace("{{schema}}", &options.schema)
        .replace("{{impls}}", impls.join("\n").trim_end()))
}
