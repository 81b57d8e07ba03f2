//! The schema a server serves, as generated code describes it.
//!
//! Generated code carries the schema as SDL text printed from the IR, plus
//! the IR's decisions that SDL cannot carry (which scalars have a known
//! format, who may call which field): a [`SchemaSource`]. The first call of
//! [`SchemaSource::def`] parses it, once, into a [`SchemaDef`], from which
//! `schema::build` makes the async-graphql dynamic schema. Text is several
//! times smaller than the same description as nested Rust literals, and it
//! compiles in no time: rustc sees one string.

use std::sync::OnceLock;

use async_graphql::Value;
use async_graphql::parser::types::{self as ast, TypeSystemDefinition};

/// The schema of a generated server module: its SDL and the IR's decisions.
#[derive(Debug)]
pub struct SchemaSource {
    query: &'static str,
    mutation: Option<&'static str>,
    sdl: &'static str,
    scalars: &'static [(&'static str, &'static str)],
    access: &'static [(&'static str, &'static str, AccessDef)],
    parsed: OnceLock<SchemaDef>,
}

impl SchemaSource {
    /// The schema with root types `query` and `mutation`, the types of `sdl`,
    /// the known formats of `scalars` (`("UUID", "UUID")`: name, format) and
    /// the access rules of `access` (type, field, rule).
    pub const fn new(
        query: &'static str,
        mutation: Option<&'static str>,
        sdl: &'static str,
        scalars: &'static [(&'static str, &'static str)],
        access: &'static [(&'static str, &'static str, AccessDef)],
    ) -> SchemaSource {
        SchemaSource { query, mutation, sdl, scalars, access, parsed: OnceLock::new() }
    }

    /// The SDL, as printed from the IR (every type, field, argument, default,
    /// description and deprecation; no directives of the access overlay).
    pub fn sdl(&self) -> &'static str {
        self.sdl
    }

    /// The access rule of `type_name.field`.
    pub fn access(&self, type_name: &str, field: &str) -> Option<&'static AccessDef> {
        self.access.iter().find(|(t, f, _)| *t == type_name && *f == field).map(|(_, _, a)| a)
    }

    /// The schema as data, parsed on first use.
    ///
    /// # Panics
    ///
    /// When the SDL does not parse, which means the generated module was
    /// edited: admin-codegen prints SDL that apollo-compiler has validated.
    pub fn def(&'static self) -> &'static SchemaDef {
        self.parsed.get_or_init(|| match self.parse() {
            Ok(def) => def,
            Err(e) => panic!("the SDL of a generated server module does not parse (regenerate it): {e}"),
        })
    }
}

impl SchemaSource {
    /// Parses the SDL into a new [`SchemaDef`], without caching it: what
    /// [`SchemaSource::def`] does once (benchmarks time it).
    pub fn parse(&self) -> Result<SchemaDef, async_graphql::parser::Error> {
        parse(self)
    }
}

/// A schema as data.
#[derive(Debug)]
pub struct SchemaDef {
    /// The query root's name.
    pub query: &'static str,
    /// The mutation root's name.
    pub mutation: Option<&'static str>,
    /// Every type but the built-in scalars, in SDL order.
    pub types: Vec<TypeDef>,
}

/// One named type.
#[derive(Debug)]
pub struct TypeDef {
    /// The GraphQL name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// What it is.
    pub kind: KindDef,
}

/// The kinds of types.
#[derive(Debug)]
pub enum KindDef {
    /// A custom scalar; `check` names a known format to validate inputs against.
    Scalar {
        /// `Some("UUID")` or `Some("DateTime")` for the Admin API's scalars.
        check: Option<&'static str>,
    },
    /// An object type.
    Object {
        /// Interfaces it implements.
        implements: Vec<String>,
        /// Its fields.
        fields: Vec<FieldDef>,
    },
    /// An interface.
    Interface {
        /// Interfaces it implements.
        implements: Vec<String>,
        /// Its fields.
        fields: Vec<FieldDef>,
    },
    /// A union of object types.
    Union {
        /// Its members.
        members: Vec<String>,
    },
    /// An enum.
    Enum {
        /// Its values.
        values: Vec<EnumValueDef>,
    },
    /// An input object.
    InputObject {
        /// Its fields.
        fields: Vec<InputDef>,
    },
}

