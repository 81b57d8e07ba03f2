//! A compact, stable text form of the IR, for snapshot tests and `--dump-ir`.

use std::fmt::Write as _;

use crate::model::*;

/// Renders the IR one item per line. Rust names are shown after `=>` where
/// they differ from the wire name.
pub fn dump(ir: &Ir) -> String {
    let mut out = String::new();
    let root = |r: &Option<String>| r.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "schema query={} mutation={} subscription={}",
        root(&ir.roots.query),
        root(&ir.roots.mutation),
        root(&ir.roots.subscription)
    );
    for ty in &ir.types {
        out.push('\n');
        let mut name = names(&ty.name);
        if ty.scaffold_path != ty.name.rust {
            let _ = write!(name, " (scaffold: {})", ty.scaffold_path);
        }
        if ty.ts_name != ty.name.wire {
            let _ = write!(name, " (typescript: {})", ty.ts_name);
        }
        match &ty.kind {
            TypeKind::Scalar(s) => {
                let _ = writeln!(out, "scalar {name} = {} ({:?}), typescript {}", s.rust_type, s.source, s.ts_type);
            }
            TypeKind::Object(o) => {
                let _ = write!(out, "object {name}{}", implements(&o.implements));
                if let Some(p) = &o.payload {
                    let _ = write!(out, " payload(ok={}, msg={})", p.ok.wire, p.msg.wire);
                }
                if let Some(t) = &o.resolver_trait {
                    let _ = write!(out, " resolver={}", t.name);
                }
                out.push('\n');
                fields(&mut out, &o.fields);
            }
            TypeKind::Interface(i) => {
                let imps: Vec<_> = i.implementors.iter().map(|v| v.name.wire.as_str()).collect();
                let _ =
                    writeln!(out, "interface {name}{} implementors=[{}]", implements(&i.implements), imps.join(", "));
                fields(&mut out, &i.fields);
            }
            TypeKind::Union(u) => {
                let members: Vec<_> = u.members.iter().map(|v| v.name.wire.as_str()).collect();
                let _ = writeln!(out, "union {name} = {}", members.join(" | "));
            }
            TypeKind::Enum(e) => {
                let _ = writeln!(out, "enum {name}");
                for v in &e.values {
                    let _ = writeln!(out, "  {}{}", names(&v.name), deprecated(&v.deprecation));
                }
            }
            TypeKind::InputObject(i) => {
                let _ = writeln!(out, "input {name}");
                for f in &i.fields {
                    let _ = writeln!(out, "  {}", input_value(f));
                }
            }
        }
    }
    out
}

fn names(n: &Name) -> String {
    if n.rust == n.wire { n.wire.clone() } else { format!("{} => {}", n.wire, n.rust) }
}

fn implements(list: &[String]) -> String {
    if list.is_empty() { String::new() } else { format!(" implements {}", list.join(" & ")) }
}

fn deprecated(reason: &Option<String>) -> String {
    reason.as_ref().map(|r| format!(" deprecated({r:?})")).unwrap_or_default()
}

fn ty(t: &TypeRef) -> String {
    let n = t.named();
    if n.rust == n.wire { t.to_graphql() } else { format!("{} ({})", t.to_graphql(), n.rust) }
}

fn held(held: Held) -> &'static str {
    match held {
        Held::Value => "",
        Held::Boxed => " boxed",
        Held::Indirect => " indirect",
    }
}

fn input_value(v: &InputValue) -> String {
    let default = v.default.as_ref().map(|d| format!(" = {d}")).unwrap_or_default();
    let boxed = held(v.held);
    format!("{}: {}{default}{boxed}{}", names(&v.name), ty(&v.ty), deprecated(&v.deprecation))
}

fn fields(out: &mut String, fields: &[Field]) {
    for f in fields {
        let args: Vec<String> = f.args.iter().map(input_value).collect();
        let args = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
        let boxed = held(f.held);
        let page = match &f.pagination {
            None => String::new(),
            Some(Pagination::Offset(p)) => format!(" offset-page(items={})", p.item_type),
            Some(Pagination::Relay(p)) => format!(
                " relay-page(node={}, edge={}, count={}, offset={})",
                p.node_type, p.edge_type, p.count, p.offset
            ),
        };
        let resolved = match &f.resolver {
            None => String::new(),
            Some(FieldResolver { args_type: None, .. }) => " resolved".to_owned(),
            Some(FieldResolver { args_type: Some(a), page_args }) => {
                let page = match page_args {
                    None => String::new(),
                    Some(p) => {
                        let kind = match p.kind {
                            PageArgsKind::Offset { required: true } => "offset",
                            PageArgsKind::Offset { required: false } => "offset?",
                            PageArgsKind::Relay => "relay",
                        };
                        format!(", {}={kind}[{}]", p.field, p.args.join(" "))
                    }
                };
                format!(" resolved(args={a}{page})")
            }
        };
        let access = match &f.access {
            None => String::new(),
            Some(Access::Privileged) => " access(privileged)".to_owned(),
            Some(Access::Scoped { owner, domain, autofill }) => {
                format!(
                    " access(scoped owner={} domain={domain} autofill={autofill})",
                    owner.as_ref().map_or("-".to_owned(), |o| format!("{}({})", o.arg, o.value.as_str()))
                )
            }
            Some(Access::Roles { roles, payload }) => format!(" access(roles={} payload={payload})", roles.join("|")),
        };
        let _ = writeln!(
            out,
            "  {}{args}: {}{boxed}{page}{resolved}{access}{}",
            names(&f.name),
            ty(&f.ty),
            deprecated(&f.deprecation)
        );
        if let Some(q) = &f.query {
            list_query(out, q);
        }
    }
}

/// `    query(filter order) name: Type column, ...`: a list field's filter and order names.
fn list_query(out: &mut String, q: &crate::ListQuery) {
    use crate::QueryStorage;
    let takes: Vec<&str> = [("filter", q.filter), ("order", q.order)].iter().filter(|t| t.1).map(|t| t.0).collect();
    let _ = writeln!(
        out,
        "    query({}) items={}{}",
        takes.join(" "),
        q.item_type,
        if q.record { "" } else { " (no record)" }
    );
    for f in &q.fields {
        let storage = match &f.storage {
            QueryStorage::Column(c) if *c == f.name => String::new(),
            QueryStorage::Column(c) => format!(" column={c}"),
            QueryStorage::Json { column, key } => format!(" json={column}->>{key}"),
            QueryStorage::Array(c) if *c == f.name => " array".to_owned(),
            QueryStorage::Array(c) => format!(" array={c}"),
        };
        let order = if f.order { "" } else { " no-order" };
        let member = f.member.map(|m| format!(" member={m}")).unwrap_or_default();
        let _ = writeln!(out, "      {}: {}{storage}{order}{member}", f.name, f.kind.graphql());
    }
}
