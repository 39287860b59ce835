//! Running tree-sitter and the helpers every language's lowering shares:
//! spans, verbatim text, syntax-error diagnostics, escape decoding.

use tree_sitter::{Language as TsLanguage, Node as TsNode, Parser, Query, QueryCursor, StreamingIterator, Tree};

use super::Language;
use super::tree::{Node, NodeKind};
use crate::diagnostics::Diagnostic;
use crate::ir::{LineIndex, Span};

/// Deepest nesting lowered before a subtree is replaced by `Other("too deeply nested")`;
/// keeps hostile input from overflowing the stack.
pub(crate) const MAX_DEPTH: usize = 200;

/// The tree-sitter grammar of a language.
pub(crate) fn grammar(language: Language) -> TsLanguage {
    match language {
        Language::Python => tree_sitter_python::LANGUAGE.into(),
        Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
        Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    }
}

/// The query files under `grammars/<language>/`, as `(file name, source)`.
pub fn queries(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::Python => &[("errors.scm", include_str!("../../grammars/python/errors.scm"))],
        Language::Ruby => &[("errors.scm", include_str!("../../grammars/ruby/errors.scm"))],
        Language::TypeScript => &[("errors.scm", include_str!("../../grammars/typescript/errors.scm"))],
    }
}

/// Parse `text`; `None` only if tree-sitter gives up (it returns partial trees for broken input).
pub(crate) fn parse_tree(language: Language, text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&grammar(language)).ok()?;
    parser.parse(text, None)
}

/// What every lowering needs: the text, the file name, and line positions.
pub(crate) struct Ctx<'a> {
    /// The whole source.
    pub src: &'a str,
    /// File name used in spans.
    pub file: &'a str,
    lines: LineIndex,
    /// Current nesting depth (see [`MAX_DEPTH`]).
    pub depth: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a str, file: &'a str) -> Self {
        Ctx { src, file, lines: LineIndex::new(src), depth: 0 }
    }

    /// Span of a tree-sitter node: start position and inclusive end.
    pub fn span(&self, n: TsNode) -> Span {
        self.span_of(n.start_byte(), n.end_byte())
    }

    /// Span of a byte range.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        let (line, column) = self.lines.position(self.src, start);
        let mut last = end.max(start + 1).min(self.src.len()).saturating_sub(1).max(start);
        while last > start && !self.src.is_char_boundary(last) {
            last -= 1;
        }
        let (end_line, end_column) = self.lines.position(self.src, last.min(self.src.len()));
        Span::at(self.file, line, column).with_end(end_line, end_column)
    }

    /// Verbatim text of a node (empty if the range is not valid UTF-8 boundaries).
    pub fn text(&self, n: TsNode) -> &'a str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    /// A neutral node covering `n`.
    pub fn mk(&self, kind: NodeKind, n: TsNode) -> Node {
        Node::new(kind, self.span(n), n.byte_range())
    }

    /// Text of the child in `field`, if any.
    pub fn field_text(&self, n: TsNode, field: &str) -> Option<&'a str> {
        n.child_by_field_name(field).map(|c| self.text(c))
    }
}

/// Named children of `n`, skipping comments.
pub(crate) fn named(n: TsNode<'_>) -> Vec<TsNode<'_>> {
    let mut cursor = n.walk();
    n.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect()
}

/// All children (named or not) of `n`.
pub(crate) fn all(n: TsNode<'_>) -> Vec<TsNode<'_>> {
    let mut cursor = n.walk();
    n.children(&mut cursor).collect()
}

/// One `syntax-error` diagnostic per outermost ERROR region or missing token.
pub(crate) fn syntax_errors(language: Language, tree: &Tree, ctx: &Ctx) -> Vec<Diagnostic> {
    let lang = grammar(language);
    let Some((_, source)) = queries(language).iter().find(|(name, _)| *name == "errors.scm") else {
        return Vec::new();
    };
    let Ok(query) = Query::new(&lang, source) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, usize, bool, String)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&query, tree.root_node(), ctx.src.as_bytes());
    while let Some(m) = matches.next() {
        for cap in m.captures() {
            let n = cap.node;
            let missing = n.is_missing();
            let what = if missing { n.kind().to_string() } else { String::new() };
            found.push((n.start_byte(), n.end_byte(), missing, what));
        }
    }
    found.sort_by_key(|(s, e, _, _)| (*s, usize::MAX - *e));
    let mut out = Vec::new();
    let mut covered_until = 0usize;
    let mut last_start = None;
    for (start, end, missing, what) in found {
        if last_start.is_some() && (start < covered_until || Some(start) == last_start && !missing) {
            continue;
        }
        last_start = Some(start);
        covered_until = covered_until.max(end);
        let span = ctx.span_of(start, end);
        let message = if missing {
            format!("syntax error: missing `{what}`")
        } else {
            let snippet: String = ctx.src.get(start..end).unwrap_or("").chars().take(40).collect();
            format!("syntax error near `{}`", snippet.replace('\n', " ").trim())
        };
        out.push(
            Diagnostic::error("syntax-error", message)
                .at(span)
                .help("the rest of the file is still read; code in the broken region is kept as Opaque"),
        );
    }
    out
}

