//! Parsing one large SDL file on several cores.
//!
//! apollo-parser parses a file on one thread, and on a schema of a megabyte
//! that is most of the time before lowering. A large file is therefore cut
//! between top-level definitions into parts parsed in parallel, each as a
//! document of its own. So that every location stays what it is in the file,
//! a part is parsed with everything before it blanked out: each byte before
//! the part becomes a space, except newlines, so lines and columns (and
//! byte offsets) are the file's own. The parts' definitions, taken in order,
//! are the file's.
//!
//! Cuts are made only at a line that starts, outside any brace, parenthesis,
//! bracket, string or comment, with a definition keyword (or with the string
//! that describes the next definition), and not right after a description.
//! A cut that still lands inside a definition leaves a part that does not
//! parse; whenever a part has errors, or the schema built from the parts does
//! not validate, `parse_schema` starts again from the whole files, so every
//! diagnostic is exactly the one the whole file gives.

/// Files shorter than this are parsed whole.
pub(crate) const MIN_SPLIT: usize = 128 * 1024;

/// Words that begin a top-level type system definition.
const KEYWORDS: &[&str] = &["type", "input", "enum", "interface", "union", "scalar", "directive", "schema", "extend"];

/// Byte offsets (line starts) at which `text` can be cut into about `parts`
/// parts of similar size; fewer when there are not enough places to cut.
pub(crate) fn cuts(text: &str, parts: usize) -> Vec<usize> {
    if parts < 2 || text.len() < MIN_SPLIT {
        return Vec::new();
    }
    // No place past the first one at or after the last target is needed.
    let places = places(text, text.len() * (parts - 1) / parts);
    let mut cuts = Vec::new();
    for j in 1..parts {
        let target = text.len() * j / parts;
        // The first place at or after the target.
        let i = places.partition_point(|&p| p < target);
        if let Some(&p) = places.get(i)
            && cuts.last().is_none_or(|&last| p > last)
        {
            cuts.push(p);
        }
    }
    cuts
}

/// Every line start where a top-level definition (or its description)
/// begins, up to the first one at or after `until`.
fn places(text: &str, until: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut places = Vec::new();
    let mut depth = 0usize;
    // The last thing seen at depth 0 was a description string.
    let mut after_description = false;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start && depth == 0 && i > 0 {
            let rest = &text[i..];
            let keyword = KEYWORDS.iter().any(|k| {
                rest.strip_prefix(k).is_some_and(|after| after.starts_with([' ', '\t', '\n', '\r', '{', '@']))
            });
            if (keyword && !after_description) || b == b'"' {
                places.push(i);
                if i >= until {
                    break;
                }
            }
        }
        line_start = false;
        match b {
            b'\n' => line_start = true,
            b'#' => {
                // A comment runs to the end of the line.
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    if bytes[i..].starts_with(b"\\\"\"\"") {
                        i += 4;
                    } else {
                        i += 1;
                    }
                }
                i += 3;
                after_description = depth == 0;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                after_description = depth == 0;
                continue;
            }
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',') {
            after_description = false;
        }
        i += 1;
    }
    places
}

/// The parts of `text` cut at `cuts`, each with what precedes it blanked out.
pub(crate) fn parts(text: &str, cuts: &[usize]) -> Vec<String> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(text.len());
    bounds
        .windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let mut part = Vec::with_capacity(end);
            part.extend(text[..start].bytes().map(|b| if b == b'\n' { b'\n' } else { b' ' }));
            part.extend_from_slice(&text.as_bytes()[start..end]);
            String::from_utf8(part).expect("spaces, newlines and the text from a line start")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sdl(n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!(
                "\"\"\"\nType {i}: \"quoted\", {{ braces }}\ntype in a description\n\"\"\"\ntype T{i} @key(fields: \"id\") {{\n  \"a field\"\n  id: ID # type X\n  f(a: [Int] = [1], s: String = \"type Y {{\"): Int\n}}\nunion U{i} =\n  | T{i}\nenum E{i} {{ A B }}\n"
            ));
        }
        s
    }

    #[test]
    fn cuts_fall_between_definitions_and_keep_every_offset() {
        let text = sdl(2000);
        let cuts = cuts(&text, 4);
        assert_eq!(cuts.len(), 3);
        for &c in &cuts {
            // At a line start, before a description or a definition without one, never between them.
            assert_eq!(&text[c - 1..c], "\n");
            let at = &text[c..];
            assert!(
                at.starts_with("\"\"\"\nType ") || at.starts_with("union ") || at.starts_with("enum "),
                "{:?}",
                &at[..20]
            );
        }
        let parts = parts(&text, &cuts);
        assert_eq!(parts.len(), 4);
        let mut joined = String::new();
        let mut start = 0;
        for (part, end) in parts.iter().zip(cuts.iter().copied().chain([text.len()])) {
            assert_eq!(part.len(), end);
            assert!(part[..start].bytes().all(|b| b == b' ' || b == b'\n'));
            assert_eq!(part[..start].matches('\n').count(), text[..start].matches('\n').count());
            joined.push_str(&part[start..]);
            start = end;
        }
        assert_eq!(joined, text);
    }

    #[test]
    fn small_files_and_files_without_places_are_not_cut() {
        assert!(cuts(&sdl(10), 4).is_empty());
        let one_line = format!("type T {{ {} }}", "f: Int ".repeat(40_000));
        assert!(cuts(&one_line, 4).is_empty());
    }
}
