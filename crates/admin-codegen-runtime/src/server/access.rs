//! Access rules at run time (spec §9): what the IR decided for a field
//! ([`AccessDef`]), applied to a call by the signed caller.

use async_graphql::{Name, Value};

use super::model::{AccessDef, OwnerValue};
use super::{Principal, ResolverError};

/// The caller's value for an owner argument.
fn caller_value(caller: &Principal, owner: OwnerValue) -> Value {
    Value::String(match owner {
        OwnerValue::AccessKey => caller.access_key.clone(),
        OwnerValue::Email => caller.email.clone(),
        OwnerValue::UserUuid => caller.user_id.to_string(),
    })
}

fn forbidden(message: &str) -> async_graphql::Error {
    ResolverError::forbidden(message).into_graphql()
}

/// Applies an access rule (spec §9) to a call of `field` with `args`:
/// `Err` refuses it, `Ok(Some(v))` answers it without the resolver (a
/// mutation payload `{ok: false, msg}`), `Ok(None)` lets it through with the
/// arguments rewritten.
pub fn enforce(
    access: &AccessDef,
    caller: &Principal,
    field: &str,
    args: &mut async_graphql::indexmap::IndexMap<Name, Value>,
) -> Result<Option<Value>, async_graphql::Error> {
    use super::Role;
    let privileged = caller.role == Role::Superadmin && caller.is_admin;
    match access {
        AccessDef::Privileged if privileged => Ok(None),
        AccessDef::Privileged => Err(forbidden("superadmin privilege required")),
        AccessDef::Roles { roles, payload } => {
            if roles.contains(&caller.role.as_str()) {
                Ok(None)
            } else if *payload {
                let msg = format!("no permission to execute {field}");
                Ok(Some(Value::Object(
                    [(Name::new("ok"), Value::Boolean(false)), (Name::new("msg"), Value::String(msg))]
                        .into_iter()
                        .collect(),
                )))
            } else {
                Err(forbidden(&format!("no permission to execute {field}")))
            }
        }
        AccessDef::Scoped { owner, domain, autofill } => {
            let own_domain = Value::String(caller.domain_name.clone());
            let absent = |args: &async_graphql::indexmap::IndexMap<Name, Value>, k: &str| {
                matches!(args.get(k), None | Some(Value::Null))
            };
            match caller.role {
                Role::Superadmin => {}
                Role::Admin | Role::User => {
                    if *domain {
                        if !absent(args, "domain_name") && args.get("domain_name") != Some(&own_domain) {
                            return Err(forbidden("you cannot query other domains"));
                        }
                        args.insert(Name::new("domain_name"), own_domain);
                    }
                }
                Role::Monitor => return Err(forbidden("Unknown client role")),
            }
            if let Some((owner, value)) = owner {
                let me = caller_value(caller, *value);
                if caller.role == Role::User {
                    if !absent(args, owner) && args.get(*owner) != Some(&me) {
                        return Err(forbidden("you can only query your own records"));
                    }
                    args.insert(Name::new(*owner), me);
                } else if *autofill && absent(args, owner) {
                    args.insert(Name::new(*owner), me);
                }
            }
            Ok(None)
        }
    }
}
