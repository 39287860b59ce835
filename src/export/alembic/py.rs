//! Python source fragments: string literals, lists and keyword arguments.

/// A Python string literal for `s`: `"it's"`, `"a\"b"`, `"line\n"`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`.
pub fn str_list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| string(s.as_ref())).collect::<Vec<_>>().join(", "))
}

/// `None`, `"a"` or `("a", "b")`: how Alembic spells `down_revision`, `branch_labels` and `depends_on`.
pub fn one_or_tuple<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => "None".to_string(),
        [one] => string(one.as_ref()),
        many => format!("({})", many.iter().map(|p| string(p.as_ref())).collect::<Vec<_>>().join(", ")),
    }
}

/// `True` / `False`.
pub fn bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A call `callee(arg, …, key=value, …)` built argument by argument.
#[derive(Debug, Default)]
pub struct Call {
    callee: String,
    args: Vec<String>,
}

impl Call {
    /// `callee(`.
    pub fn new(callee: impl Into<String>) -> Self {
        Call { callee: callee.into(), args: Vec::new() }
    }

    /// A positional argument (already Python source).
    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    /// A string positional argument.
    pub fn str(self, s: &str) -> Self {
        self.arg(string(s))
    }

    /// `key=value` (value already Python source).
    pub fn kw(mut self, key: &str, value: impl Into<String>) -> Self {
        self.args.push(format!("{key}={}", value.into()));
        self
    }

    /// `key=value` when `value` is some.
    pub fn kw_opt(self, key: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.kw(key, v),
            None => self,
        }
    }

    /// `key="value"` when `value` is some.
    pub fn kw_str(self, key: &str, value: Option<&str>) -> Self {
        self.kw_opt(key, value.map(string))
    }

    /// `key=True` when `flag` is set.
    pub fn flag(self, key: &str, flag: bool) -> Self {
        if flag { self.kw(key, "True") } else { self }
    }

    /// The same call on `batch_op` inside `batch_alter_table`: `op.x(…)` → `batch_op.x(…)`
    /// without the positional table argument at `table_arg` and without `schema=`/`source_schema=`.
    pub fn into_batch(mut self, table_arg: usize) -> Self {
        if let Some(rest) = self.callee.strip_prefix("op.") {
            self.callee = format!("batch_op.{rest}");
        }
        if table_arg < self.args.len() {
            self.args.remove(table_arg);
        }
        self.args.retain(|a| !a.starts_with("schema=") && !a.starts_with("source_schema="));
        self
    }

    /// The same arguments for another callee, with `arg` inserted at `at`
    /// (`op.create_table("t", …)` → `sa.Table("t", sa.MetaData(), …)`).
    pub fn recalled(mut self, callee: &str, at: usize, arg: &str) -> Self {
        self.callee = callee.to_string();
        self.args.insert(at.min(self.args.len()), arg.to_string());
        self
    }

    /// The call on one line.
    pub fn inline(&self) -> String {
        format!("{}({})", self.callee, self.args.join(", "))
    }

    /// The call on one line when short, else one argument per line, indented by `indent` spaces.
    pub fn render(&self, indent: usize) -> String {
        let one = self.inline();
        if one.len() + indent <= 100 && !one.contains('\n') {
            return one;
        }
        let pad = " ".repeat(indent + 4);
        let args: Vec<String> = self.args.iter().map(|a| format!("{pad}{a},\n")).collect();
        format!("{}(\n{}{})", self.callee, args.concat(), " ".repeat(indent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string(r#"it's "x" \ y"#), r#""it's \"x\" \\ y""#);
        assert_eq!(string("a\nb\u{1}"), "\"a\\nb\\x01\"");
    }

    #[test]
    fn long_calls_break_one_argument_per_line() {
        let c = Call::new("op.f").str("a").kw("b", "True");
        assert_eq!(c.render(4), r#"op.f("a", b=True)"#);
        let long = Call::new("op.create_table").str(&"x".repeat(90)).str("y");
        assert_eq!(long.render(4), format!("op.create_table(\n        \"{}\",\n        \"y\",\n    )", "x".repeat(90)));
    }
}
