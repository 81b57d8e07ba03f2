//! The IR: an owned model of the schema in which every convention decision is made.

pub use crate::naming::Name;
pub use crate::scalars::ScalarSource;

/// The whole schema, ready for the emitters.
#[derive(Debug, Clone)]
pub struct Ir {
    /// Wire names of the root operation types.
    pub roots: Roots,
    /// Every type the schema defines or uses (built-in scalars and
    /// introspection types excluded), in declaration order.
    pub types: Vec<TypeDef>,
    /// Request limits generated servers apply.
    pub limits: Limits,
    index: crate::hash::FxHashMap<String, usize>,
}

/// Request limits of generated servers (spec: limits on body size, query depth
/// and complexity, with defaults and config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The deepest selection nesting accepted.
    pub depth: usize,
    /// The highest query complexity accepted (async-graphql's count: one per field, times list sizes where declared).
    pub complexity: usize,
    /// The largest request body accepted, in bytes.
    pub body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { depth: 16, complexity: 1000, body_bytes: 1 << 20 }
    }
}

/// Wire names of the root operation types, whatever the schema calls them.
#[derive(Debug, Clone, Default)]
pub struct Roots {
    /// The query root (`Query`, `Queries`, …).
    pub query: Option<String>,
    /// The mutation root.
    pub mutation: Option<String>,
    /// The subscription root.
    pub subscription: Option<String>,
}

/// One named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Wire and Rust names.
    pub name: Name,
    /// The type as the user-owned scaffold module writes it: its Rust name,
    /// or `types::<name>` when the scaffold template imports a name of its own
    /// that would shadow the glob import of the generated types
    /// ([`crate::naming::SCAFFOLD_IMPORTS`]).
    pub scaffold_path: String,
    /// The type's name in generated TypeScript: the wire name, with `_`
    /// appended when that is a TypeScript reserved or primitive type name
    /// ([`crate::naming::ts_type_name`]).
    pub ts_name: String,
    /// The SDL description.
    pub description: Option<String>,
    /// What kind of type, with its members.
    pub kind: TypeKind,
}

/// The kinds of GraphQL types, with what each holds.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A custom scalar and the Rust type it maps to.
    Scalar(ScalarDef),
    /// An object type.
    Object(ObjectDef),
    /// An interface.
    Interface(InterfaceDef),
    /// A union.
    Union(UnionDef),
    /// An enum.
    Enum(EnumDef),
    /// An input object.
    InputObject(InputObjectDef),
}

impl TypeKind {
    /// The output fields of an object or interface; none for other kinds.
    pub fn fields(&self) -> &[Field] {
        match self {
            TypeKind::Object(o) => &o.fields,
            TypeKind::Interface(i) => &i.fields,
            _ => &[],
        }
    }
}

/// A custom scalar.
#[derive(Debug, Clone)]
pub struct ScalarDef {
    /// The Rust type path it maps to.
    pub rust_type: String,
    /// Where that mapping came from.
    pub source: ScalarSource,
    /// A format servers check inputs against (`UUID`, `DateTime`), when known.
    pub format: Option<&'static str>,
    /// The TypeScript type it maps to ([`crate::scalars::resolve_ts`]).
    pub ts_type: String,
}

/// An object type.
#[derive(Debug, Clone)]
pub struct ObjectDef {
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Wire names of the interfaces it implements.
    pub implements: Vec<String>,
    /// Set when the type is a mutation payload (`ok: Boolean` and `msg: String`).
    pub payload: Option<Payload>,
    /// The server resolver trait, for root types and for object types that
    /// have fields with arguments.
    pub resolver_trait: Option<ResolverTrait>,
}

/// A server resolver trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverTrait {
    /// Its Rust name.
    pub name: String,
    /// Whether the type is a root operation type (its resolvers get no parent object).
    pub root: bool,
}

impl ResolverTrait {
    /// The suffix of every resolver trait's name (`QueriesResolver`), before
    /// the digits a collision in the type namespace appends (`UserResolver2`).
    pub const SUFFIX: &str = "Resolver";

