//! Python source fragments for the Django files: literals, lists and calls that break long
//! argument lists one per line, the way `makemigrations` writes them.

/// A Python string literal: `"it's"`, `"a\"b"`, `"line\n"` (one spelling for every Python exporter).
pub use crate::export::alembic::py::string;

/// A string literal for multi-line text: adjacent literals, one per line, in parentheses
/// (`("CREATE TABLE t (\n"\n "  id int\n"\n ")")`), so indenting the code never changes the text.
pub fn text(s: &str) -> String {
    if !s.contains('\n') {
        return string(s);
    }
    let parts: Vec<String> = s.split_inclusive('\n').map(string).collect();
    format!("(\n{}\n)", parts.iter().map(|p| format!("    {p}")).collect::<Vec<_>>().join("\n"))
}

/// `True` / `False`.
pub fn boolean(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A list of already-rendered items: `["a", "b"]`; long lists break one item per line.
pub fn list(items: &[String], indent: usize) -> String {
    let one = format!("[{}]", items.join(", "));
    if one.len() + indent <= 100 && !one.contains('\n') {
        return one;
    }
    let pad = " ".repeat(indent + 4);
    let body: String = items.iter().map(|i| format!("{pad}{},\n", reindent(i, indent + 4))).collect();
    format!("[\n{body}{}]", " ".repeat(indent))
}

/// A tuple: `("app", "0001_initial")`.
pub fn tuple(items: &[String]) -> String {
    if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
}

/// Shift the continuation lines of an already rendered multi-line fragment by `by` spaces.
fn reindent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_string();
    lines.fold(first, |acc, l| if l.is_empty() { format!("{acc}\n") } else { format!("{acc}\n{pad}{l}") })
}

/// A call `callee(arg, …, key=value, …)` built argument by argument. Arguments are Python
/// source rendered at indentation 0; [`Call::render`] indents them.
#[derive(Debug, Clone, Default)]
pub struct Call {
    callee: String,
    args: Vec<String>,
}

impl Call {
    /// `callee(`.
    pub fn new(callee: impl Into<String>) -> Self {
        Call { callee: callee.into(), args: Vec::new() }
    }

    /// The callee (`models.CharField`).
    pub fn callee(&self) -> &str {
        &self.callee
    }

    /// A positional argument (Python source).
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    /// `key=value` (Python source).
    pub fn kw(mut self, key: &str, value: impl Into<String>) -> Self {
        self.args.push(format!("{key}={}", value.into()));
        self
    }

    /// `key=value` when some.
    pub fn kw_opt(self, key: &str, value: Option<String>) -> Self {
        match value {
            Some(v) => self.kw(key, v),
            None => self,
        }
    }

    /// The call rendered at column `indent`: on one line when it fits, else one argument per line.
    pub fn render(&self, indent: usize) -> String {
        let one = format!("{}({})", self.callee, self.args.join(", "));
        if one.len() + indent <= 100 && !one.contains('\n') {
            return one;
        }
        let pad = " ".repeat(indent + 4);
        let args: String = self.args.iter().map(|a| format!("{pad}{},\n", reindent(a, indent + 4))).collect();
        format!("{}(\n{args}{})", self.callee, " ".repeat(indent))
    }
}

/// A valid Python identifier from `name` (`2fa` → `_2fa`, `class` → `class_`), or `name` itself.
pub fn identifier(name: &str) -> String {
    let mut s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("it's \"x\" \\ y\n"), "\"it's \\\"x\\\" \\\\ y\\n\"");
    }

    #[test]
    fn long_calls_break_and_nest() {
        let inner = Call::new("models.CharField").kw("max_length", "255");
        let c = Call::new("migrations.AddField").kw("model_name", string(&"m".repeat(60))).kw("field", inner.render(0));
        assert_eq!(
            c.render(8),
            format!(
                "migrations.AddField(\n            model_name=\"{}\",\n            field=models.CharField(max_length=255),\n        )",
                "m".repeat(60)
            )
        );
    }

    #[test]
    fn identifiers_are_valid_python() {
        assert_eq!(identifier("class"), "class_");
        assert_eq!(identifier("2fa"), "_2fa");
        assert_eq!(identifier("e-mail"), "e_mail");
    }
}
