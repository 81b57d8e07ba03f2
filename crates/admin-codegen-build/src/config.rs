//! `admin-codegen.toml`: the one config file read by both the CLI and build scripts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use admin_codegen_parser::{Diagnostic, Location, did_you_mean};
use serde::Deserialize;

/// The config file's name, looked up in the working directory when none is given.
pub const CONFIG_FILE: &str = "admin-codegen.toml";

/// The schema inputs used when neither the config nor flags name any.
pub const DEFAULT_SCHEMA: &str = "schema";

/// The operation documents read for the client target when none are configured.
pub const DEFAULT_DOCUMENTS: &str = "operations";

/// The output directory used when neither the config nor flags name one.
pub const DEFAULT_OUT: &str = "generated";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// Rust types for every schema type.
    Types,
    /// Server resolver traits and the async-graphql schema serving them.
    Server,
    /// Client operations from the configured documents.
    Client,
}

impl Target {
    /// Every target, with its config spelling.
    pub const ALL: &'static [(&'static str, Target)] =
        &[("types", Target::Types), ("server", Target::Server), ("client", Target::Client)];
}

/// Everything a generation run needs, from the config file, flags or a builder.
#[derive(Debug, Clone)]
pub struct Config {
    /// Schema files, directories or globs.
    pub schema: Vec<String>,
    /// Operation documents (files, directories or globs) for the client target.
    pub documents: Vec<String>,
    /// The output directory.
    pub out: PathBuf,
    /// What to generate.
    pub targets: Vec<Target>,
    /// Custom scalar wire name → Rust type path.
    pub scalars: BTreeMap<String, String>,
    /// Whether unmapped custom scalars are errors.
    pub strict: bool,
    /// The config file this came from, if any (a build input).
    pub source: Option<PathBuf>,
    /// Where each `[scalars]` key is in the config file, for diagnostics.
    pub scalar_locations: BTreeMap<String, Location>,
    /// Access rules for fields of schemas that cannot carry directives (`[access]`).
    pub access: Vec<admin_codegen_ir::AccessOverlay>,
    /// Request limits of generated servers (`[limits]`).
    pub limits: admin_codegen_ir::Limits,
    /// Changes to list fields' `filter`/`order` names (`[lists."Type.field"]`).
    pub lists: Vec<admin_codegen_ir::ListOverlay>,
}

/// `[limits]`: `depth`, `complexity`, `body_bytes`, each a positive integer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    depth: Option<usize>,
    complexity: Option<usize>,
    body_bytes: Option<usize>,
}

/// One `[access]` entry: `"Type.field" = { privileged = true }`,
/// `{ scoped = "email", autofill = true }`, `{ scoped = "" }` (domain only)
/// or `{ roles = ["superadmin", "admin"] }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccess {
    privileged: Option<bool>,
    scoped: Option<String>,
    autofill: Option<bool>,
    roles: Option<Vec<String>>,
}