    /// The trait name for an object type's Rust name, before collisions are settled.
    pub fn name_for(type_rust_name: &str) -> String {
        format!("{type_rust_name}{}", Self::SUFFIX)
    }

    /// Whether `name` is how the IR names resolver traits: `…Resolver` or
    /// `…ResolverN`. For code that meets trait names the current schema no
    /// longer has (`scaffold --update` finding stale impls).
    pub fn is_trait_name(name: &str) -> bool {
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        base.len() > Self::SUFFIX.len() && base.ends_with(Self::SUFFIX)
    }
}

/// The owner argument of an owner-scoped field (spec §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Its wire name: `access_key`, `email`, `user_id` or `user_uuid`.
    pub arg: String,
    /// What it is compared with and set to.
    pub value: OwnerValue,
}

/// What of the caller an owner argument holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerValue {
    /// The access key (`access_key`).
    AccessKey,
    /// The email (`email`, and `user_id` typed `String`, as Backend.AI's
    /// keypairs name their owner).
    Email,
    /// The user's UUID (`user_uuid`, and `user_id` typed `ID` or `UUID`).
    UserUuid,
}

impl OwnerValue {
    /// The owner arguments spec §9 names.
    pub const ARGUMENTS: [&str; 4] = ["access_key", "email", "user_id", "user_uuid"];

    /// What the argument `name` of GraphQL type `named_type` holds; `None`
    /// for a name that is not an owner argument.
    pub fn of(name: &str, named_type: &str) -> Option<OwnerValue> {
        Some(match (name, named_type) {
            ("access_key", _) => OwnerValue::AccessKey,
            ("email", _) => OwnerValue::Email,
            ("user_uuid", _) | ("user_id", "ID" | "UUID") => OwnerValue::UserUuid,
            ("user_id", _) => OwnerValue::Email,
            _ => return None,
        })
    }

    /// Its name in the runtime's `OwnerValue`.
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerValue::AccessKey => "AccessKey",
            OwnerValue::Email => "Email",
            OwnerValue::UserUuid => "UserUuid",
        }
    }
}

/// The in-band result fields of a mutation payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The `ok` field's names.
    pub ok: Name,
    /// The `msg` field's names.
    pub msg: Name,
}

/// An interface.
#[derive(Debug, Clone)]
pub struct InterfaceDef {
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Wire names of the interfaces it implements.
    pub implements: Vec<String>,
    /// The object types that implement it, directly or through another
    /// interface, in declaration order.
    pub implementors: Vec<Variant>,
}

/// A union.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Member object types in declaration order.
    pub members: Vec<Variant>,
}

/// An object type as one case of an interface or union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The object type's wire name and the variant's Rust name (its type's Rust name).
    pub name: Name,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Values in declaration order.
    pub values: Vec<EnumValue>,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Wire name and Rust variant name.
    pub name: Name,
    /// The SDL description.
    pub description: Option<String>,
    /// The deprecation reason, when deprecated.
    pub deprecation: Option<String>,
}

/// An input object.
#[derive(Debug, Clone)]
pub struct InputObjectDef {
    /// Fields in declaration order.
    pub fields: Vec<InputValue>,
}

/// A field of an object or interface.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire and Rust names.
    pub name: Name,
    /// The SDL description.
    pub description: Option<String>,
    /// Arguments in declaration order.
    pub args: Vec<InputValue>,
    /// The field's type.
    pub ty: TypeRef,
    /// The deprecation reason, when deprecated.
    pub deprecation: Option<String>,
    /// The pagination shape, when the field pages through a list.
    pub pagination: Option<Pagination>,
    /// How the parent holds the value (see [`Held`]).
    pub held: Held,
    /// Set when a server resolver computes the field (root fields, fields with arguments).
    pub resolver: Option<FieldResolver>,
    /// Who may call the field (spec §9), from a directive or the config overlay.
    pub access: Option<Access>,
    /// The `filter`/`order` spec, when the field pages and takes either.
    pub query: Option<crate::lists::ListQuery>,
}

