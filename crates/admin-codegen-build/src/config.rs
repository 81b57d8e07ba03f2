//! `admin-codegen.toml`: the one config file read by both the CLI and build scripts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use admin_codegen_parser::{Diagnostic, Location, did_you_mean};
use serde::Deserialize;
use toml::Spanned;

/// The config file's name, looked up in the working directory when none is given.
pub const CONFIG_FILE: &str = "admin-codegen.toml";

/// The schema inputs used when neither the config nor flags name any.
pub const DEFAULT_SCHEMA: &str = "schema";

/// The operation documents read for the client target when none are configured.
pub const DEFAULT_DOCUMENTS: &str = "operations";

/// The output directory used when neither the config nor flags name one.
pub const DEFAULT_OUT: &str = "generated";

/// Where the TypeScript target writes inside the output directory, unless `[typescript] out` says otherwise.
pub const DEFAULT_TYPESCRIPT_OUT: &str = "typescript";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// Rust types for every schema type.
    Types,
    /// Server resolver traits and the async-graphql schema serving them.
    Server,
    /// Client operations from the configured documents.
    Client,
    /// TypeScript: schema types and, with documents, typed operations
    /// (`[typescript]`), for web consoles.
    TypeScript,
}

impl Target {
    /// Every target, with its config spelling.
    pub const ALL: &'static [(&'static str, Target)] = &[
        ("types", Target::Types),
        ("server", Target::Server),
        ("client", Target::Client),
        ("typescript", Target::TypeScript),
    ];

    /// The target spelled `name` in the config and on the command line.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// Every target's spelling, comma-separated, for messages.
    pub fn names() -> String {
        Target::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    }
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
    /// Access rules for fields of schemas that cannot carry directives (`[access]`).
    pub access: Vec<admin_codegen_ir::AccessOverlay>,
    /// Request limits of generated servers (`[limits]`).
    pub limits: admin_codegen_ir::Limits,
    /// Changes to list fields' `filter`/`order` names (`[lists."Type.field"]`).
    pub lists: Vec<admin_codegen_ir::ListOverlay>,
    /// The TypeScript target's directory inside `out` (`[typescript] out`).
    pub typescript_out: String,
    /// Custom scalar wire name → TypeScript type (`[typescript.scalars]`).
    pub typescript_scalars: BTreeMap<String, String>,
    /// Whether operations also get `TypedDocumentNode` constants (`[typescript] document_nodes`).
    pub typescript_document_nodes: bool,
}

/// `[limits]`: `depth`, `complexity`, `body_bytes`, each a positive integer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    depth: Option<Spanned<usize>>,
    complexity: Option<Spanned<usize>>,
    body_bytes: Option<Spanned<usize>>,
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
    fields: Option<BTreeMap<Spanned<String>, RawListField>>,
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
            access: Vec::new(),
            limits: admin_codegen_ir::Limits::default(),
            lists: Vec::new(),
            typescript_out: DEFAULT_TYPESCRIPT_OUT.to_owned(),
            typescript_scalars: BTreeMap::new(),
            typescript_document_nodes: false,
        }
    }
}

/// `[typescript]`: `out` (a directory inside the output directory), a
/// `scalars` table of TypeScript types and `document_nodes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypeScript {
    out: Option<Spanned<String>>,
    scalars: Option<BTreeMap<String, String>>,
    document_nodes: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    schema: Option<OneOrMany>,
    documents: Option<OneOrMany>,
    out: Option<String>,
    targets: Option<Vec<Spanned<String>>>,
    strict: Option<bool>,
    scalars: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    access: Option<BTreeMap<Spanned<String>, RawAccess>>,
    limits: Option<RawLimits>,
    lists: Option<BTreeMap<Spanned<String>, Spanned<RawList>>>,
    typescript: Option<RawTypeScript>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

const KEYS: &[&str] =
    &["schema", "documents", "out", "targets", "strict", "scalars", "access", "limits", "lists", "typescript"];

