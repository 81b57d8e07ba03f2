//! `admin-codegen scaffold --update`: appends the methods a schema change
//! added to the impls of an existing resolver module without touching
//! anything else, and lists the methods the schema no longer has.
//!
//! It parses the user's file with `syn` and needs line/column spans
//! (`proc-macro2`'s `span-locations`), which is why it lives here and not in
//! `admin-codegen-build`, the crate every build script compiles.
//! Everything here works on strings; the caller reads and writes the file.

use admin_codegen_build::Diagnostic;
use admin_codegen_build::scaffold::{ScaffoldOptions, TraitScaffold};
use admin_codegen_parser::Location;
use syn::spanned::Spanned;

/// What `--update` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// The updated file text.
    pub text: String,
    /// `Type.field` of every method added.
    pub added: Vec<String>,
    /// Traits whose whole impl was appended.
    pub added_impls: Vec<String>,
    /// Methods and impls the schema no longer has (left in place), as warnings.
    pub stale: Vec<Diagnostic>,
}

struct ExistingImpl {
    trait_name: String,
    self_ty: String,
    methods: Vec<(String, proc_macro2::LineColumn)>,
    line: proc_macro2::LineColumn,
    close: proc_macro2::LineColumn,
}

/// Updates an existing resolver module (`path` names it in diagnostics): for
/// each resolver trait, missing methods are inserted before the closing brace
/// of its impl, and a missing impl is appended for the type the other impls
/// are for (else `options.struct_name`). Nothing else changes.
pub fn update(
    existing: &str,
    path: &str,
    traits: &[TraitScaffold],
    options: &ScaffoldOptions,
) -> Result<Update, Vec<Diagnostic>> {
    let file = syn::parse_file(existing).map_err(|e| {
        let start = e.span().start();
        let offset = offset_of(existing, start);
        vec![
            Diagnostic::error(format!("cannot update `{path}`: it does not parse as Rust: {e}"))
                .at(Some(Location::from_offsets(path, existing, offset, offset))),
        ]
    })?;
    let impls: Vec<ExistingImpl> = file.items.iter().filter_map(existing_impl).collect();
    let known = |name: &str| traits.iter().any(|t| t.name == name);
    let self_ty =
        impls.iter().find(|i| known(&i.trait_name)).map_or_else(|| options.struct_name.clone(), |i| i.self_ty.clone());
    let mut out = Update::default();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut appended = String::new();
    for t in traits {
        match impls.iter().find(|i| i.trait_name == t.name) {
            Some(imp) => {
                let missing: Vec<_> =
                    t.methods.iter().filter(|m| !imp.methods.iter().any(|(n, _)| *n == m.name)).collect();
                if missing.is_empty() {
                    continue;
                }
                let close = offset_of(existing, imp.close);
                let line_start = existing[..close].rfind('\n').map_or(0, |i| i + 1);
                let alone = existing[line_start..close].trim().is_empty();
                let mut text = String::new();
                for m in &missing {
                    // A blank line between methods, as the scaffold writes them.
                    text.push('\n');
                    text.push_str(&m.text);
                    out.added.push(m.field.clone());
                }
                let text = if imp.methods.is_empty() { text.trim_start_matches('\n').to_owned() } else { text };
                if alone {
                    inserts.push((line_start, text));
                } else {
                    inserts.push((close, format!("\n{text}")));
                }
            }
            None => {
                appended.push('\n');
                appended.push_str(&t.impl_block(&self_ty));
                out.added_impls.push(t.name.clone());
                out.added.extend(t.methods.iter().map(|m| m.field.clone()));
            }
        }
    }
    out.stale = stale(existing, path, &impls, traits);
    out.text = splice(existing, inserts, &appended);
    Ok(out)
}

/// The methods and impls of the module that the schema no longer has, as
/// located warnings (they are left in place).
fn stale(existing: &str, path: &str, impls: &[ExistingImpl], traits: &[TraitScaffold]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for imp in impls {
        match traits.iter().find(|t| t.name == imp.trait_name) {
            Some(t) => {
                for (name, at) in &imp.methods {
                    if !t.methods.iter().any(|m| m.name == *name) {
                        let offset = offset_of(existing, *at);
                        out.push(
                            Diagnostic::warning(format!(
                                "`{}::{name}` is no longer in the schema; remove it (left as it is)",
                                imp.trait_name
                            ))
                            .at(Some(Location::from_offsets(
                                path,
                                existing,
                                offset,
                                offset + name.len(),
                            ))),
                        );
                    }
                }
            }
            None if admin_codegen_ir::ResolverTrait::is_trait_name(&imp.trait_name) => {
                let offset = offset_of(existing, imp.line);
                out.push(
                    Diagnostic::warning(format!(
                        "the schema no longer has a resolver trait `{}`; remove this impl (left as it is)",
                        imp.trait_name
                    ))
                    .at(Some(Location::from_offsets(path, existing, offset, offset + 4))),
                );
            }
            None => {}
        }
    }
    out
}

/// The text with each insert at its offset (from the end, so offsets hold)
/// and the appended impls at the end.
fn splice(existing: &str, mut inserts: Vec<(usize, String)>, appended: &str) -> String {
    let mut text = existing.to_owned();
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, insert) in inserts {
        text.insert_str(at, &insert);
    }
    if !appended.is_empty() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(appended);
    }
    text
}

fn existing_impl(item: &syn::Item) -> Option<ExistingImpl> {
    let syn::Item::Impl(imp) = item else { return None };
    let (path, _) = imp.trait_.as_ref()?;
    let trait_name = path.segments.last()?.ident.to_string();
    let self_ty = match imp.self_ty.as_ref() {
        syn::Type::Path(p) => p.path.segments.last()?.ident.to_string(),
        _ => return None,
    };
    let methods = imp
        .items
        .iter()
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some((f.sig.ident.to_string(), f.sig.ident.span().start())),
            _ => None,
        })
        .collect();
    Some(ExistingImpl {
        trait_name,
        self_ty,
        methods,
        line: imp.impl_token.span().start(),
        close: imp.brace_token.span.close().start(),
    })
}

/// The byte offset of a span position (1-based line, 0-based column in chars).
fn offset_of(text: &str, at: proc_macro2::LineColumn) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == at.line {
            return offset + line.char_indices().nth(at.column).map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}
