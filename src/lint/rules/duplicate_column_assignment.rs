//! F14 `duplicate-column-assignment`: a column named twice in CREATE TABLE, UPDATE … SET or a view's column list.

use std::collections::BTreeSet;

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "duplicate-column-assignment",
    row: "F14",
    severity: Severity::Error,
    summary: "a column named twice fails, or silently keeps only one of the values",
};

fn dup(names: impl IntoIterator<Item = String>) -> Option<String> {
    let mut seen = BTreeSet::new();
    names.into_iter().find(|n| !seen.insert(n.to_lowercase()))
}

/// Columns assigned by `UPDATE t SET a = …, b = …`.
fn set_targets(s: &[Tok]) -> Vec<String> {
    let Some(start) = s.find(&["SET"]) else { return Vec::new() };
    let end = s.find(&["WHERE"]).or_else(|| s.find(&["FROM"])).unwrap_or(s.len());
    let mut out = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    for (i, t) in s.iter().enumerate().take(end).skip(start + 1) {
        match t {
            Tok::Sym('(') => depth += 1,
            Tok::Sym(')') => depth -= 1,
            Tok::Sym(',') if depth == 0 => expect = true,
            _ if expect && depth == 0 => {
                if let Some(n) = s.name_at(i) {
                    out.push(n);
                }
                expect = false;
            }
            _ => {}
        }
    }
    out
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let d = match &cx.op().kind {
        Operation::CreateTable(x) => dup(x.columns.iter().map(|c| c.name.clone())),
        Operation::CreateView(x) => dup(x.columns.iter().cloned()),
        Operation::Sql(_) => sql_of(cx).iter().filter(|s| s.starts(&["UPDATE"])).find_map(|s| dup(set_targets(s))),
        _ => None,
    };
    if let Some(n) = d {
        cx.report(
            format!("column `{n}` is named twice: the statement fails (\"specified more than once\") or one value silently wins"),
            "name each column once",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_double_assignment() {
        fires(RULE.id, "pg16", "UPDATE users SET name = 'a', name = 'b' WHERE id = 1;");
    }

    #[test]
    fn quiet_on_distinct_columns() {
        quiet(RULE.id, "pg16", "UPDATE users SET name = 'a', email = 'b' WHERE id = 1;");
    }
}