/// An access rule of spec §9, enforced by generated servers before the resolver runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Only superadmins with a privileged keypair (`@privileged`).
    Privileged,
    /// Owner-scoped (`@scoped(owner: "email", autofill: true)`).
    Scoped {
        /// The argument naming the owner, and what of the caller's it holds.
        owner: Option<Owner>,
        /// Whether the field takes `domain_name`, which is forced to the caller's domain below superadmin.
        domain: bool,
        /// Whether a missing owner argument becomes the caller.
        autofill: bool,
    },
    /// Only these roles (`@allow(roles: [...])`); others get `{ok: false, msg}` when the
    /// field returns a mutation payload, an error otherwise.
    Roles {
        /// The roles allowed.
        roles: Vec<String>,
        /// Whether the field's type is a mutation payload.
        payload: bool,
    },
}

/// How the server resolves a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldResolver {
    /// The Rust name of the arguments struct, when the field takes arguments.
    pub args_type: Option<String>,
    /// The pagination arguments gathered into one ready-made request type.
    pub page_args: Option<PageArgs>,
}

/// Pagination arguments that the arguments struct holds as one runtime
/// request type (`OffsetPageRequest`, `RelayPageRequest`) instead of flat fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageArgs {
    /// The Rust name of the arguments struct's field holding the request.
    pub field: String,
    /// Which request type.
    pub kind: PageArgsKind,
    /// Wire names of the arguments it holds (left out of the flat fields).
    pub args: Vec<String>,
}

/// The ready-made pagination request types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageArgsKind {
    /// `limit` and `offset`, both `Int!` (`required`) or both `Int`.
    Offset {
        /// Whether both are non-null.
        required: bool,
    },
    /// Nullable `first/after/last/before` (and Backend.AI's `offset`).
    Relay,
}

/// An argument or input object field.
#[derive(Debug, Clone)]
pub struct InputValue {
    /// Wire and Rust names.
    pub name: Name,
    /// The SDL description.
    pub description: Option<String>,
    /// The value's type.
    pub ty: TypeRef,
    /// The default value as a GraphQL literal, when declared.
    pub default: Option<String>,
    /// The deprecation reason, when deprecated.
    pub deprecation: Option<String>,
    /// How the parent holds the value (see [`Held`]).
    pub held: Held,
}

/// How a generated struct holds a field of an object or input type that is
/// not a list (lists are on the heap already). Decided by the cycles pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Held {
    /// In place.
    #[default]
    Value,
    /// In a `Box`: only to bound the holder's size. rustc's trait and
    /// instantiation recursion still looks through it.
    Boxed,
    /// In the runtime's `Indirect`, which rustc's recursion does not look
    /// through: on a by-value cycle, or where the nesting gets too deep.
    Indirect,
}

/// A reference to a type, with its list and non-null wrappers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A nullable named type.
    Named(NamedRef),
    /// A nullable list.
    List(Box<TypeRef>),
    /// A non-null wrapper around a named type or list.
    NonNull(Box<TypeRef>),
}

/// A reference to a named type, with the Rust type that stands for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRef {
    /// The GraphQL type name.
    pub wire: String,
    /// The Rust type: a path for built-in scalars (`i32`,
    /// `::std::string::String`), otherwise the generated type's Rust name.
    pub rust: String,
    /// What the named type is.
    pub kind: RefKind,
}

/// What a named type reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A built-in scalar.
    BuiltInScalar,
    /// A custom scalar (generated as a type alias).
    Scalar,
    /// An object type.
    Object,
    /// An interface.
    Interface,
    /// A union.
    Union,
    /// An enum.
    Enum,
    /// An input object.
    InputObject,
}

impl TypeRef {
    /// The innermost named type.
    pub fn named(&self) -> &NamedRef {
        match self {
            TypeRef::Named(n) => n,
            TypeRef::List(inner) | TypeRef::NonNull(inner) => inner.named(),
        }
    }

