//! Ruby source fragments: string and symbol literals, hashes and method calls without parentheses
//! (`add_index :users, :email, unique: true`), the way Rails migrations are written.

/// A Ruby double-quoted string literal: `"it's"`, `"a\"b"`, `"\#{x}"` (interpolation escaped).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '#' if matches!(chars.peek(), Some('{' | '@' | '$')) => out.push_str("\\#"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A name as a symbol when it is a plain identifier (`:users`), else as a string (`"Users"`,
/// `"order items"`): Rails accepts both for table, column and index names.
pub fn name(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain { format!(":{s}") } else { string(s) }
}

/// `[:a, :b]`, or the single name itself when there is one.
pub fn names(items: &[String]) -> String {
    match items {
        [one] => name(one),
        many => format!("[{}]", many.iter().map(|s| name(s)).collect::<Vec<_>>().join(", ")),
    }
}

/// `[:a, :b]` always as an array.
pub fn name_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| name(s)).collect::<Vec<_>>().join(", "))
}

/// A hash key: `unique:` or `"Mixed Case":` (the key of `order: { title: :desc }`).
pub fn key(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { format!("{s}:") } else { format!("{}:", string(s)) }
}

/// `{ a: 1, b: 2 }`.
pub fn hash(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "{}".into();
    }
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{} {v}", key(k))).collect();
    format!("{{ {} }}", inner.join(", "))
}

/// A method call written without parentheses: `add_index :users, :email, unique: true`.
#[derive(Debug, Clone, Default)]
pub struct Call {
    method: String,
    args: Vec<String>,
}

impl Call {
    /// `method`.
    pub fn new(method: impl Into<String>) -> Self {
        Call { method: method.into(), args: Vec::new() }
    }

    /// A positional argument (already Ruby source).
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    /// A table, column or index name argument (`:users`).
    pub fn name(self, s: &str) -> Self {
        self.arg(name(s))
    }

    /// A string argument.
    pub fn str(self, s: &str) -> Self {
        self.arg(string(s))
    }

    /// `key: value` (value already Ruby source).
    pub fn kw(mut self, k: &str, value: impl Into<String>) -> Self {
        self.args.push(format!("{} {}", key(k), value.into()));
        self
    }

    /// `key: value` when `value` is some.
    pub fn kw_opt(self, k: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.kw(k, v),
            None => self,
        }
    }

    /// `key: "value"` when `value` is some.
    pub fn kw_str(self, k: &str, value: Option<&str>) -> Self {
        self.kw_opt(k, value.map(string))
    }

    /// `key: true` when `flag` is set.
    pub fn flag(self, k: &str, flag: bool) -> Self {
        if flag { self.kw(k, "true") } else { self }
    }

    /// `key: false` when `flag` is set (`validate: false`).
    pub fn flag_false(self, k: &str, flag: bool) -> Self {
        if flag { self.kw(k, "false") } else { self }
    }

    /// The arguments so far (Ruby source).
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// The call on one line.
    pub fn line(&self) -> String {
        if self.args.is_empty() { self.method.clone() } else { format!("{} {}", self.method, self.args.join(", ")) }
    }

    /// The call followed by a block: `create_table :users do |t|`.
    pub fn with_block(&self, param: &str) -> String {
        format!("{} do |{param}|", self.line())
    }
}

/// A heredoc `<<~SQL` holding `text`, indented by `indent` spaces; the quoted form `<<~'SQL'`
/// when the text holds `\` or `#{` (which a plain heredoc would interpret), and another
/// terminator when a line of the text is `SQL`.
pub fn heredoc(text: &str, indent: usize) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.trim_matches('\n').lines().map(str::trim_end).collect();
    let mut tag = "SQL".to_string();
    while lines.iter().any(|l| l.trim() == tag) {
        tag.push('_');
    }
    let raw = text.contains('\\') || text.contains("#{") || text.contains("#@") || text.contains("#$");
    let opener = if raw { format!("<<~'{tag}'") } else { format!("<<~{tag}") };
    // `<<~` strips the common indentation, so the body keeps its own relative indentation.
    let margin = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
    let margin = margin.unwrap_or(0);
    let pad = " ".repeat(indent + 2);
    let mut body: Vec<String> = lines
        .iter()
        .map(|l| if l.trim().is_empty() { String::new() } else { format!("{pad}{}", &l[margin..]) })
        .collect();
    body.push(format!("{}{tag}", " ".repeat(indent)));
    (opener, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(string(r#"it's "x" \ #{y}"#), r#""it's \"x\" \\ \#{y}""#);
        assert_eq!(name("users"), ":users");
        assert_eq!(name("Users"), "\"Users\"");
        assert_eq!(names(&["a".into(), "b".into()]), "[:a, :b]");
        assert_eq!(hash(&[("on_delete".into(), ":cascade".into())]), "{ on_delete: :cascade }");
        let c = Call::new("add_index").name("users").name("email").flag("unique", true);
        assert_eq!(c.line(), "add_index :users, :email, unique: true");
    }

    #[test]
    fn heredocs_quote_when_needed() {
        let (open, body) = heredoc("UPDATE t SET a = 1", 4);
        assert_eq!(open, "<<~SQL");
        assert_eq!(body, vec!["      UPDATE t SET a = 1".to_string(), "    SQL".to_string()]);
        assert_eq!(heredoc("SELECT '\\n'", 0).0, "<<~'SQL'");
        assert_eq!(heredoc("SELECT 1\nSQL\n", 0).0, "<<~SQL_");
    }
}
