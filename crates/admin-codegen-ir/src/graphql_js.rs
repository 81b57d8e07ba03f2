//! The document an operation sends, as graphql-js's `DocumentNode` in JSON
//! (the AST that Apollo Client, urql and `graphql`'s `print` take; no `loc`).
//! Built from the same text as [`crate::OperationDef::document`], so the two
//! cannot disagree.

use std::fmt::Write as _;

use admin_codegen_parser::apollo_compiler::ast::{
    self, Definition, DirectiveList, OperationType, Selection, Type, Value,
};

/// The JSON of the `DocumentNode` for `text` (an operation and the fragments
/// it uses), or `None` when the text does not parse (it always does: it is
/// printed from a validated document).
pub(crate) fn document_json(text: &str) -> Option<String> {
    let doc = ast::Document::parse(text, "operation.graphql").ok()?;
    let mut out = String::from(r#"{"kind":"Document","definitions":["#);
    for (i, definition) in doc.definitions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match definition {
            Definition::OperationDefinition(op) => {
                let kind = match op.operation_type {
                    OperationType::Query => "query",
                    OperationType::Mutation => "mutation",
                    OperationType::Subscription => "subscription",
                };
                let _ = write!(out, r#"{{"kind":"OperationDefinition","operation":"{kind}""#);
                if let Some(name) = &op.name {
                    out.push_str(r#","name":"#);
                    name_node(&mut out, name);
                }
                out.push_str(r#","variableDefinitions":["#);
                for (j, v) in op.variables.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    out.push_str(r#"{"kind":"VariableDefinition","variable":{"kind":"Variable","name":"#);
                    name_node(&mut out, &v.name);
                    out.push_str(r#"},"type":"#);
                    type_node(&mut out, &v.ty);
                    if let Some(default) = &v.default_value {
                        out.push_str(r#","defaultValue":"#);
                        value_node(&mut out, default);
                    }
                    out.push_str(r#","directives":"#);
                    directives(&mut out, &v.directives);
                    out.push('}');
                }
                out.push_str(r#"],"directives":"#);
                directives(&mut out, &op.directives);
                out.push_str(r#","selectionSet":"#);
                selection_set(&mut out, &op.selection_set);
                out.push('}');
            }
            Definition::FragmentDefinition(f) => {
                out.push_str(r#"{"kind":"FragmentDefinition","name":"#);
                name_node(&mut out, &f.name);
                out.push_str(r#","typeCondition":"#);
                named_type(&mut out, &f.type_condition);
                out.push_str(r#","directives":"#);
                directives(&mut out, &f.directives);
                out.push_str(r#","selectionSet":"#);
                selection_set(&mut out, &f.selection_set);
                out.push('}');
            }
            _ => return None,
        }
    }
    out.push_str("]}");
    Some(out)
}

/// A JSON string (serde_json's escaping; the rest of the JSON is written here,
/// in a fixed key order, so the output does not depend on serde_json's features).
fn json_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("a string always serializes"));
}

fn name_node(out: &mut String, name: &str) {
    out.push_str(r#"{"kind":"Name","value":"#);
    json_string(out, name);
    out.push('}');
}

fn named_type(out: &mut String, name: &str) {
    out.push_str(r#"{"kind":"NamedType","name":"#);
    name_node(out, name);
    out.push('}');
}

fn type_node(out: &mut String, ty: &Type) {
    match ty {
        Type::Named(n) => named_type(out, n),
        Type::NonNullNamed(n) => {
            out.push_str(r#"{"kind":"NonNullType","type":"#);
            named_type(out, n);
            out.push('}');
        }
        Type::List(inner) => {
            out.push_str(r#"{"kind":"ListType","type":"#);
            type_node(out, inner);
            out.push('}');
        }
        Type::NonNullList(inner) => {
            out.push_str(r#"{"kind":"NonNullType","type":{"kind":"ListType","type":"#);
            type_node(out, inner);
            out.push_str("}}");
        }
    }
}

fn value_node(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str(r#"{"kind":"NullValue"}"#),
        Value::Enum(n) => {
            out.push_str(r#"{"kind":"EnumValue","value":"#);
            json_string(out, n);
            out.push('}');
        }
        Value::Variable(n) => {
            out.push_str(r#"{"kind":"Variable","name":"#);
            name_node(out, n);
            out.push('}');
        }
        Value::String(s) => {
            out.push_str(r#"{"kind":"StringValue","value":"#);
            json_string(out, s);
            out.push_str(r#","block":false}"#);
        }
        Value::Float(f) => {
            out.push_str(r#"{"kind":"FloatValue","value":"#);
            json_string(out, f.as_str());
            out.push('}');
        }
        Value::Int(i) => {
            out.push_str(r#"{"kind":"IntValue","value":"#);
            json_string(out, i.as_str());
            out.push('}');
        }
        Value::Boolean(b) => {
            let _ = write!(out, r#"{{"kind":"BooleanValue","value":{b}}}"#);
        }
        Value::List(items) => {
            out.push_str(r#"{"kind":"ListValue","values":["#);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value_node(out, item);
            }
            out.push_str("]}");
        }
        Value::Object(fields) => {
            out.push_str(r#"{"kind":"ObjectValue","fields":["#);
            for (i, (name, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(r#"{"kind":"ObjectField","name":"#);
                name_node(out, name);
                out.push_str(r#","value":"#);
                value_node(out, v);
                out.push('}');
            }
            out.push_str("]}");
        }
    }
}

fn arguments(out: &mut String, args: &[admin_codegen_parser::apollo_compiler::Node<ast::Argument>]) {
    out.push('[');
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"kind":"Argument","name":"#);
        name_node(out, &a.name);
        out.push_str(r#","value":"#);
        value_node(out, &a.value);
        out.push('}');
    }
    out.push(']');
}

fn directives(out: &mut String, list: &DirectiveList) {
    out.push('[');
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"kind":"Directive","name":"#);
        name_node(out, &d.name);
        out.push_str(r#","arguments":"#);
        arguments(out, &d.arguments);
        out.push('}');
    }
    out.push(']');
}

fn selection_set(out: &mut String, selections: &[Selection]) {
    out.push_str(r#"{"kind":"SelectionSet","selections":["#);
    for (i, s) in selections.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match s {
            Selection::Field(f) => {
                out.push_str(r#"{"kind":"Field""#);
                if let Some(alias) = &f.alias {
                    out.push_str(r#","alias":"#);
                    name_node(out, alias);
                }
                out.push_str(r#","name":"#);
                name_node(out, &f.name);
                out.push_str(r#","arguments":"#);
                arguments(out, &f.arguments);
                out.push_str(r#","directives":"#);
                directives(out, &f.directives);
                if !f.selection_set.is_empty() {
                    out.push_str(r#","selectionSet":"#);
                    selection_set(out, &f.selection_set);
                }
                out.push('}');
            }
            Selection::FragmentSpread(spread) => {
                out.push_str(r#"{"kind":"FragmentSpread","name":"#);
                name_node(out, &spread.fragment_name);
                out.push_str(r#","directives":"#);
                directives(out, &spread.directives);
                out.push('}');
            }
            Selection::InlineFragment(inline) => {
                out.push_str(r#"{"kind":"InlineFragment""#);
                if let Some(t) = &inline.type_condition {
                    out.push_str(r#","typeCondition":"#);
                    named_type(out, t);
                }
                out.push_str(r#","directives":"#);
                directives(out, &inline.directives);
                out.push_str(r#","selectionSet":"#);
                selection_set(out, &inline.selection_set);
                out.push('}');
            }
        }
    }
    out.push_str("]}");
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_operation_with_a_fragment() {
        let json = super::document_json(
            "query Q($n: Int! = 3) {\n  a: f(x: $n, y: [1, \"s\", {k: ENUM}]) @include(if: true) {\n    ...F\n  }\n}\n\nfragment F on T {\n  id\n}\n",
        )
        .unwrap();
        assert!(json.starts_with(r#"{"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Q"}"#), "{json}");
        assert!(json.contains(r#""defaultValue":{"kind":"IntValue","value":"3"}"#), "{json}");
        assert!(json.contains(r#""alias":{"kind":"Name","value":"a"}"#), "{json}");
        assert!(json.contains(r#"{"kind":"ObjectField","name":{"kind":"Name","value":"k"},"value":{"kind":"EnumValue","value":"ENUM"}}"#), "{json}");
        assert!(
            json.contains(r#"{"kind":"FragmentSpread","name":{"kind":"Name","value":"F"},"directives":[]}"#),
            "{json}"
        );
        assert!(json.contains(r#"{"kind":"FragmentDefinition","name":{"kind":"Name","value":"F"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"T"}}"#), "{json}");
    }
}