    /// Whether the outermost wrapper is non-null.
    pub fn is_non_null(&self) -> bool {
        matches!(self, TypeRef::NonNull(_))
    }

    /// Whether a list wraps the named type at any depth.
    pub fn is_list(&self) -> bool {
        match self {
            TypeRef::Named(_) => false,
            TypeRef::List(_) => true,
            TypeRef::NonNull(inner) => inner.is_list(),
        }
    }

    /// The GraphQL spelling, e.g. `[User]!`.
    pub fn to_graphql(&self) -> String {
        match self {
            TypeRef::Named(n) => n.wire.clone(),
            TypeRef::List(inner) => format!("[{}]", inner.to_graphql()),
            TypeRef::NonNull(inner) => format!("{}!", inner.to_graphql()),
        }
    }
}

/// How a field pages through a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pagination {
    /// `limit`/`offset` arguments, a result with `items` and `total_count`.
    Offset(OffsetPage),
    /// Relay `first/after/last/before` arguments, a result with `edges` and `pageInfo`.
    Relay(RelayPage),
}

/// An offset-paginated `*_list` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetPage {
    /// Wire name of the result type (`UserList`).
    pub list_type: String,
    /// Wire name of the item type (`User`).
    pub item_type: String,
    /// Whether the field takes `filter`.
    pub filter: bool,
    /// Whether the field takes `order`.
    pub order: bool,
}

/// A Relay connection field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayPage {
    /// Wire name of the connection type.
    pub connection_type: String,
    /// Wire name of the edge type.
    pub edge_type: String,
    /// Wire name of the node type.
    pub node_type: String,
    /// Whether the connection has a `count` total.
    pub count: bool,
    /// Whether the field takes `first`/`after` (forward paging).
    pub forward: bool,
    /// Whether the field takes `last`/`before` (backward paging).
    pub backward: bool,
    /// Whether the field also takes `offset` (Backend.AI's extension).
    pub offset: bool,
}

impl Ir {
    /// An IR of the given roots and types.
    pub fn new(roots: Roots, types: Vec<TypeDef>) -> Ir {
        let index = types.iter().enumerate().map(|(i, t)| (t.name.wire.clone(), i)).collect();
        Ir { roots, types, limits: Limits::default(), index }
    }

    /// Looks a type up by wire name.
    pub fn get(&self, wire: &str) -> Option<&TypeDef> {
        self.index.get(wire).map(|&i| &self.types[i])
    }
}

#[cfg(test)]
mod tests {
    use super::{OwnerValue, ResolverTrait};

    #[test]
    fn owner_arguments_hold_what_backend_ai_puts_in_them() {
        assert_eq!(OwnerValue::of("access_key", "String"), Some(OwnerValue::AccessKey));
        assert_eq!(OwnerValue::of("email", "String"), Some(OwnerValue::Email));
        assert_eq!(OwnerValue::of("user_uuid", "UUID"), Some(OwnerValue::UserUuid));
        // `user_from_uuid(user_id: ID)` takes a UUID, `create_keypair(user_id: String!)` an email.
        assert_eq!(OwnerValue::of("user_id", "ID"), Some(OwnerValue::UserUuid));
        assert_eq!(OwnerValue::of("user_id", "UUID"), Some(OwnerValue::UserUuid));
        assert_eq!(OwnerValue::of("user_id", "String"), Some(OwnerValue::Email));
        assert_eq!(OwnerValue::of("name", "String"), None);
    }

    #[test]
    fn resolver_trait_names_with_and_without_a_collision_suffix() {
        assert_eq!(ResolverTrait::name_for("User"), "UserResolver");
        for name in ["UserResolver", "UserResolver2", "QueriesResolver10"] {
            assert!(ResolverTrait::is_trait_name(name), "{name}");
        }
        for name in ["Resolver", "Resolver2", "Default", "UserResolverX", "ResolverUser"] {
            assert!(!ResolverTrait::is_trait_name(name), "{name}");
        }
    }
}
