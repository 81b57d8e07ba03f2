//! The generated code, compiled. Each module is one schema.

/// The default schema, `schema/admin.graphql`.
pub mod default {
    include!(concat!(env!("OUT_DIR"), "/default/admin_codegen.rs"));
}

/// Every valid fixture of `tests/fixtures/schema`, one module each.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// Two APIs in one crate, each named in build.rs (`Builder::name`) and
/// included by name: their `types` and `server` modules (both with a
/// `SCHEMA`) live side by side.
pub mod named {
    /// The default schema, types and server, named `admin`.
    pub mod admin {
        admin_codegen_runtime::include_generated!("admin");
    }
    /// The `lists` fixture, types and server, named `fleet`.
    pub mod fleet {
        admin_codegen_runtime::include_generated!("fleet");
    }
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

/// By-value chains 60 and 500 types deep (`T0.next: T1`, ...), types and server.
pub mod chains {
    /// 60 deep.
    pub mod depth60 {
        include!(concat!(env!("OUT_DIR"), "/chain-60/admin_codegen.rs"));
    }
    /// 500 deep.
    pub mod depth500 {
        include!(concat!(env!("OUT_DIR"), "/chain-500/admin_codegen.rs"));
    }
}

/// A superadmin with a privileged keypair, as the tests' requests run.
pub fn superadmin() -> admin_codegen_runtime::server::Principal {
    admin_codegen_runtime::server::Principal {
        access_key: "AKADMIN".into(),
        user_id: uuid::Uuid::nil(),
        email: "admin@lablup.com".into(),
        role: admin_codegen_runtime::server::Role::Superadmin,
        domain_name: "default".into(),
        is_admin: true,
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

/// A schema as sorted lines: every type with its description and
/// interfaces, every field with its arguments (types, defaults,
/// descriptions), result type, description and deprecation, enum values and
/// input fields likewise, union members. Two schemas with the same lines
/// serve the same SDL; what the lines leave out is order and formatting.
pub fn sdl_shape(schema: &apollo_compiler::Schema) -> Vec<String> {
    use apollo_compiler::ast;
    use apollo_compiler::schema::ExtendedType;
    fn described(d: &Option<apollo_compiler::Node<str>>) -> String {
        d.as_ref().map(|d| format!(" {:?}", d.as_ref())).unwrap_or_default()
    }
    fn deprecated(directives: &ast::DirectiveList) -> String {
        match directives.get("deprecated") {
            None => String::new(),
            Some(d) => {
                let reason =
                    d.specified_argument_by_name("reason").and_then(|r| r.as_str()).unwrap_or("No longer supported");
                format!(" @deprecated({reason:?})")
            }
        }
    }
    fn input(v: &ast::InputValueDefinition) -> String {
        let default = v.default_value.as_ref().map(|d| format!(" = {d}")).unwrap_or_default();
        format!("{}: {}{default}{}", v.name, v.ty, described(&v.description))
    }
    fn fields(
        out: &mut Vec<String>,
        name: &str,
        fields: &apollo_compiler::collections::IndexMap<
            apollo_compiler::Name,
            apollo_compiler::schema::Component<ast::FieldDefinition>,
        >,
    ) {
        for (f, def) in fields {
            let mut args: Vec<_> = def.arguments.iter().map(|a| input(a)).collect();
            args.sort();
            out.push(format!(
                "  {name}.{f}({}): {}{}{}",
                args.join(", "),
                def.ty,
                described(&def.description),
                deprecated(&def.directives)
            ));
        }
    }
    let mut out = Vec::new();
    for (name, ty) in &schema.types {
        if ty.is_built_in() || name.starts_with("__") {
            continue;
        }
        match ty {
            ExtendedType::Object(o) => {
                let mut imps: Vec<_> = o.implements_interfaces.iter().map(|i| i.to_string()).collect();
                imps.sort();
                out.push(format!("type {name} implements {imps:?}{}", described(&o.description)));
                fields(&mut out, name, &o.fields);
            }
            ExtendedType::Interface(i) => {
                let mut imps: Vec<_> = i.implements_interfaces.iter().map(|i| i.to_string()).collect();
                imps.sort();
                out.push(format!("interface {name} implements {imps:?}{}", described(&i.description)));
                fields(&mut out, name, &i.fields);
            }
            ExtendedType::Union(u) => {
                let mut m: Vec<_> = u.members.iter().map(|m| m.to_string()).collect();
                m.sort();
                out.push(format!("union {name} = {m:?}{}", described(&u.description)));
            }
            ExtendedType::Enum(e) => {
                out.push(format!("enum {name}{}", described(&e.description)));
                for (v, def) in &e.values {
                    out.push(format!("  {name}.{v}{}{}", described(&def.description), deprecated(&def.directives)));
                }
            }
            ExtendedType::InputObject(i) => {
                out.push(format!("input {name}{}", described(&i.description)));
                for def in i.fields.values() {
                    out.push(format!("  {name}.{}", input(def)));
                }
            }
            ExtendedType::Scalar(s) => out.push(format!("scalar {name}{}", described(&s.description))),
        }
    }
    out.sort();
    out
}

/// The input SDL's lines, plus the Admin API's known scalars (`UUID`,
/// `DateTime`), which admin-codegen declares when the SDL does not: what a
/// server generated from it must serve, exactly.
pub fn expected_shape(input: &apollo_compiler::Schema) -> Vec<String> {
    let mut lines = sdl_shape(input);
    for known in ["scalar UUID", "scalar DateTime"] {
        if !lines.iter().any(|l| l == known || l.starts_with(&format!("{known} "))) {
            lines.push(known.to_owned());
        }
    }
    lines.sort();
    lines
}

/// The lines of `expected` missing from `served`, and those `served` has beyond them (20 of each at most).
pub fn shape_diff(expected: &[String], served: &[String]) -> (Vec<String>, Vec<String>) {
    let missing = expected.iter().filter(|l| !served.contains(l)).take(20).cloned().collect();
    let extra = served.iter().filter(|l| !expected.contains(l)).take(20).cloned().collect();
    (missing, extra)
}
