//! Lowering a validated schema into the IR.

use crate::hash::FxHashMap as HashMap;

use admin_codegen_parser::apollo_compiler::ast::{self, DirectiveList};
use admin_codegen_parser::apollo_compiler::schema::{self, ExtendedType};
use admin_codegen_parser::apollo_compiler::{Node, Schema};
use admin_codegen_parser::{Diagnostic, Location, ParsedSchema};

use crate::access::AccessOverlay;
use crate::model::*;
use crate::naming::{self, Claim, Namespace};
use crate::pagination;
use crate::scalars::{self, ScalarOptions};

/// Options of the lowering: everything the configuration can change.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Custom scalar mappings and strictness.
    pub scalars: ScalarOptions,
    /// Access rules attached from the config (for schemas that cannot carry directives).
    pub access: Vec<AccessOverlay>,
    /// Whether to compute convention lints (for `admin-codegen check`).
    pub lints: bool,
    /// Request limits for generated servers.
    pub limits: Limits,
    /// Changes to the `filter`/`order` specs of list fields (`[lists]`).
    pub lists: Vec<crate::lists::ListOverlay>,
}

/// The IR plus what the lowering found worth saying.
#[derive(Debug)]
pub struct Lowered {
    /// The IR.
    pub ir: Ir,
    /// Warnings shown by every command (name collisions, unmapped scalars).
    pub warnings: Vec<Diagnostic>,
    /// Convention lints shown by `admin-codegen check` (non-snake_case names,
    /// `*_list` fields that do not have the offset shape).
    pub lints: Vec<Diagnostic>,
}

/// Lowers a validated schema. Fails only in strict mode, with every error found.
pub fn lower(parsed: &ParsedSchema, options: &Options) -> Result<Lowered, Vec<Diagnostic>> {
    let schema: &Schema = &parsed.schema;
    let mut cx = Cx { parsed, lints_on: options.lints, warnings: Vec::new(), lints: Vec::new(), errors: Vec::new() };

    let defs: Vec<(&str, &ExtendedType)> = schema
        .types
        .iter()
        .filter(|(name, ty)| !ty.is_built_in() && !name.starts_with("__") && !parsed.is_synthetic_type(name))
        .map(|(name, ty)| (name.as_str(), ty))
        .collect();

    // Type names first: every reference needs them.
    let mut type_ns = Namespace::default();
    let (refs, type_names) = cx.name_types(&defs, &mut type_ns);

    // The objects implementing each interface, in declaration order, found in
    // one pass (not one scan of every type per interface).
    let mut implementors: HashMap<&str, Vec<&str>> = HashMap::default();
    for (wire, ty) in &defs {
        if let ExtendedType::Object(o) = ty {
            for interface in &o.implements_interfaces {
                implementors.entry(interface.as_str()).or_default().push(wire);
            }
        }
    }

    // Each type lowers on its own (its fields' names are claimed in a
    // namespace of their own), so the types are spread over the cores, each
    // with its own diagnostics, which are then taken in declaration order.
    let lowered = crate::parallel::map(&defs, |&(wire, ty)| {
        let mut cx =
            Cx { parsed, lints_on: options.lints, warnings: Vec::new(), lints: Vec::new(), errors: Vec::new() };
        let def = cx.type_def(wire, ty, options, &refs, &type_names, &implementors);
        (def, cx)
    });
    let mut types = Vec::with_capacity(defs.len());
    for (def, part) in lowered {
        types.push(def);
        cx.warnings.extend(part.warnings);
        cx.lints.extend(part.lints);
        cx.errors.extend(part.errors);
    }

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }

    let roots = Roots {
        query: schema.schema_definition.query.as_ref().map(|n| n.to_string()),
        mutation: schema.schema_definition.mutation.as_ref().map(|n| n.to_string()),
        subscription: schema.schema_definition.subscription.as_ref().map(|n| n.to_string()),
    };
    let mut ir = Ir::new(roots, types);
    ir.limits = options.limits;
    crate::access::apply_overlay(&mut ir, &options.access, &mut cx.errors);
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    assign_resolvers(&mut ir, &mut type_ns, &mut cx);
    pagination::detect(&mut ir);
    pagination::assign_page_args(&mut ir);
    crate::lists::assign(&mut ir, &options.lists, &mut cx.errors);
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    crate::access::mark_payloads(&mut ir);
    crate::cycles::mark_held(&mut ir);
    if options.lints {
        cx.list_lints(schema, &ir);
    }
    Ok(Lowered { ir, warnings: cx.warnings, lints: cx.lints })
}

