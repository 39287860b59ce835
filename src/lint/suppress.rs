//! Suppression in the source's own comment syntax, read from the file the finding's span names.
//!
//! - `-- polymig:allow rule-a, rule-b` (SQL), `# polymig:allow rule` (Python, Ruby),
//!   `// polymig:allow rule` (TypeScript) on the operation's lines or the line just above;
//! - the same comment in the file's header (the leading block of comments, blank lines and a
//!   Python docstring) silences the rule for the whole migration file;
//! - `polymig:allow all` silences every rule; `polymig:safety-assured` is a synonym of `allow`;
//! - an operation inside a block opened by a configured helper (`safety_assured do … end`,
//!   `with safety_assured():`) is silenced whole (found by indentation).

use std::collections::HashMap;

use super::Finding;

const MARKERS: [&str; 2] = ["polymig:allow", "polymig:safety-assured"];

/// A source file split into lines, with the length of its header.
struct Source {
    lines: Vec<String>,
    header: usize,
}

/// Decides whether a finding is silenced; caches the files it reads.
pub struct Suppressor {
    helpers: Vec<String>,
    files: HashMap<String, Option<Source>>,
}

/// Rule ids named by a directive on `line`, if it holds one inside a comment.
pub fn directive(line: &str) -> Option<Vec<String>> {
    let (pos, marker) = MARKERS.iter().find_map(|m| line.find(m).map(|p| (p, *m)))?;
    let before = &line[..pos];
    if !["--", "#", "//", "/*"].iter().any(|c| before.contains(c)) {
        return None;
    }
    let ids = line[pos + marker.len()..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .map(str::to_string)
        .collect();
    Some(ids)
}

fn names(ids: &[String], rule: &str) -> bool {
    ids.iter().any(|i| i == rule || i == "all")
}

fn header_len(lines: &[String]) -> usize {
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() || ["--", "#", "//", "/*", "*"].iter().any(|c| t.starts_with(c)) {
            i += 1;
        } else if let Some(q) = ["\"\"\"", "'''"].iter().find(|q| t.starts_with(**q)) {
            let closes_here = t.len() >= 6 && t[3..].contains(q);
            i += 1;
            if !closes_here {
                while i < lines.len() && !lines[i].contains(q) {
                    i += 1;
                }
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

impl Suppressor {
    /// A suppressor honouring these block helpers.
    pub fn new(helpers: &[String]) -> Self {
        Suppressor { helpers: helpers.to_vec(), files: HashMap::new() }
    }

    fn source(&mut self, file: &str) -> Option<&Source> {
        self.files
            .entry(file.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(file).ok()?;
                let lines: Vec<String> = text.lines().map(str::to_string).collect();
                let header = header_len(&lines);
                Some(Source { lines, header })
            })
            .as_ref()
    }

    /// True when a comment or a helper block silences `f`.
    pub fn allows(&mut self, f: &Finding) -> bool {
        let helpers = self.helpers.clone();
        let Some(src) = self.source(&f.span.file) else { return false };
        let line = f.span.line as usize;
        if line == 0 || line > src.lines.len() {
            return false;
        }
        let end = (f.span.end_line.unwrap_or(f.span.line) as usize).clamp(line, src.lines.len());
        let near = (line.saturating_sub(1).max(1)..=end).chain(1..=src.header);
        for n in near {
            if directive(&src.lines[n - 1]).is_some_and(|ids| names(&ids, f.rule)) {
                return true;
            }
        }
        let mut level = indent(&src.lines[line - 1]);
        if helpers.iter().any(|h| src.lines[line - 1].contains(h.as_str())) {
            return true;
        }
        for l in src.lines[..line - 1].iter().rev() {
            if l.trim().is_empty() || indent(l) >= level {
                continue;
            }
            level = indent(l);
            if helpers.iter().any(|h| l.contains(h.as_str())) {
                return true;
            }
            if level == 0 {
                break;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_every_comment_syntax() {
        assert_eq!(directive("-- polymig:allow rename-column, drop-table-in-use").unwrap().len(), 2);
        assert_eq!(directive("  op.drop_column('t', 'c')  # polymig:allow drop-column-in-use").unwrap().len(), 1);
        assert_eq!(directive("// polymig:safety-assured all — reviewed").unwrap(), ["all"]);
        assert!(directive("x = 'polymig:allow rename-column'").is_none());
    }

    #[test]
    fn header_covers_comments_and_docstring() {
        let lines: Vec<String> =
            ["\"\"\"doc", "Revision ID: 1", "\"\"\"", "# polymig:allow x", "from alembic import op", "# later"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert_eq!(header_len(&lines), 4);
        assert_eq!(header_len(&["-- a".to_string(), "CREATE TABLE t ();".to_string()]), 1);
    }

    fn finding(file: &str, line: u32, rule: &'static str) -> Finding {
        Finding {
            rule,
            severity: crate::diagnostics::Severity::Error,
            message: String::new(),
            help: String::new(),
            span: crate::ir::Span::at(file, line, 5),
            migration: "1".into(),
        }
    }

    #[test]
    fn safety_assured_blocks_silence_their_body_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("20240101_m.rb");
        std::fs::write(
            &path,
            "class M < ActiveRecord::Migration[7.1]\n  def change\n    safety_assured do\n      \
             remove_column :users, :name\n    end\n    remove_column :users, :age\n  end\nend\n",
        )
        .unwrap();
        let file = path.to_string_lossy().to_string();
        let mut s = Suppressor::new(&["safety_assured".to_string()]);
        assert!(s.allows(&finding(&file, 4, "drop-column-in-use")));
        assert!(!s.allows(&finding(&file, 6, "drop-column-in-use")));
        let mut none = Suppressor::new(&[]);
        assert!(!none.allows(&finding(&file, 4, "drop-column-in-use")));
    }
}