/// A field of an object or interface.
#[derive(Debug)]
pub struct FieldDef {
    /// The wire name.
    pub name: String,
    /// The type, in GraphQL notation (`[User]!`).
    pub ty: String,
    /// Arguments.
    pub args: Vec<InputDef>,
    /// The description.
    pub description: Option<String>,
    /// The deprecation reason.
    pub deprecation: Option<String>,
    /// Who may call the field; enforced before the resolver runs.
    pub access: Option<&'static AccessDef>,
}

/// What of the caller an owner argument holds (spec §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerValue {
    /// The access key.
    AccessKey,
    /// The email.
    Email,
    /// The user's UUID.
    UserUuid,
}

/// An access rule of spec §9.
#[derive(Debug)]
pub enum AccessDef {
    /// Superadmins with a privileged keypair only.
    Privileged,
    /// Owner-scoped: `domain_name` and the owner argument are checked and rewritten by role.
    Scoped {
        /// The owner argument (`access_key`, `email`, `user_id`, `user_uuid`)
        /// and what of the caller's it holds, as the IR decided.
        owner: Option<(&'static str, OwnerValue)>,
        /// Whether the field takes `domain_name`.
        domain: bool,
        /// Whether a missing owner becomes the caller.
        autofill: bool,
    },
    /// Only these roles.
    Roles {
        /// The roles allowed.
        roles: &'static [&'static str],
        /// Whether others get `{ok: false, msg}` (a mutation payload) instead of an error.
        payload: bool,
    },
}

/// An argument or input field.
#[derive(Debug)]
pub struct InputDef {
    /// The wire name.
    pub name: String,
    /// The type, in GraphQL notation.
    pub ty: String,
    /// The default value.
    pub default: Option<Value>,
    /// The description.
    pub description: Option<String>,
}

/// An enum value.
#[derive(Debug)]
pub struct EnumValueDef {
    /// The wire name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// The deprecation reason.
    pub deprecation: Option<String>,
}

fn text(s: &Option<async_graphql::Positioned<String>>) -> Option<String> {
    s.as_ref().map(|s| s.node.clone())
}

/// The reason of an `@deprecated` directive among `directives`.
fn deprecation(directives: &[async_graphql::Positioned<ast::ConstDirective>]) -> Option<String> {
    let d = directives.iter().find(|d| d.node.name.node == "deprecated")?;
    Some(match d.node.get_argument("reason").map(|v| &v.node) {
        Some(Value::String(reason)) => reason.clone(),
        _ => "No longer supported".to_owned(),
    })
}

fn input(v: &ast::InputValueDefinition) -> InputDef {
    InputDef {
        name: v.name.node.to_string(),
        ty: v.ty.node.to_string(),
        default: v.default_value.as_ref().map(|d| d.node.clone()),
        description: text(&v.description),
    }
}

fn fields(
    source: &SchemaSource,
    type_name: &str,
    fields: &[async_graphql::Positioned<ast::FieldDefinition>],
) -> Vec<FieldDef> {
    fields
        .iter()
        .map(|f| {
            let f = &f.node;
            FieldDef {
                name: f.name.node.to_string(),
                ty: f.ty.node.to_string(),
                args: f.arguments.iter().map(|a| input(&a.node)).collect(),
                description: text(&f.description),
                deprecation: deprecation(&f.directives),
                access: source.access(type_name, &f.name.node),
            }
        })
        .collect()
}

fn names(names: &[async_graphql::Positioned<async_graphql::Name>]) -> Vec<String> {
    names.iter().map(|n| n.node.to_string()).collect()
}