/// What each wire type name resolves to as a reference (built-in scalars
/// included), and each schema type's name.
type Named<'s> = (HashMap<&'s str, NamedRef>, HashMap<&'s str, Name>);

impl Cx<'_> {
    /// Claims every type's Rust name in `type_ns`, reporting collisions.
    fn name_types<'s>(&mut self, defs: &[(&'s str, &ExtendedType)], type_ns: &mut Namespace) -> Named<'s> {
        let mut refs: HashMap<&str, NamedRef> = HashMap::default();
        let mut type_names: HashMap<&str, Name> = HashMap::default();
        for (wire, ty) in defs {
            let claim = type_ns.claim(wire, naming::type_ident(wire), "");
            let other = other_location(self.parsed, &claim);
            self.collision("types", None, &claim, wire, ty.name().location(), other);
            let name = Name { wire: (*wire).to_owned(), rust: claim.name().to_owned() };
            refs.insert(wire, NamedRef { wire: name.wire.clone(), rust: name.rust.clone(), kind: ref_kind(ty) });
            type_names.insert(wire, name);
        }
        for built_in in ["Int", "Float", "String", "Boolean", "ID"] {
            let rust = scalars::built_in(built_in).expect("the five built-in scalars are mapped");
            refs.insert(
                built_in,
                NamedRef { wire: built_in.to_owned(), rust: rust.to_owned(), kind: RefKind::BuiltInScalar },
            );
        }
        (refs, type_names)
    }
}

/// Decides which object fields a server resolves (every field of a root type,
/// and fields with arguments elsewhere), and names the resolver traits and
/// argument structs in the type namespace.
fn assign_resolvers(ir: &mut Ir, type_ns: &mut Namespace, cx: &mut Cx<'_>) {
    let roots: Vec<String> = [&ir.roots.query, &ir.roots.mutation].into_iter().flatten().cloned().collect();
    for ty in &mut ir.types {
        let TypeKind::Object(o) = &mut ty.kind else { continue };
        let is_root = roots.contains(&ty.name.wire);
        if !is_root && o.fields.iter().all(|f| f.args.is_empty()) {
            continue;
        }
        let mut claim = |wire: String, rust: String| {
            let c = type_ns.claim(&wire, rust, "");
            cx.collision("generated names", None, &c, &wire, None, None);
            c.name().to_owned()
        };
        let name = claim(format!("{}(resolver)", ty.name.wire), ResolverTrait::name_for(&ty.name.rust));
        o.resolver_trait = Some(ResolverTrait { name, root: is_root });
        for f in &mut o.fields {
            if !is_root && f.args.is_empty() {
                continue;
            }
            let args_type = (!f.args.is_empty()).then(|| {
                let rust = format!("{}{}Args", ty.name.rust, naming::type_ident(&f.name.wire).trim_start_matches("r#"));
                claim(format!("{}.{}(args)", ty.name.wire, f.name.wire), rust)
            });
            f.resolver = Some(FieldResolver { args_type, page_args: None });
        }
    }
}

