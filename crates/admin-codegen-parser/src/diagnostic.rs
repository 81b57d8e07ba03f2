//! Located diagnostics shared by every layer of admin-codegen.
//!
//! Every error or warning a user sees is a [`Diagnostic`]: a message plus,
//! where the problem has a place, a [`Location`] that already carries the
//! file, line, column and the text of the offending line. Resolving the
//! location when the diagnostic is created keeps rendering free of any source
//! lookups, so the build layer can print diagnostics from the parser, the IR
//! and the config file the same way.

use std::fmt::Write as _;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot continue.
    Error,
    /// Generation continues; the input breaks a convention or loses information.
    Warning,
    /// Information shown in verbose output only.
    Note,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a source file, resolved to line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path of the file as the user named it.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole source line, without its line break.
    pub line_text: String,
    /// How many characters of the line the caret underlines (at least 1).
    pub width: usize,
}

impl Location {
    /// Resolves a byte range of `text` (a file named `path`) to a location.
    ///
    /// Offsets past the end or inside a UTF-8 sequence are clamped, never a panic.
    pub fn from_offsets(path: &str, text: &str, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Location { path: path.to_owned(), line, column, line_text: line_text.to_owned(), width }
    }

    /// Like [`Location::from_offsets`], using a precomputed [`LineIndex`] of `text`.
    pub fn from_index(path: &str, text: &str, index: &LineIndex, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line0 = index.starts.partition_point(|&s| s <= start) - 1;
        let line_start = index.starts[line0];
        let line_end = index.starts.get(line0 + 1).map_or(text.len(), |&next| next - 1);
        Location {
            path: path.to_owned(),
            line: line0 + 1,
            column: text[line_start..start].chars().count() + 1,
            line_text: text[line_start..line_end].trim_end_matches('\r').to_owned(),
            width: text[start..end.min(line_end)].chars().count().max(1),
        }
    }
}

/// The byte offsets at which the lines of a text start, for fast lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem (or note) found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The one-line summary.
    pub message: String,
    /// Where it is, when it has a place.
    pub location: Option<Location>,
    /// Text shown under the caret.
    pub label: Option<String>,
    /// Other places that explain this one ("first defined here").
    pub related: Vec<(Location, String)>,
    /// Trailing `= note:` lines.
    pub notes: Vec<String>,
    /// A trailing `= help:` line.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error without a location.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message)
    }

    /// A new warning without a location.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message)
    }

    /// A new note without a location.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            location: None,
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// Sets the primary location.
    #[must_use]
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Sets the text under the caret.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn with_related(mut self, location: Option<Location>, label: impl Into<String>) -> Diagnostic {
        if let Some(location) = location {
            self.related.push((location, label.into()));
        }
        self
    }

    /// Adds a note line.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way the CLI prints it.
    ///
    /// ```text
    /// error: cannot find type `Usr` in this document
    ///   --> schema/admin.graphql:12:9
    ///    |
    /// 12 |   user: Usr
    ///    |         ^^^ not found in this scope
    /// ```
    pub fn render(&self, color: bool) -> String {
        let style = Style { color };
        let mut out = String::new();
        let head = match self.severity {
            Severity::Error => style.red_bold(self.severity.word()),
            Severity::Warning => style.yellow_bold(self.severity.word()),
            Severity::Note => style.bold(self.severity.word()),
        };
        let _ = writeln!(out, "{head}{}", style.bold(&format!(": {}", self.message)));
        let gutter = std::iter::once(&self.location)
            .flatten()
            .chain(self.related.iter().map(|(l, _)| l))
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(0);
        if let Some(loc) = &self.location {
            render_snippet(&mut out, &style, gutter, loc, self.label.as_deref(), '^');
        }
        for (loc, label) in &self.related {
            render_snippet(&mut out, &style, gutter, loc, Some(label), '-');
        }
        let pad = " ".repeat(gutter);
        for note in &self.notes {
            let _ = writeln!(out, "{pad} = {}: {note}", style.bold("note"));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = {}: {help}", style.bold("help"));
        }
        out
    }
}

fn render_snippet(out: &mut String, style: &Style, gutter: usize, loc: &Location, label: Option<&str>, mark: char) {
    let pad = " ".repeat(gutter);
    let bar = style.blue("|");
    let _ = writeln!(out, "{pad}{} {}:{}:{}", style.blue("-->"), loc.path, loc.line, loc.column);
    let _ = writeln!(out, "{pad} {bar}");
    let line_text = loc.line_text.replace('\t', " ");
    let _ = writeln!(out, "{} {bar} {line_text}", style.blue(&format!("{:>gutter$}", loc.line)));
    let lead = " ".repeat(loc.column.saturating_sub(1));
    let marks: String = std::iter::repeat_n(mark, loc.width).collect();
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    let underline = format!("{marks}{label}");
    let underline = if mark == '^' { style.red_bold(&underline) } else { style.blue(&underline) };
    let _ = writeln!(out, "{pad} {bar} {lead}{underline}");
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_owned() }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red_bold(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    fn yellow_bold(&self, s: &str) -> String {
        self.paint("1;33", s)
    }
    fn blue(&self, s: &str) -> String {
        self.paint("1;34", s)
    }
}

/// Renders a list of diagnostics, separated by blank lines, followed by a
/// summary line when any of them is an error or warning.
pub fn render_all<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, color: bool) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for d in diagnostics {
        out.push_str(&d.render(color));
        out.push('\n');
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            _ => {}
        }
    }
    let plural = |n: usize, w: &str| if n == 1 { format!("1 {w}") } else { format!("{n} {w}s") };
    match (errors, warnings) {
        (0, 0) => {}
        (0, w) => {
            let _ = writeln!(out, "{}", plural(w, "warning"));
        }
        (e, 0) => {
            let _ = writeln!(out, "{}", plural(e, "error"));
        }
        (e, w) => {
            let _ = writeln!(out, "{}, {}", plural(e, "error"), plural(w, "warning"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "type A {\n  é: Strng\n}\n";
        let start = text.find("Strng").unwrap();
        let loc = Location::from_offsets("a.graphql", text, start, start + 5);
        assert_eq!((loc.line, loc.column, loc.width), (2, 6, 5));
        assert_eq!(loc.line_text, "  é: Strng");
    }

    #[test]
    fn index_agrees_with_scanning() {
        let text = "a\r\nbé c\n\nlast";
        let index = LineIndex::new(text);
        for start in 0..=text.len() {
            for end in [start, start + 2, text.len()] {
                assert_eq!(
                    Location::from_index("f", text, &index, start, end),
                    Location::from_offsets("f", text, start, end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn location_clamps_bad_offsets() {
        let loc = Location::from_offsets("a", "é", 1, 99);
        assert_eq!((loc.line, loc.column), (1, 1));
    }

    #[test]
    fn render_without_color_has_no_escapes() {
        let text = "type Query { a: Strng }";
        let s = text.find("Strng").unwrap();
        let d = Diagnostic::error("cannot find type `Strng`")
            .at(Some(Location::from_offsets("q.graphql", text, s, s + 5)))
            .with_label("not defined")
            .with_help("did you mean `String`?");
        let out = d.render(false);
        assert!(!out.contains('\x1b'));
        assert!(out.contains("q.graphql:1:17"), "{out}");
        assert!(out.contains("^^^^^ not defined"), "{out}");
        assert!(d.render(true).contains('\x1b'));
    }
}
