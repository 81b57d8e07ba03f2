//! Access rules (spec §9), decided here and nowhere later: `@privileged`,
//! `@scoped` and `@allow` on fields, or the config's `[access]` table for
//! schemas that cannot carry directives, checked against the field (its
//! owner and `domain_name` arguments, the known roles) and lowered to
//! [`Access`]. Role rules on fields returning mutation payloads answer in band.

use admin_codegen_parser::apollo_compiler::ast;
use admin_codegen_parser::{Diagnostic, Location, ParsedSchema};

use crate::model::*;

/// An access rule the config attaches to `Type.field`.
#[derive(Debug, Clone)]
pub struct AccessOverlay {
    /// `Type.field`, wire names.
    pub target: String,
    /// The rule.
    pub rule: AccessSpec,
    /// Where the config says so, for errors.
    pub location: Option<Location>,
}

/// An access rule as written (a directive or the config), before lowering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessSpec {
    /// Superadmin only.
    Privileged,
    /// Owner-scoped.
    Scoped {
        /// The owner argument's wire name.
        owner: Option<String>,
        /// Whether a missing owner becomes the caller.
        autofill: bool,
    },
    /// Only these roles.
    Roles(Vec<String>),
}

/// The roles of spec §9.
pub const ROLES: &[&str] = &["superadmin", "admin", "user", "monitor"];

/// The access rule declared by `@privileged`, `@scoped` or `@allow` on a field.
pub(crate) fn from_directives(
    parsed: &ParsedSchema,
    errors: &mut Vec<Diagnostic>,
    owner: &str,
    f: &admin_codegen_parser::apollo_compiler::schema::Component<ast::FieldDefinition>,
) -> Option<Access> {
    let specs: Vec<(AccessSpec, Option<admin_codegen_parser::apollo_compiler::parser::SourceSpan>)> = f
        .directives
        .iter()
        .filter_map(|d| {
            let spec = match d.name.as_str() {
                "privileged" => AccessSpec::Privileged,
                "scoped" => AccessSpec::Scoped {
                    owner: d.specified_argument_by_name("owner").and_then(|v| v.as_str()).map(str::to_owned),
                    autofill: d.specified_argument_by_name("autofill").and_then(|v| v.to_bool()).unwrap_or(false),
                },
                "allow" => AccessSpec::Roles(
                    d.specified_argument_by_name("roles")
                        .and_then(|v| v.as_list())
                        .map(|l| l.iter().filter_map(|r| r.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default(),
                ),
                _ => return None,
            };
            Some((spec, d.location()))
        })
        .collect();
    if specs.is_empty() {
        return None;
    }
    let field = format!("{owner}.{}", f.name);
    if specs.len() > 1 {
        errors.push(
            Diagnostic::error(format!("`{field}` has more than one access directive"))
                .at(parsed.locate(specs[1].1))
                .with_help("use one of @privileged, @scoped or @allow per field"),
        );
        return None;
    }
    let (spec, at) = specs.into_iter().next()?;
    let args: Vec<(&str, &str)> =
        f.arguments.iter().map(|a| (a.name.as_str(), a.ty.inner_named_type().as_str())).collect();
    match access_rule(&spec, &field, &args) {
        Ok(rule) => Some(rule),
        Err(why) => {
            errors.push(Diagnostic::error(format!("invalid access directive: {why}")).at(parsed.locate(at)));
            None
        }
    }
}

/// Builds a field's access rule, checking it against the field.
/// `args` are the field's arguments: wire name and named type.
fn access_rule(spec: &AccessSpec, field: &str, args: &[(&str, &str)]) -> Result<Access, String> {
    match spec {
        AccessSpec::Privileged => Ok(Access::Privileged),
        AccessSpec::Scoped { owner, autofill } => {
            let owner = match owner {
                None => None,
                Some(o) => {
                    let Some(&(_, ty)) = args.iter().find(|(name, _)| name == o) else {
                        return Err(format!("`{field}` has no argument `{o}` to scope by"));
                    };
                    let value = OwnerValue::of(o, ty).ok_or_else(|| {
                        format!("`{o}` is not an owner argument (spec §9: {})", OwnerValue::ARGUMENTS.join(", "))
                    })?;
                    Some(Owner { arg: o.clone(), value })
                }
            };
            let domain = args.iter().any(|(name, _)| *name == "domain_name");
            Ok(Access::Scoped { owner, domain, autofill: *autofill })
        }
        AccessSpec::Roles(roles) => {
            if let Some(bad) = roles.iter().find(|r| !ROLES.contains(&r.as_str())) {
                return Err(format!("unknown role `{bad}` (roles: {})", ROLES.join(", ")));
            }
            Ok(Access::Roles { roles: roles.clone(), payload: false })
        }
    }
}

/// Attaches the config's access rules; they override directives.
pub(crate) fn apply_overlay(ir: &mut Ir, overlay: &[AccessOverlay], errors: &mut Vec<Diagnostic>) {
    for entry in overlay {
        let Some((type_name, field_name)) = entry.target.split_once('.') else {
            errors.push(
                Diagnostic::error(format!("access rule target `{}` is not `Type.field`", entry.target))
                    .at(entry.location.clone()),
            );
            continue;
        };
        let fields = ir.types.iter_mut().find(|t| t.name.wire == type_name).and_then(|t| match &mut t.kind {
            TypeKind::Object(o) => Some(&mut o.fields),
            _ => None,
        });
        let Some(fields) = fields else {
            errors.push(
                Diagnostic::error(format!("access rule for `{}`: no object type `{type_name}`", entry.target))
                    .at(entry.location.clone()),
            );
            continue;
        };
        let names: Vec<String> = fields.iter().map(|f| f.name.wire.clone()).collect();
        let Some(field) = fields.iter_mut().find(|f| f.name.wire == field_name) else {
            let mut d = Diagnostic::error(format!(
                "access rule for `{}`: `{type_name}` has no field `{field_name}`",
                entry.target
            ))
            .at(entry.location.clone());
            if let Some(best) = admin_codegen_parser::did_you_mean(field_name, names.iter().map(String::as_str)) {
                d = d.with_help(format!("did you mean `{type_name}.{best}`?"));
            }
            errors.push(d);
            continue;
        };
        let args: Vec<(&str, &str)> =
            field.args.iter().map(|a| (a.name.wire.as_str(), a.ty.named().wire.as_str())).collect();
        match access_rule(&entry.rule, &entry.target, &args) {
            Ok(rule) => field.access = Some(rule),
            Err(why) => {
                errors.push(Diagnostic::error(format!("invalid access rule: {why}")).at(entry.location.clone()))
            }
        }
    }
}

/// Role rules on fields that return mutation payloads answer in band.
pub(crate) fn mark_payloads(ir: &mut Ir) {
    let payloads: std::collections::HashSet<String> = ir
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Object(o) if o.payload.is_some()))
        .map(|t| t.name.wire.clone())
        .collect();
    for ty in &mut ir.types {
        let TypeKind::Object(o) = &mut ty.kind else { continue };
        for f in &mut o.fields {
            if let Some(Access::Roles { payload, .. }) = &mut f.access {
                *payload = !f.ty.is_list() && payloads.contains(&f.ty.named().wire);
            }
        }
    }
}