struct Cx<'a> {
    parsed: &'a ParsedSchema,
    lints_on: bool,
    warnings: Vec<Diagnostic>,
    lints: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// One schema type's definition.
    fn type_def(
        &mut self,
        wire: &str,
        ty: &ExtendedType,
        options: &Options,
        refs: &HashMap<&str, NamedRef>,
        type_names: &HashMap<&str, Name>,
        implementors: &HashMap<&str, Vec<&str>>,
    ) -> TypeDef {
        let kind = match ty {
            ExtendedType::Scalar(s) => self.scalar(wire, s, &options.scalars),
            ExtendedType::Object(o) => TypeKind::Object(ObjectDef {
                fields: self.fields(wire, &o.fields, refs),
                implements: o.implements_interfaces.iter().map(|i| i.to_string()).collect(),
                payload: None,
                resolver_trait: None,
            }),
            ExtendedType::Interface(i) => TypeKind::Interface(InterfaceDef {
                fields: self.fields(wire, &i.fields, refs),
                implements: i.implements_interfaces.iter().map(|i| i.to_string()).collect(),
                implementors: implementors.get(wire).map_or_else(Vec::new, |objects| {
                    objects.iter().map(|name| Variant { name: type_names[name].clone() }).collect()
                }),
            }),
            ExtendedType::Union(u) => TypeKind::Union(UnionDef {
                members: u.members.iter().map(|m| Variant { name: type_names[m.as_str()].clone() }).collect(),
            }),
            ExtendedType::Enum(e) => self.enumeration(wire, e),
            ExtendedType::InputObject(i) => self.input_object(wire, i, refs),
        };
        let name = type_names[wire].clone();
        TypeDef {
            scaffold_path: naming::scaffold_path(&name.rust),
            ts_name: naming::ts_type_name(wire),
            name,
            description: ty.description().map(|d| d.to_string()),
            kind,
        }
    }

    /// Reports a collision: `kind` names the items in the plural, `scope` the type (or field) holding them.
    fn collision(
        &mut self,
        kind: &str,
        scope: Option<&str>,
        claim: &Claim,
        wire: &str,
        at: Option<admin_codegen_parser::apollo_compiler::parser::SourceSpan>,
        other_at: Option<Location>,
    ) {
        if let Claim::Collided { wanted, given, other } = claim {
            self.warnings.push(
                Diagnostic::warning(format!(
                    "{kind} `{other}` and `{wire}`{} both become `{wanted}` in Rust; `{wire}` is generated as `{given}`",
                    scope.map(|s| format!(" of `{s}`")).unwrap_or_default()
                ))
                .at(self.parsed.locate(at))
                .with_label(format!("generated as `{given}`"))
                .with_related(other_at, format!("`{other}` keeps `{wanted}`"))
                .with_help("rename one of them in the schema to choose the Rust names yourself"),
            );
        }
    }

    fn fields(&mut self, owner: &str, fields: &indexmap_like::FieldMap, refs: &HashMap<&str, NamedRef>) -> Vec<Field> {
        let mut ns = Namespace::default();
        fields
            .values()
            .map(|f| {
                let wire = f.name.as_str();
                let claim = ns.claim(wire, naming::field_ident(wire), "_");
                let other = fields.get(claim_other(&claim)).and_then(|o| o.name.location());
                let other = self.parsed.locate(other);
                self.collision("fields", Some(owner), &claim, wire, f.name.location(), other);
                self.lint_name(|| format!("field `{owner}.{wire}`"), wire, f.name.location());
                let mut arg_ns = Namespace::default();
                let scope = if f.arguments.is_empty() { String::new() } else { format!("{owner}.{wire}") };
                let args = f
                    .arguments
                    .iter()
                    .map(|a| {
                        let other = |claim: &Claim| {
                            f.arguments
                                .iter()
                                .find(|o| o.name.as_str() == claim_other(claim))
                                .and_then(|o| o.name.location())
                        };
                        self.lint_name(|| format!("argument `{owner}.{wire}({})`", a.name), &a.name, a.name.location());
                        self.input_value(("arguments", &scope), &mut arg_ns, a, other, refs)
                    })
                    .collect();
                Field {
                    name: Name { wire: wire.to_owned(), rust: claim.name().to_owned() },
                    description: description(&f.description),
                    args,
                    ty: type_ref(&f.ty, refs),
                    deprecation: deprecation(&f.directives),
                    pagination: None,
                    held: Held::Value,
                    resolver: None,
                    access: crate::access::from_directives(self.parsed, &mut self.errors, owner, f),
                    query: None,
                }
            })
            .collect()
    }

    fn input_value(
        &mut self,
        (kind, scope): (&str, &str),
        ns: &mut Namespace,
        v: &Node<ast::InputValueDefinition>,
        other: impl Fn(&Claim) -> Option<admin_codegen_parser::apollo_compiler::parser::SourceSpan>,
        refs: &HashMap<&str, NamedRef>,
    ) -> InputValue {
        let wire = v.name.as_str();
        let claim = ns.claim(wire, naming::field_ident(wire), "_");
        let other_at = self.parsed.locate(other(&claim));
        self.collision(kind, Some(scope), &claim, wire, v.name.location(), other_at);
        InputValue {
            name: Name { wire: wire.to_owned(), rust: claim.name().to_owned() },
            description: description(&v.description),
            ty: type_ref(&v.ty, refs),
            default: v.default_value.as_ref().map(|d| d.to_string()),
            deprecation: deprecation(&v.directives),
            held: Held::Value,
        }
    }

    /// A custom scalar: its Rust type (config, default or the JSON fallback,
    /// reported at the scalar's name) and the input format a server checks.
    fn scalar(&mut self, wire: &str, s: &schema::ScalarType, options: &ScalarOptions) -> TypeKind {
        let (rust_type, source) = scalars::resolve(wire, options);
        if source == ScalarSource::Fallback && !options.no_rust {
            let d = Diagnostic::error(format!("custom scalar `{wire}` has no Rust type mapping"))
                // At the name, not at the description above the `scalar` keyword.
                .at(self.parsed.locate(s.name.location()))
                .with_label("unmapped scalar")
                .with_help(format!("map it in admin-codegen.toml: [scalars] {wire} = \"path::to::Type\""));
            if options.strict {
                self.errors.push(d.with_note("strict mode turns unmapped scalars into errors"));
            } else {
                let mut d = d.with_note(format!("it falls back to `{rust_type}` (any JSON value)"));
                d.severity = admin_codegen_parser::Severity::Warning;
                self.warnings.push(d);
            }
        }
        let format = scalars::known_format(wire, source);
        TypeKind::Scalar(ScalarDef { rust_type, source, format, ts_type: scalars::resolve_ts(wire, options) })
    }

    /// An enum: value names claimed in the enum's own namespace.
    fn enumeration(&mut self, wire: &str, e: &schema::EnumType) -> TypeKind {
        let mut ns = Namespace::default();
        let values = e
            .values
            .values()
            .map(|v| {
                let value = v.value.as_str();
                let claim = ns.claim(value, naming::type_ident(value), "");
                // Located at the names: a definition's own span starts at its description.
                let other = e.values.get(claim_other(&claim)).and_then(|o| o.value.location());
                self.collision("values", Some(wire), &claim, value, v.value.location(), self.parsed.locate(other));
                EnumValue {
                    name: Name { wire: value.to_owned(), rust: claim.name().to_owned() },
                    description: description(&v.description),
                    deprecation: deprecation(&v.directives),
                }
            })
            .collect();
        TypeKind::Enum(EnumDef { values })
    }

    /// An input object: field names claimed in its own namespace.
    fn input_object(&mut self, wire: &str, i: &schema::InputObjectType, refs: &HashMap<&str, NamedRef>) -> TypeKind {
        let mut ns = Namespace::default();
        let fields = i
            .fields
            .values()
            .map(|f| {
                let other = |claim: &Claim| i.fields.get(claim_other(claim)).and_then(|o| o.name.location());
                self.input_value(("fields", wire), &mut ns, f, other, refs)
            })
            .collect();
        TypeKind::InputObject(InputObjectDef { fields })
    }

    /// Lints a wire name; `what` (named only when there is a lint) says what it names.
    fn lint_name(
        &mut self,
        what: impl FnOnce() -> String,
        wire: &str,
        at: Option<admin_codegen_parser::apollo_compiler::parser::SourceSpan>,
    ) {
        if self.lints_on && !naming::is_conventional_field_name(wire) {
            self.lints.push(
                Diagnostic::warning(format!("{} is not snake_case", what()))
                    .at(self.parsed.locate(at))
                    .with_label("Admin API names are snake_case on the wire")
                    .with_note(format!(
                        "its Rust name is `{}`; the wire name stays `{wire}`",
                        naming::field_ident(wire)
                    )),
            );
        }
    }

    fn list_lints(&mut self, schema: &Schema, ir: &Ir) {
        for ty in &ir.types {
            for f in ty.kind.fields() {
                if f.name.wire.ends_with("_list") && !matches!(f.pagination, Some(Pagination::Offset(_))) {
                    let at = schema.types.get(ty.name.wire.as_str()).and_then(|t| match t {
                        ExtendedType::Object(o) => o.fields.get(f.name.wire.as_str()).and_then(|f| f.location()),
                        ExtendedType::Interface(i) => i.fields.get(f.name.wire.as_str()).and_then(|f| f.location()),
                        _ => None,
                    });
                    self.lints.push(
                        Diagnostic::warning(format!(
                            "field `{}.{}` is named like an offset list but does not have the offset list shape",
                            ty.name.wire, f.name.wire
                        ))
                        .at(self.parsed.locate(at))
                        .with_help(
                            "take `limit: Int!, offset: Int!` and return a type with `items: [T]!` and `total_count: Int!`",
                        ),
                    );
                }
            }
        }
    }
}

