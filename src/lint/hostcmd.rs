//! Command lines in host code kept verbatim (Opaque operations): Ruby `system("…")` and
//! backticks, Python `subprocess.run([...])` and `os.system("…")`. Enough for a rule to see which
//! tool a migration runs and with which options, not a Ruby or Python lexer: string literals are
//! read with backslash escapes and Python triple quotes, and a literal holding a whole command
//! line is split into words the way a POSIX shell would.

/// The string literals of Python or Ruby code: `'…'`, `"…"`, `` `…` ``, Python `"""…"""`, in
/// order, with backslash escapes resolved.
pub fn literals(src: &str) -> Vec<String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let q = chars[i];
        if !matches!(q, '\'' | '"' | '`') {
            i += 1;
            continue;
        }
        let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
        i += if triple { 3 } else { 1 };
        let mut s = String::new();
        while i < chars.len() {
            let closes = chars[i] == q && (!triple || chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q));
            if closes {
                i += if triple { 3 } else { 1 };
                break;
            }
            if chars[i] == '\\' && i + 1 < chars.len() {
                i += 1;
            }
            s.push(chars[i]);
            i += 1;
        }
        out.push(s);
    }
    out
}

/// A command line split into words the way a POSIX shell would: whitespace separates, single and
/// double quotes group and are removed (`--alter='ADD x'` → `--alter=ADD x`).
pub fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => out.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    out.extend(word);
    out
}

/// The arguments host code passes: its string literals in order, where a literal that is a whole
/// command line (its first word is a command `is_command` knows) counts as its shell words. Both
/// `system("tool --alter 'x' …")` and `subprocess.run(["tool", "--alter", "x", …])` give
/// `["tool", "--alter", "x", …]`.
pub fn argv(src: &str, is_command: impl Fn(&str) -> bool) -> Vec<String> {
    literals(src)
        .into_iter()
        .flat_map(|l| {
            let first = l.split_whitespace().next().unwrap_or_default();
            if is_command(first) && l.trim() != first { shell_words(&l) } else { vec![l] }
        })
        .collect()
}

/// The value of an option given as `--name value` or `--name=value` (first of `names` found).
pub fn option(argv: &[String], names: &[&str]) -> Option<String> {
    argv.iter().enumerate().find_map(|(i, w)| {
        names.iter().find_map(|n| {
            if w == n {
                argv.get(i + 1).cloned()
            } else {
                w.strip_prefix(n).and_then(|r| r.strip_prefix('=')).map(str::to_string)
            }
        })
    })
}

/// One of `names` is among the arguments.
pub fn flag(argv: &[String], names: &[&str]) -> bool {
    argv.iter().any(|w| names.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_resolve_escapes_and_triple_quotes() {
        assert_eq!(literals(r#"f("a\"b", 'c', """d"e""", "")"#), ["a\"b", "c", "d\"e", ""]);
        assert_eq!(literals("`gh-ost --alter=\"x\"`"), ["gh-ost --alter=\"x\""]);
    }

    #[test]
    fn command_lines_split_like_a_shell() {
        assert_eq!(shell_words("a --x='b c' \"d\"e ''"), ["a", "--x=b c", "de", ""]);
    }

    #[test]
    fn list_and_string_forms_give_the_same_arguments() {
        let tool = |w: &str| w.ends_with("tool");
        let list = argv(r#"subprocess.run(["/bin/tool", "--alter", "ADD x", "--t=u"], check=True)"#, tool);
        let line = argv(r#"system("/bin/tool --alter 'ADD x' --t=u")"#, tool);
        assert_eq!(list, ["/bin/tool", "--alter", "ADD x", "--t=u"]);
        assert_eq!(line, list);
        assert_eq!(option(&line, &["--alter"]).as_deref(), Some("ADD x"));
        assert_eq!(option(&line, &["--t"]).as_deref(), Some("u"));
        assert_eq!(option(&line, &["--alter-foreign-keys-method"]), None);
        assert!(flag(&line, &["--t=u"]) && !flag(&line, &["--t"]));
    }
}
