//! The generated code, compiled. Each module is one schema.

/// The default schema, `schema/admin.graphql`.
pub mod default {
    include!(concat!(env!("OUT_DIR"), "/default/admin_codegen.rs"));
}

/// Every valid fixture of `tests/fixtures/schema`, one module each.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// A medium synthetic schema (`admin-codegen-synth`): types, server and client,
/// and `resolvers`, the scaffold implementing every generated trait.
pub mod synthetic {
    include!(concat!(env!("OUT_DIR"), "/synthetic/admin_codegen.rs"));
    /// `admin-codegen scaffold`'s output for it.
    pub mod resolvers {
        include!(concat!(env!("OUT_DIR"), "/synthetic/resolvers.rs"));
    }
}

/// The synthetic schema's SDL.
pub const SYNTHETIC_SDL: &str = include_str!(concat!(env!("OUT_DIR"), "/synthetic/schema.graphql"));

/// Backend.AI 24.03.0.
#[cfg(corpus)]
pub mod backendai_24_03 {
    include!(concat!(env!("OUT_DIR"), "/backendai-24.03.0/admin_codegen.rs"));
}

/// Backend.AI 24.09.0.
#[cfg(corpus)]
pub mod backendai_24_09 {
    include!(concat!(env!("OUT_DIR"), "/backendai-24.09.0/admin_codegen.rs"));
}

/// GitHub, 2019.
#[cfg(corpus)]
pub mod github_2019 {
    include!(concat!(env!("OUT_DIR"), "/github-2019/admin_codegen.rs"));
}

/// The structure of a schema as sorted lines (types, fields with argument and
/// result types, enum values, input fields, union members), for comparing the
/// SDL a server exports with the SDL it was generated from.
pub fn sdl_shape(schema: &apollo_compiler::Schema) -> Vec<String> {
    use apollo_compiler::schema::ExtendedType;
    let mut out = Vec::new();
    for (name, ty) in &schema.types {
        if ty.is_built_in() || name.starts_with("__") {
            continue;
        }
        match ty {
            ExtendedType::Object(o) => {
                let mut imps: Vec<_> = o.implements_interfaces.iter().map(|i| i.to_string()).collect();
                imps.sort();
                out.push(format!("type {name} implements {imps:?}"));
                for (f, def) in &o.fields {
                    let mut args: Vec<_> = def.arguments.iter().map(|a| format!("{}: {}", a.name, a.ty)).collect();
                    args.sort();
                    out.push(format!("  {name}.{f}({}): {}", args.join(", "), def.ty));
                }
            }
            ExtendedType::Interface(i) => {
                out.push(format!("interface {name}"));
                for (f, def) in &i.fields {
                    out.push(format!("  {name}.{f}: {}", def.ty));
                }
            }
            ExtendedType::Union(u) => {
                let mut m: Vec<_> = u.members.iter().map(|m| m.to_string()).collect();
                m.sort();
                out.push(format!("union {name} = {m:?}"));
            }
            ExtendedType::Enum(e) => {
                out.push(format!("enum {name} {:?}", e.values.keys().map(|k| k.to_string()).collect::<Vec<_>>()))
            }
            ExtendedType::InputObject(i) => {
                for (f, def) in &i.fields {
                    out.push(format!("input {name}.{f}: {}", def.ty));
                }
            }
            ExtendedType::Scalar(_) => out.push(format!("scalar {name}")),
        }
    }
    out.sort();
    out
}

/// The input SDL's shape with the documented deviations of a dynamic schema
/// applied (interface fields omitted, or served with another nullability),
/// plus the Admin API's known scalars (`UUID`, `DateTime`), which
/// admin-codegen declares when the SDL does not, to compare with a served schema.
pub fn expected_shape(
    input: &apollo_compiler::Schema,
    omitted: &[String],
    adjusted: &[(String, String)],
) -> Vec<String> {
    let mut lines: Vec<String> = sdl_shape(input)
        .into_iter()
        .filter(|line| !omitted.iter().any(|o| line.trim().starts_with(&format!("{o}:"))))
        .map(|line| match adjusted.iter().find(|(k, _)| line.trim().starts_with(&format!("{k}:"))) {
            Some((k, ty)) => format!("  {k}: {ty}"),
            None => line,
        })
        .collect();
    for known in ["scalar UUID", "scalar DateTime"] {
        if !lines.iter().any(|l| l == known) {
            lines.push(known.to_owned());
        }
    }
    lines.sort();
    lines
}