/// The field map type apollo-compiler uses for object and interface fields.
mod indexmap_like {
    use admin_codegen_parser::apollo_compiler::Name;
    use admin_codegen_parser::apollo_compiler::collections::IndexMap;
    use admin_codegen_parser::apollo_compiler::schema::{Component, FieldDefinition};

    pub type FieldMap = IndexMap<Name, Component<FieldDefinition>>;
}

fn claim_other(claim: &Claim) -> &str {
    match claim {
        Claim::Free(_) => "",
        Claim::Collided { other, .. } => other,
    }
}

fn other_location(parsed: &ParsedSchema, claim: &Claim) -> Option<Location> {
    parsed.locate(parsed.schema.types.get(claim_other(claim)).and_then(|t| t.name().location()))
}

fn ref_kind(ty: &ExtendedType) -> RefKind {
    match ty {
        ExtendedType::Scalar(_) => RefKind::Scalar,
        ExtendedType::Object(_) => RefKind::Object,
        ExtendedType::Interface(_) => RefKind::Interface,
        ExtendedType::Union(_) => RefKind::Union,
        ExtendedType::Enum(_) => RefKind::Enum,
        ExtendedType::InputObject(_) => RefKind::InputObject,
    }
}

fn type_ref(ty: &ast::Type, refs: &HashMap<&str, NamedRef>) -> TypeRef {
    let named = |n: &ast::NamedType| {
        TypeRef::Named(refs.get(n.as_str()).cloned().unwrap_or_else(|| {
            // Validation guarantees every reference resolves; keep going regardless.
            NamedRef { wire: n.to_string(), rust: naming::type_ident(n), kind: RefKind::Object }
        }))
    };
    match ty {
        ast::Type::Named(n) => named(n),
        ast::Type::NonNullNamed(n) => TypeRef::NonNull(Box::new(named(n))),
        ast::Type::List(inner) => TypeRef::List(Box::new(type_ref(inner, refs))),
        ast::Type::NonNullList(inner) => TypeRef::NonNull(Box::new(TypeRef::List(Box::new(type_ref(inner, refs))))),
    }
}

fn description(d: &Option<Node<str>>) -> Option<String> {
    d.as_ref().map(|d| d.to_string())
}

fn deprecation(directives: &DirectiveList) -> Option<String> {
    directives.get("deprecated").map(|d| {
        d.specified_argument_by_name("reason")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "No longer supported".to_owned())
    })
}
