//! Rustdoc from SDL descriptions.

use quote::quote;

use crate::syntax;

/// `#[doc]` attributes for a description plus extra paragraphs.
///
/// Descriptions are Markdown written for GraphQL tools, not for rustdoc:
/// untagged code fences are marked `text` and leading indentation is removed,
/// so nothing in a description becomes a doctest.
pub(crate) fn doc_attrs(description: Option<&str>, extra: &[String]) -> Vec<syn::Attribute> {
    doc_lines(description, extra).iter().map(|l| syntax::doc(l)).collect()
}

/// The values of [`doc_attrs`]' attributes: each line with its leading space, or empty.
pub(crate) fn doc_lines(description: Option<&str>, extra: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(d) = description {
        let mut in_fence = false;
        for line in d.trim().lines() {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("```") {
                in_fence = !in_fence;
                lines.push(if in_fence && rest.trim().is_empty() { "```text".into() } else { trimmed.into() });
            } else if in_fence {
                lines.push(line.trim_end().into());
            } else {
                lines.push(trimmed.trim_end().into());
            }
        }
        if in_fence {
            lines.push("```".into());
        }
    }
    for paragraph in extra {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(paragraph.clone());
    }
    for l in &mut lines {
        if !l.is_empty() {
            l.insert(0, ' ');
        }
    }
    lines
}

/// A `#[deprecated]` attribute for a deprecation reason.
pub(crate) fn deprecated(reason: Option<&str>) -> Option<syn::Attribute> {
    reason.map(|note| syntax::list_attr("deprecated", quote!(note = #note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let attrs = doc_attrs(Some("Example:\n\n    indented\n```\ncode\n```"), &["Default: `1`".into()]);
        let s = quote!(#(#attrs)*).to_string();
        assert!(s.contains("\" ```text\""), "{s}");
        assert!(s.contains("\" indented\""), "{s}");
        assert!(s.contains("\" Default: `1`\""), "{s}");
    }
}
