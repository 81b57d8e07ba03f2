//! Default values in SDL checked against their types.
//!
//! apollo-compiler validates values in operations but accepts any literal as
//! an argument or input field default in a schema (`limit: Int = "ten"`).
//! Generated code and servers rely on defaults having their declared type, so
//! this pass checks every default value with the input coercion rules of the
//! GraphQL specification.

use apollo_compiler::ast::{self, Value};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::{Node, Schema};

/// Why a value does not fit a type; `None` when it fits.
pub(crate) fn check(schema: &Schema, ty: &ast::Type, value: &Value) -> Option<String> {
    match (ty, value) {
        (ast::Type::NonNullNamed(_) | ast::Type::NonNullList(_), Value::Null) => {
            Some(format!("`null` is not allowed for the non-null type `{ty}`"))
        }
        (_, Value::Null) => None,
        (_, Value::Variable(v)) => Some(format!("a default value cannot use the variable `${v}`")),
        (ast::Type::List(item) | ast::Type::NonNullList(item), Value::List(values)) => {
            values.iter().find_map(|v| check(schema, item, v))
        }
        // A single value coerces to a list of one.
        (ast::Type::List(item) | ast::Type::NonNullList(item), single) => check(schema, item, single),
        (ast::Type::Named(name) | ast::Type::NonNullNamed(name), _) => named(schema, name, value),
    }
}

fn named(schema: &Schema, name: &ast::NamedType, value: &Value) -> Option<String> {
    let mismatch = || Some(format!("`{value}` is not a valid `{name}` value"));
    match (name.as_str(), value) {
        ("Int", Value::Int(i)) => i.try_to_i32().err().map(|_| format!("`{value}` does not fit in a 32-bit `Int`")),
        ("Float", Value::Int(_) | Value::Float(_)) => None,
        ("String", Value::String(_)) => None,
        ("ID", Value::String(_) | Value::Int(_)) => None,
        ("Boolean", Value::Boolean(_)) => None,
        ("Int" | "Float" | "String" | "ID" | "Boolean", _) => mismatch(),
        _ => match schema.types.get(name.as_str()) {
            // Custom scalars define their own literal formats.
            Some(ExtendedType::Scalar(_)) | None => None,
            Some(ExtendedType::Enum(e)) => match value {
                Value::Enum(v) if e.values.contains_key(v.as_str()) => None,
                Value::Enum(v) => Some(format!("enum `{name}` has no value `{v}`")),
                _ => Some(format!("`{value}` is not a value of enum `{name}`; write the value without quotes")),
            },
            Some(ExtendedType::InputObject(input)) => match value {
                Value::Object(fields) => {
                    let unknown = fields.iter().find(|(f, _)| !input.fields.contains_key(f.as_str()));
                    if let Some((f, _)) = unknown {
                        return Some(format!("input `{name}` has no field `{f}`"));
                    }
                    for (field_name, def) in &input.fields {
                        match fields.iter().find(|(f, _)| f == field_name) {
                            Some((_, v)) => {
                                if let Some(why) = check(schema, &def.ty, v) {
                                    return Some(format!("in field `{field_name}`: {why}"));
                                }
                            }
                            None if def.ty.is_non_null() && def.default_value.is_none() => {
                                return Some(format!("the required field `{field_name}` of `{name}` is missing"));
                            }
                            None => {}
                        }
                    }
                    None
                }
                _ => mismatch(),
            },
            Some(_) => Some(format!("`{name}` is not an input type")),
        },
    }
}

/// Every default value of the schema that does not fit its type.
pub(crate) fn invalid_defaults(schema: &Schema) -> Vec<(Node<ast::InputValueDefinition>, String)> {
    let mut out = Vec::new();
    let mut visit = |v: &Node<ast::InputValueDefinition>| {
        if let Some(default) = &v.default_value
            && let Some(why) = check(schema, &v.ty, default)
        {
            out.push((v.clone(), why));
        }
    };
    for ty in schema.types.values().filter(|t| !t.is_built_in()) {
        match ty {
            ExtendedType::Object(o) => o.fields.values().flat_map(|f| f.arguments.iter()).for_each(&mut visit),
            ExtendedType::Interface(i) => i.fields.values().flat_map(|f| f.arguments.iter()).for_each(&mut visit),
            ExtendedType::InputObject(i) => i.fields.values().for_each(|f| visit(f)),
            _ => {}
        }
    }
    for d in schema.directive_definitions.values() {
        d.arguments.iter().for_each(&mut visit);
    }
    out
}