/// One `[lists."Type.field"]` table: `exclude = ["name"]` and a `fields`
/// table of `name = { column = "c", json_key = "k", array = true, order = false, type = "Int" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    exclude: Option<Vec<String>>,
    fields: Option<BTreeMap<toml::Spanned<String>, RawListField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListField {
    column: Option<String>,
    json_key: Option<String>,
    array: Option<bool>,
    order: Option<bool>,
    #[serde(rename = "type")]
    ty: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema: vec![DEFAULT_SCHEMA.to_owned()],
            documents: vec![DEFAULT_DOCUMENTS.to_owned()],
            out: PathBuf::from(DEFAULT_OUT),
            targets: vec![Target::Types],
            scalars: BTreeMap::new(),
            strict: false,
            source: None,
            scalar_locations: BTreeMap::new(),
            access: Vec::new(),
            limits: admin_codegen_ir::Limits::default(),
            lists: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    schema: Option<OneOrMany>,
    documents: Option<OneOrMany>,
    out: Option<String>,
    targets: Option<Vec<String>>,
    strict: Option<bool>,
    scalars: Option<BTreeMap<String, String>>,
    access: Option<BTreeMap<String, RawAccess>>,
    limits: Option<RawLimits>,
    lists: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<RawList>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

const KEYS: &[&str] = &["schema", "documents", "out", "targets", "strict", "scalars", "access", "limits", "lists"];

impl Config {
    /// Parses config text. `path` names the file in diagnostics; relative paths
    /// in the file are resolved against `base`.
    pub fn parse(text: &str, path: &str, base: &Path) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_error(&e, text, path)])?;
        let join = |p: &str| {
            if base.as_os_str().is_empty() || Path::new(p).is_absolute() {
                p.to_owned()
            } else {
                base.join(p).display().to_string()
            }
        };
        // Defaults, like explicit values, are relative to the config file.
        let mut config = Config {
            source: Some(PathBuf::from(path)),
            schema: vec![join(DEFAULT_SCHEMA)],
            documents: vec![join(DEFAULT_DOCUMENTS)],
            out: PathBuf::from(join(DEFAULT_OUT)),
            ..Config::default()
        };
        if let Some(schema) = raw.schema {
            config.schema = match schema {
                OneOrMany::One(s) => vec![join(&s)],
                OneOrMany::Many(v) => v.iter().map(|s| join(s)).collect(),
            };
        }
        if let Some(documents) = raw.documents {
            config.documents = match documents {
                OneOrMany::One(s) => vec![join(&s)],
                OneOrMany::Many(v) => v.iter().map(|s| join(s)).collect(),
            };
        }
        if let Some(out) = raw.out {
            config.out = PathBuf::from(join(&out));
        }
        if let Some(targets) = raw.targets {
            let mut errors = Vec::new();
            config.targets = Vec::new();
            for t in &targets {
                match Target::ALL.iter().find(|(name, _)| name == t) {
                    Some((_, target)) => config.targets.push(*target),
                    None => {
                        let quoted = format!("\"{t}\"");
                        let at = text.find(&quoted).map(|i| Location::from_offsets(path, text, i, i + quoted.len()));
                        let known: Vec<&str> = Target::ALL.iter().map(|(n, _)| *n).collect();
                        let mut d = Diagnostic::error(format!("unknown target `{t}`"))
                            .at(at)
                            .with_label("not a target")
                            .with_note(format!("available targets: {}", known.join(", ")));
                        if let Some(best) = did_you_mean(t, known.iter().copied()) {
                            d = d.with_help(format!("did you mean `{best}`?"));
                        }
                        errors.push(d);
                    }
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            config.targets.sort();
            config.targets.dedup();
        }
        config.strict = raw.strict.unwrap_or(false);
        config.scalars = raw.scalars.unwrap_or_default();
        config.scalar_locations =
            config.scalars.keys().filter_map(|k| Some((k.clone(), key_location(text, path, k)?))).collect();
        let mut errors = Vec::new();
        if let Some(limits) = raw.limits {
            for (key, value, slot) in [
                ("depth", limits.depth, &mut config.limits.depth),
                ("complexity", limits.complexity, &mut config.limits.complexity),
                ("body_bytes", limits.body_bytes, &mut config.limits.body_bytes),
            ] {
                match value {
                    Some(0) => errors.push(
                        Diagnostic::error(format!("`limits.{key}` must be at least 1"))
                            .at(key_location(text, path, key))
                            .with_help("remove the key to keep the default"),
                    ),
                    Some(v) => *slot = v,
                    None => {}
                }
            }
        }
        for (target, raw) in raw.access.unwrap_or_default() {
            let location = key_location(text, path, &target);
            let rule = match (raw.privileged, raw.scoped, raw.roles) {
                (Some(true), None, None) if raw.autofill.is_none() => Some(admin_codegen_ir::AccessSpec::Privileged),
                (None, Some(owner), None) => Some(admin_codegen_ir::AccessSpec::Scoped {
                    owner: (!owner.is_empty()).then_some(owner),
                    autofill: raw.autofill.unwrap_or(false),
                }),
                (None, None, Some(roles)) if raw.autofill.is_none() => Some(admin_codegen_ir::AccessSpec::Roles(roles)),
                _ => None,
            };
            match rule {
                Some(rule) => config.access.push(admin_codegen_ir::AccessOverlay { target, rule, location }),
                None => errors.push(
                    Diagnostic::error(format!("invalid access rule for `{target}`"))
                        .at(location)
                        .with_help("write one of `{ privileged = true }`, `{ scoped = \"email\", autofill = true }` or `{ roles = [\"superadmin\"] }`"),
                ),
            }
        }
        let span = |s: std::ops::Range<usize>| Some(Location::from_offsets(path, text, s.start, s.end));
        for (target, raw) in raw.lists.unwrap_or_default() {
            let location = span(target.span());
            let (target, raw) = (target.into_inner(), raw.into_inner());
            let fields = raw
                .fields
                .unwrap_or_default()
                .into_iter()
                .map(|(name, f)| admin_codegen_ir::ListFieldOverlay {
                    location: span(name.span()),
                    name: name.into_inner(),
                    column: f.column,
                    json_key: f.json_key,
                    array: f.array,
                    order: f.order,
                    ty: f.ty,
                })
                .collect();
            config.lists.push(admin_codegen_ir::ListOverlay {
                target,
                exclude: raw.exclude.unwrap_or_default(),
                fields,
                location,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(config)
    }

    /// Reads a config file.
    pub fn load(path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![Diagnostic::error(format!("cannot read config file `{}`: {e}", path.display()))])?;
        let base = path.parent().unwrap_or(Path::new(""));
        Config::parse(&text, &path.display().to_string(), base)
    }
}

fn toml_error(e: &toml::de::Error, text: &str, path: &str) -> Diagnostic {
    let location = e.span().map(|span| Location::from_offsets(path, text, span.start, span.end));
    let message = e.message().trim().to_owned();
    let mut d = Diagnostic::error(format!("invalid config: {message}")).at(location);
    if let Some(unknown) = message.strip_prefix("unknown field `").and_then(|m| m.split('`').next())
        && let Some(best) = did_you_mean(unknown, KEYS.iter().copied())
    {
        d = d.with_help(format!("did you mean `{best}`?"));
    }
    d
}

/// Where a key is assigned in a TOML text (`key =` at the start of a line).
fn key_location(text: &str, path: &str, key: &str) -> Option<Location> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let key_start = offset + (line.len() - trimmed.len());
        let bare = trimmed.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
        let quoted = trimmed.strip_prefix(&format!("\"{key}\"")).is_some_and(|r| r.trim_start().starts_with('='));
        if bare || quoted {
            let len = if quoted { key.len() + 2 } else { key.len() };
            return Some(Location::from_offsets(path, text, key_start, key_start + len));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config() {
        let c = Config::parse(
            "schema = [\"a.graphql\", \"more/*.graphql\"]\nout = \"gen\"\ntargets = [\"types\"]\nstrict = true\n[scalars]\nURI = \"::std::string::String\"\n",
            "admin-codegen.toml",
            Path::new("proj"),
        )
        .unwrap();
        assert_eq!(c.schema, ["proj/a.graphql", "proj/more/*.graphql"]);
        assert_eq!(c.out, Path::new("proj/gen"));
        assert!(c.strict);
        assert_eq!(c.scalars["URI"], "::std::string::String");
    }

    #[test]
    fn defaults_are_relative_to_the_config_file() {
        let c = Config::parse("strict = true\n", "proj/admin-codegen.toml", Path::new("proj")).unwrap();
        assert_eq!(c.schema, ["proj/schema"]);
        assert_eq!(c.out, Path::new("proj/generated"));
    }

    #[test]
    fn unknown_key_is_located_with_a_hint() {
        let errs = Config::parse("schema = \"a\"\nstrickt = true\n", "c.toml", Path::new("")).unwrap_err();
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 1));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `strict`?"));
    }
}
