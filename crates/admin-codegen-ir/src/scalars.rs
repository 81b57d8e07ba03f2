//! Which Rust type each GraphQL scalar becomes.

use std::collections::BTreeMap;

/// The module of the runtime crate that generated code imports everything through.
pub const RUNTIME: &str = "::admin_codegen_runtime::codegen";

/// The name every generated module gives [`RUNTIME`] (`use ... as __rt;`).
/// GraphQL reserves names starting with `__`, and Rust type names derived
/// from GraphQL names are UpperCamelCase, so nothing generated can shadow it.
/// Rust type paths in the IR are relative to it, so that a schema type named
/// `String` or `Option` cannot shadow what generated code means.
pub const RUNTIME_ALIAS: &str = "__rt";

/// Where a scalar's Rust type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarSource {
    /// One of GraphQL's five built-in scalars.
    BuiltIn,
    /// admin-codegen's default for a scalar of the Admin API or a published Backend.AI schema.
    Default,
    /// The user's configuration.
    Config,
    /// Not mapped: falls back to an untyped JSON value (a warning, or an error in strict mode).
    Fallback,
}

/// How to map custom scalars.
#[derive(Debug, Clone, Default)]
pub struct ScalarOptions {
    /// Scalar wire name → Rust type path, overriding the defaults.
    pub mappings: BTreeMap<String, String>,
    /// Whether an unmapped custom scalar is an error instead of a warning.
    pub strict: bool,
    /// Scalar wire name → TypeScript type, overriding [`default_ts`].
    pub ts_mappings: BTreeMap<String, String>,
    /// Set when no Rust code is generated (the TypeScript target alone): an
    /// unmapped scalar's Rust fallback is then neither a warning nor, in
    /// strict mode, an error.
    pub no_rust: bool,
}

/// The Rust type of a built-in scalar.
pub fn built_in(name: &str) -> Option<&'static str> {
    Some(match name {
        "Int" => "i32",
        "Float" => "f64",
        "String" | "ID" => "__rt::String",
        "Boolean" => "bool",
        _ => return None,
    })
}

/// The TypeScript type of a built-in scalar.
pub fn built_in_ts(name: &str) -> Option<&'static str> {
    Some(match name {
        "Int" | "Float" => "number",
        "String" | "ID" => "string",
        "Boolean" => "boolean",
        _ => return None,
    })
}

/// admin-codegen's default Rust type for a known custom scalar.
pub fn default_mapping(name: &str) -> Option<String> {
    let runtime = |t: &str| Some(format!("{RUNTIME_ALIAS}::{t}"));
    match name {
        "UUID" => runtime("Uuid"),
        "DateTime" => runtime("DateTime"),
        "Date" => runtime("Date"),
        "JSONString" => runtime("JsonString"),
        "BigInt" => Some("i64".to_owned()),
        // String-valued scalars of the published Backend.AI schemas.
        "Bytes"
        | "GlobalIDField"
        | "VFolderPermissionValueField"
        | "SessionPermissionValueField"
        | "ContainerRegistryTypeField" => runtime("String"),
        // Apollo Federation's own scalars, which federated schemas (Backend.AI's
        // among them) declare beside its directives: string-serialized field
        // sets, scopes and policies, and `_Any`/`link__Import`, whose values
        // are JSON objects (or strings).
        "FieldSet" | "_FieldSet" | "federation__FieldSet" | "federation__Scope" | "federation__Policy" => {
            runtime("String")
        }
        "_Any" | "link__Import" => runtime("Json"),
        _ => None,
    }
}

/// The TypeScript type of a custom scalar: what `JSON.parse` gives for its
/// wire value. The Admin API's `UUID`, `DateTime`, `Date` and `JSONString`
/// are strings on the wire (a `JSONString` holds JSON text), `BigInt` a JSON
/// number; anything else is `unknown` until mapped in `[typescript.scalars]`.
pub fn default_ts(name: &str) -> &'static str {
    match name {
        "BigInt" => "number",
        _ if default_mapping(name).is_some_and(|rust| rust.ends_with("::Json")) => "unknown",
        _ if default_mapping(name).is_some() => "string",
        _ => "unknown",
    }
}

/// The TypeScript type of a custom scalar: configured in
/// `[typescript.scalars]`; else what its configured Rust type says, when that
/// is a string, number or bool; else [`default_ts`].
pub fn resolve_ts(name: &str, options: &ScalarOptions) -> String {
    if let Some(ts) = options.ts_mappings.get(name) {
        return ts.clone();
    }
    let from_rust = options.mappings.get(name).and_then(|rust| {
        let last = rust.rsplit("::").next().unwrap_or(rust).trim();
        match last {
            "String" | "str" => Some("string"),
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "isize" | "usize" => {
                Some("number")
            }
            "bool" => Some("boolean"),
            _ => None,
        }
    });
    from_rust.unwrap_or_else(|| default_ts(name)).to_owned()
}

/// The input format a server checks for a scalar, when the scalar is one of
/// the Admin API's and keeps its default mapping.
pub fn known_format(name: &str, source: ScalarSource) -> Option<&'static str> {
    match (name, source) {
        ("UUID", ScalarSource::Default) => Some("UUID"),
        ("DateTime", ScalarSource::Default) => Some("DateTime"),
        _ => None,
    }
}

/// The fallback for an unmapped custom scalar.
pub fn fallback() -> String {
    format!("{RUNTIME_ALIAS}::Json")
}

/// Resolves a custom scalar: configuration first, then defaults, then the fallback.
pub fn resolve(name: &str, options: &ScalarOptions) -> (String, ScalarSource) {
    if let Some(path) = options.mappings.get(name) {
        return (path.clone(), ScalarSource::Config);
    }
    if let Some(path) = default_mapping(name) {
        return (path, ScalarSource::Default);
    }
    (fallback(), ScalarSource::Fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins() {
        assert_eq!(built_in("Int"), Some("i32"));
        assert_eq!(built_in("ID"), Some("__rt::String"));
        assert_eq!(built_in("UUID"), None);
    }

    #[test]
    fn config_overrides_defaults_and_fallback() {
        let mut options = ScalarOptions::default();
        assert_eq!(resolve("UUID", &options).1, ScalarSource::Default);
        assert_eq!(resolve("BigInt", &options).0, "i64");
        assert_eq!(resolve("URI", &options), (fallback(), ScalarSource::Fallback));
        for federation in ["_Any", "FieldSet", "federation__Scope", "federation__Policy", "link__Import"] {
            assert_eq!(resolve(federation, &options).1, ScalarSource::Default, "{federation}");
        }
        options.mappings.insert("UUID".into(), "crate::MyUuid".into());
        options.mappings.insert("URI".into(), "::std::string::String".into());
        assert_eq!(resolve("UUID", &options), ("crate::MyUuid".into(), ScalarSource::Config));
        assert_eq!(resolve("URI", &options).1, ScalarSource::Config);
    }
}