/// Decode backslash escapes shared by Python, Ruby double-quoted strings and JavaScript.
/// Unknown escapes keep their backslash; a backslash before a newline joins the lines.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' if !chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('\0'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            'e' => out.push('\x1b'),
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            'x' => hex_escape(&mut chars, 2, &mut out, "\\x"),
            'u' if chars.peek() == Some(&'{') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&format!("\\u{{{hex}}}")),
                }
            }
            'u' => hex_escape(&mut chars, 4, &mut out, "\\u"),
            'U' => hex_escape(&mut chars, 8, &mut out, "\\U"),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            '\\' | '\'' | '"' | '`' | '$' | '#' | '{' | '}' | '/' | ' ' => out.push(e),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

fn hex_escape(chars: &mut std::iter::Peekable<std::str::Chars>, n: usize, out: &mut String, prefix: &str) {
    let mut hex = String::new();
    while hex.len() < n {
        match chars.peek() {
            Some(c) if c.is_ascii_hexdigit() => {
                hex.push(*c);
                chars.next();
            }
            _ => break,
        }
    }
    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
        Some(ch) if hex.len() == n => out.push(ch),
        _ => {
            out.push_str(prefix);
            out.push_str(&hex);
        }
    }
}

/// Remove the common leading whitespace of all non-blank lines (Python
/// `textwrap.dedent`, Ruby `<<~`).
pub fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push_str(line.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(line.get(indent..).unwrap_or(line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_compiles() {
        for language in [Language::Python, Language::Ruby, Language::TypeScript] {
            for (name, source) in queries(language) {
                if let Err(e) = Query::new(&grammar(language), source) {
                    panic!("grammars/{}/{name}: {e}", language.as_str());
                }
            }
            // every .scm file on disk is registered in `queries`
            let dir = format!("{}/grammars/{}", env!("CARGO_MANIFEST_DIR"), language.as_str());
            for entry in std::fs::read_dir(&dir).expect("grammar dir") {
                let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
                if name.ends_with(".scm") {
                    assert!(queries(language).iter().any(|(n, _)| *n == name), "{dir}/{name} is not registered");
                }
            }
        }
    }

    #[test]
    fn unescape_handles_common_escapes() {
        assert_eq!(unescape(r"a\nb\t\\\'\x41\u00e9\101"), "a\nb\t\\'AéA");
        assert_eq!(unescape(r"\d\u{1F600}"), "\\d😀");
        assert_eq!(unescape("a\\\nb"), "ab");
        assert_eq!(unescape("\\"), "\\");
        assert_eq!(unescape(r"\xZ"), "\\xZ");
    }

    #[test]
    fn dedent_strips_common_indentation() {
        assert_eq!(dedent("\n    a\n      b\n\n    c\n"), "\na\n  b\n\nc\n");
        assert_eq!(dedent("x"), "x");
    }

    #[test]
    fn spans_are_one_based_with_inclusive_end() {
        let ctx = Ctx::new("ab\ncdé", "f.py");
        let s = ctx.span_of(3, 7);
        assert_eq!((s.line, s.column, s.end_line, s.end_column), (2, 1, Some(2), Some(3)));
    }
}