impl Config {
    /// Whether any Rust code is generated (every target but `typescript` is Rust).
    pub fn generates_rust(&self) -> bool {
        self.targets.iter().any(|t| *t != Target::TypeScript)
    }

    /// Parses config text. `path` names the file in diagnostics; relative paths
    /// in the file are resolved against `base`.
    pub fn parse(text: &str, path: &str, base: &Path) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_error(&e, text, path)])?;
        let file = File { text, path };
        let join = |p: &str| {
            if base.as_os_str().is_empty() || Path::new(p).is_absolute() {
                p.to_owned()
            } else {
                base.join(p).display().to_string()
            }
        };
        let paths = |v: Option<OneOrMany>, default: &str| match v {
            None => vec![join(default)],
            Some(OneOrMany::One(s)) => vec![join(&s)],
            Some(OneOrMany::Many(v)) => v.iter().map(|s| join(s)).collect(),
        };
        // Defaults, like explicit values, are relative to the config file.
        let mut config = Config {
            source: Some(PathBuf::from(path)),
            schema: paths(raw.schema, DEFAULT_SCHEMA),
            documents: paths(raw.documents, DEFAULT_DOCUMENTS),
            out: PathBuf::from(join(raw.out.as_deref().unwrap_or(DEFAULT_OUT))),
            strict: raw.strict.unwrap_or(false),
            ..Config::default()
        };
        let mut errors = Vec::new();
        if let Some(targets) = raw.targets {
            config.targets = file.targets(targets, &mut errors);
        }
        for (name, rust_type) in raw.scalars.unwrap_or_default() {
            let at = file.at(rust_type.span());
            let (name, rust_type) = (name.into_inner(), rust_type.into_inner());
            match check_scalar_type(&name, &rust_type, at) {
                None => drop(config.scalars.insert(name, rust_type)),
                Some(d) => errors.push(d),
            }
        }
        if let Some(limits) = raw.limits {
            file.limits(limits, &mut config.limits, &mut errors);
        }
        for (target, raw) in raw.access.unwrap_or_default() {
            let location = file.at(target.span());
            match access_rule(raw) {
                Some(rule) => config.access.push(admin_codegen_ir::AccessOverlay { target: target.into_inner(), rule, location }),
                None => errors.push(
                    Diagnostic::error(format!("invalid access rule for `{}`", target.get_ref()))
                        .at(location)
                        .with_help("write one of `{ privileged = true }`, `{ scoped = \"email\", autofill = true }` or `{ roles = [\"superadmin\"] }`"),
                ),
            }
        }
        for (target, raw) in raw.lists.unwrap_or_default() {
            config.lists.push(file.list(target, raw));
        }
        if let Some(ts) = raw.typescript {
            if let Some(out) = ts.out {
                let dir = out.get_ref();
                let inside = !dir.is_empty()
                    && !Path::new(dir).is_absolute()
                    && Path::new(dir).components().all(|c| matches!(c, std::path::Component::Normal(_)));
                if inside {
                    config.typescript_out = out.into_inner();
                } else {
                    errors.push(
                        Diagnostic::error(format!("`typescript.out` {dir:?} is not a directory inside `out`"))
                            .at(file.at(out.span()))
                            .with_help("write a relative path without `..`, such as \"typescript\""),
                    );
                }
            }
            config.typescript_scalars = ts.scalars.unwrap_or_default();
            config.typescript_document_nodes = ts.document_nodes.unwrap_or(false);
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

/// A configured Rust type for a custom scalar must parse as a Rust type; it is
/// checked where it is given (the config file, a builder or a flag), so the
/// error points there and not at generated code.
/// Returns the error, if any.
pub(crate) fn check_scalar_type(name: &str, rust_type: &str, at: Option<Location>) -> Option<Diagnostic> {
    let e = admin_codegen_emit::parse_rust_type(rust_type).err()?;
    Some(
        Diagnostic::error(format!("the Rust type `{rust_type}` for scalar `{name}` does not parse: {e}"))
            .at(at)
            .with_label("not a Rust type")
            .with_help("write a Rust type path, e.g. `::std::string::String`"),
    )
}

/// `[access]` entry → rule, or `None` when the keys do not form one.
fn access_rule(raw: RawAccess) -> Option<admin_codegen_ir::AccessSpec> {
    use admin_codegen_ir::AccessSpec;
    match (raw.privileged, raw.scoped, raw.roles) {
        (Some(true), None, None) if raw.autofill.is_none() => Some(AccessSpec::Privileged),
        (None, Some(owner), None) => Some(AccessSpec::Scoped {
            owner: (!owner.is_empty()).then_some(owner),
            autofill: raw.autofill.unwrap_or(false),
        }),
        (None, None, Some(roles)) if raw.autofill.is_none() => Some(AccessSpec::Roles(roles)),
        _ => None,
    }
}

/// The config text being read, for locating what `toml` spans.
struct File<'a> {
    text: &'a str,
    path: &'a str,
}

