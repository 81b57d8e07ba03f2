//! [`Options`]: what a build script's [`Builder`](crate::Builder) or the
//! command line's flags set over the config file, and the one rule that
//! merges them into a [`Config`].

use std::path::PathBuf;

use admin_codegen_parser::Diagnostic;

use crate::config::{Config, Target, check_scalar_type};

/// Settings given on top of `admin-codegen.toml`: the build.rs builder and
/// the CLI flags both fill this one type, and [`Options::resolve`] is the one
/// merge rule. A field left unset (`None`, empty) keeps the file's value (or
/// the default when there is no file); a set one replaces it, except scalar
/// mappings, which are added to the file's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The config file to read, if any.
    pub config_file: Option<PathBuf>,
    /// Schema files, directories or globs (replace the file's `schema`).
    pub schema: Vec<String>,
    /// Operation documents (replace the file's `documents`).
    pub documents: Vec<String>,
    /// The output directory (replaces the file's `out`).
    pub out: Option<PathBuf>,
    /// The output's name: code goes to `<out>/<name>/`.
    pub name: Option<String>,
    /// Custom scalar → Rust type, added over the file's `[scalars]`.
    pub scalars: Vec<(String, String)>,
    /// Whether unmapped custom scalars are errors.
    pub strict: Option<bool>,
    /// What to generate (replaces the file's `targets` unless empty); the
    /// three switches below then add or remove one each.
    pub targets: Vec<Target>,
    /// Adds (`true`) or removes (`false`) the server target.
    pub server: Option<bool>,
    /// Adds (`true`) or removes (`false`) the client target.
    pub client: Option<bool>,
    /// Adds (`true`) or removes (`false`) the TypeScript target.
    pub typescript: Option<bool>,
    /// Custom scalar → TypeScript type, added over the file's `[typescript.scalars]`.
    pub typescript_scalars: Vec<(String, String)>,
    /// Whether operations also get `TypedDocumentNode` constants.
    pub typescript_document_nodes: Option<bool>,
    /// `[limits] depth` (at least 1).
    pub max_depth: Option<usize>,
    /// `[limits] complexity` (at least 1).
    pub max_complexity: Option<usize>,
}

impl Options {
    /// The effective configuration: the config file (if any), then every
    /// setting of `self` over it. Configured scalar types are checked here,
    /// whichever of the three gave them.
    pub fn resolve(&self) -> Result<Config, Vec<Diagnostic>> {
        let mut config = match &self.config_file {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        if !self.schema.is_empty() {
            config.schema = self.schema.clone();
        }
        if !self.documents.is_empty() {
            config.documents = self.documents.clone();
        }
        let mut errors = Vec::new();
        for (name, rust_type) in &self.scalars {
            match check_scalar_type(name, rust_type, None) {
                None => drop(config.scalars.insert(name.clone(), rust_type.clone())),
                Some(d) => errors.push(d),
            }
        }
        if let Some(strict) = self.strict {
            config.strict = strict;
        }
        if let Some(depth) = self.max_depth {
            config.limits.depth = depth.max(1);
        }
        if let Some(complexity) = self.max_complexity {
            config.limits.complexity = complexity.max(1);
        }
        if !self.targets.is_empty() {
            config.targets = self.targets.clone();
            config.targets.sort();
            config.targets.dedup();
        }
        if let Some(nodes) = self.typescript_document_nodes {
            config.typescript_document_nodes = nodes;
        }
        for (name, ts_type) in &self.typescript_scalars {
            config.typescript_scalars.insert(name.clone(), ts_type.clone());
        }
        for (wanted, target) in
            [(self.server, Target::Server), (self.client, Target::Client), (self.typescript, Target::TypeScript)]
        {
            match wanted {
                Some(true) if !config.targets.contains(&target) => config.targets.push(target),
                Some(false) => config.targets.retain(|t| *t != target),
                _ => {}
            }
        }
        config.targets.sort();
        if let Some(out) = &self.out {
            config.out = out.clone();
        }
        if let Some(name) = &self.name {
            let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if valid {
                config.out.push(name);
            } else {
                errors.push(
                    Diagnostic::error(format!("output name {name:?} is not a name"))
                        .with_help("use ASCII letters, digits, `_` and `-`: it becomes a directory of the output"),
                );
            }
        }
        if errors.is_empty() { Ok(config) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_go_over_the_defaults_and_bad_ones_are_reported_together() {
        let options = Options {
            schema: vec!["a.graphql".into()],
            out: Some("gen".into()),
            name: Some("billing".into()),
            server: Some(true),
            scalars: vec![("URI".into(), "::std::string::String".into())],
            ..Options::default()
        };
        let config = options.resolve().unwrap();
        assert_eq!(config.schema, ["a.graphql"]);
        assert_eq!(config.out, std::path::Path::new("gen/billing"));
        assert_eq!(config.targets, [Target::Types, Target::Server]);
        assert_eq!(config.scalars["URI"], "::std::string::String");

        let bad = Options {
            name: Some("../up".into()),
            scalars: vec![("URI".into(), "not a type!".into())],
            ..Options::default()
        };
        let errors = bad.resolve().unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("the Rust type `not a type!` for scalar `URI` does not parse"));
        assert!(errors[1].message.contains("output name \"../up\" is not a name"));
    }
}
