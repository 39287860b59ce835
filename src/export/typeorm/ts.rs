//! TypeScript literal spelling shared by the body renderers.

/// A template literal: `` `CREATE TABLE "a"` `` with `` ` ``, `\` and `${` escaped.
pub fn template(s: &str) -> String {
    format!("`{}`", s.replace('\\', "\\\\").replace('`', "\\`").replace("${", "\\${"))
}

/// `await queryRunner.query(`…`);` for one rendered statement, on one line as TypeORM writes
/// them (TypeORM's SQLite introspection parses the stored `CREATE TABLE` text line-blind);
/// `None` when the statement is only a comment.
pub fn query_call(sql: &str) -> Option<String> {
    let code: Vec<&str> = sql.trim().lines().filter(|l| !l.trim_start().starts_with("--")).collect();
    if code.is_empty() {
        return None;
    }
    let one_line = code.iter().all(|l| l.matches('\'').count() % 2 == 0);
    let text = if one_line {
        let mut joined = String::new();
        for l in code.iter().map(|l| l.trim()) {
            if !joined.is_empty() && !joined.ends_with('(') && !l.starts_with(')') {
                joined.push(' ');
            }
            joined.push_str(l);
        }
        joined
    } else {
        code.join("\n")
    };
    Some(format!("await queryRunner.query({});", template(text.trim().trim_end_matches(';'))))
}

/// A double-quoted string literal.
pub fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A `// comment` line per line of `text`.
pub fn comment(text: &str) -> Vec<String> {
    text.lines().map(|l| format!("// {}", l.trim_start_matches("--").trim_start())).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_template_literals() {
        assert_eq!(super::template("a `b` ${c} \\n"), "`a \\`b\\` \\${c} \\\\n`");
    }
}