impl File<'_> {
    fn at(&self, span: std::ops::Range<usize>) -> Option<Location> {
        Some(Location::from_offsets(self.path, self.text, span.start, span.end))
    }

    /// `targets = [...]`, sorted and deduplicated; unknown names are located errors.
    fn targets(&self, targets: Vec<Spanned<String>>, errors: &mut Vec<Diagnostic>) -> Vec<Target> {
        let mut out = Vec::new();
        for t in targets {
            match Target::from_name(t.get_ref()) {
                Some(target) => out.push(target),
                None => {
                    let mut d = Diagnostic::error(format!("unknown target `{}`", t.get_ref()))
                        .at(self.at(t.span()))
                        .with_label("not a target")
                        .with_note(format!("available targets: {}", Target::names()));
                    if let Some(best) = did_you_mean(t.get_ref(), Target::ALL.iter().map(|(n, _)| *n)) {
                        d = d.with_help(format!("did you mean `{best}`?"));
                    }
                    errors.push(d);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// `[limits]` over the defaults; a zero is a located error.
    fn limits(&self, raw: RawLimits, limits: &mut admin_codegen_ir::Limits, errors: &mut Vec<Diagnostic>) {
        for (key, value, slot) in [
            ("depth", raw.depth, &mut limits.depth),
            ("complexity", raw.complexity, &mut limits.complexity),
            ("body_bytes", raw.body_bytes, &mut limits.body_bytes),
        ] {
            match value {
                Some(v) if *v.get_ref() == 0 => errors.push(
                    Diagnostic::error(format!("`limits.{key}` must be at least 1"))
                        .at(self.at(v.span()))
                        .with_help("remove the key to keep the default"),
                ),
                Some(v) => *slot = v.into_inner(),
                None => {}
            }
        }
    }

    /// One `[lists."Type.field"]` table, every name located for the IR's checks.
    fn list(&self, target: Spanned<String>, raw: Spanned<RawList>) -> admin_codegen_ir::ListOverlay {
        let location = self.at(target.span());
        let raw = raw.into_inner();
        let fields = raw
            .fields
            .unwrap_or_default()
            .into_iter()
            .map(|(name, f)| admin_codegen_ir::ListFieldOverlay {
                location: self.at(name.span()),
                name: name.into_inner(),
                column: f.column,
                json_key: f.json_key,
                array: f.array,
                order: f.order,
                ty: f.ty,
            })
            .collect();
        admin_codegen_ir::ListOverlay {
            target: target.into_inner(),
            exclude: raw.exclude.unwrap_or_default(),
            fields,
            location,
        }
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

    #[test]
    fn locations_come_from_the_parser_not_a_text_search() {
        // `depth` is also a key of `[limits]`, above: the error is at the mapping's value.
        let errs = Config::parse("[limits]\ndepth = 3\n[scalars]\ndepth = \"not a type!\"\n", "c.toml", Path::new(""))
            .unwrap_err();
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (4, 9), "{errs:?}");
        assert!(errs[0].message.contains("for scalar `depth` does not parse"), "{errs:?}");
    }
}