fn parse(source: &SchemaSource) -> Result<SchemaDef, async_graphql::parser::Error> {
    let doc = async_graphql::parser::parse_schema(source.sdl())?;
    let types = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t) => Some(&t.node),
            TypeSystemDefinition::Schema(_) | TypeSystemDefinition::Directive(_) => None,
        })
        .map(|t| {
            let name = t.name.node.to_string();
            let kind = match &t.kind {
                ast::TypeKind::Scalar => KindDef::Scalar {
                    check: source.scalars.iter().find(|(s, _)| *s == name).map(|(_, format)| *format),
                },
                ast::TypeKind::Object(o) => {
                    KindDef::Object { implements: names(&o.implements), fields: fields(source, &name, &o.fields) }
                }
                ast::TypeKind::Interface(i) => {
                    KindDef::Interface { implements: names(&i.implements), fields: fields(source, &name, &i.fields) }
                }
                ast::TypeKind::Union(u) => KindDef::Union { members: names(&u.members) },
                ast::TypeKind::Enum(e) => KindDef::Enum {
                    values: e
                        .values
                        .iter()
                        .map(|v| EnumValueDef {
                            name: v.node.value.node.to_string(),
                            description: text(&v.node.description),
                            deprecation: deprecation(&v.node.directives),
                        })
                        .collect(),
                },
                ast::TypeKind::InputObject(i) => {
                    KindDef::InputObject { fields: i.fields.iter().map(|f| input(&f.node)).collect() }
                }
            };
            TypeDef { name, description: text(&t.description), kind }
        })
        .collect();
    Ok(SchemaDef { query: source.query, mutation: source.mutation, types })
}

/// The named type of GraphQL type notation (`[User!]!` → `User`).
pub fn named(ty: &str) -> &str {
    ty.trim_start_matches('[').trim_end_matches(['!', ']'])
}

/// The access rules of a generated server module, one row per field, as the
/// `access` table of [`SchemaSource::new`]:
///
/// ```
/// use admin_codegen_runtime::server::schema::{AccessDef, OwnerValue};
/// static ACCESS: &[(&str, &str, AccessDef)] = admin_codegen_runtime::__access![
///     ("Queries" "user" scoped "email" Email true true),
///     ("Queries" "agents" scoped _ false false),
///     ("Mutations" "purge_user" privileged),
///     ("Mutations" "create_group" roles ["superadmin", "admin"] true),
/// ];
/// assert!(matches!(
///     ACCESS[0].2,
///     AccessDef::Scoped { owner: Some(("email", OwnerValue::Email)), domain: true, autofill: true }
/// ));
/// assert!(matches!(ACCESS[1].2, AccessDef::Scoped { owner: None, domain: false, autofill: false }));
/// assert!(matches!(ACCESS[2].2, AccessDef::Privileged));
/// assert!(matches!(ACCESS[3].2, AccessDef::Roles { roles: ["superadmin", "admin"], payload: true }));
/// ```
///
/// A row is the type and field, then `privileged`; or `scoped`, the owner
/// argument and what it holds ([`OwnerValue`]) or `_`, and whether the field
/// takes `domain_name` and fills a missing owner in; or `roles`, the roles,
/// and whether others get a `{ok: false}` payload.
#[doc(hidden)]
#[macro_export]
macro_rules! __access {
    ($($row:tt),* $(,)?) => { &[$($crate::__access!(@row $row)),*] };
    (@row ($t:literal $f:literal privileged)) => {
        ($t, $f, $crate::server::schema::AccessDef::Privileged)
    };
    (@row ($t:literal $f:literal scoped _ $domain:literal $autofill:literal)) => {
        ($t, $f, $crate::server::schema::AccessDef::Scoped {
            owner: ::core::option::Option::None,
            domain: $domain,
            autofill: $autofill,
        })
    };
    (@row ($t:literal $f:literal scoped $arg:literal $value:ident $domain:literal $autofill:literal)) => {
        ($t, $f, $crate::server::schema::AccessDef::Scoped {
            owner: ::core::option::Option::Some(($arg, $crate::server::schema::OwnerValue::$value)),
            domain: $domain,
            autofill: $autofill,
        })
    };
    (@row ($t:literal $f:literal roles [$($role:literal),* $(,)?] $payload:literal)) => {
        ($t, $f, $crate::server::schema::AccessDef::Roles { roles: &[$($role),*], payload: $payload })
    };
}
