//! F12 `identifier-too-long`: names PostgreSQL truncates (> 63 bytes) or MySQL rejects (> 64 chars).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "identifier-too-long",
    row: "F12",
    severity: Severity::Warning,
    summary: "PostgreSQL silently truncates identifiers over 63 bytes; MySQL rejects those over 64 characters",
};

fn names(op: &Operation) -> Vec<&str> {
    match op {
        Operation::CreateTable(x) => {
            let mut v = vec![x.table.name.as_str()];
            v.extend(x.columns.iter().map(|c| c.name.as_str()));
            v.extend(x.constraints.iter().filter_map(|c| c.name.as_deref()));
            v
        }
        Operation::AddColumn(x) => vec![x.column.name.as_str()],
        Operation::RenameTable(x) => vec![x.to.name.as_str()],
        Operation::RenameColumn(x) => vec![x.to.as_str()],
        Operation::RenameIndex(x) => vec![x.to.as_str()],
        Operation::CreateIndex(x) => x.index.name.as_deref().into_iter().collect(),
        Operation::AddConstraint(x) => x.constraint.name.as_deref().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (limit, what) = match cx.target.engine {
        crate::lint::Engine::Postgres => (63, "PostgreSQL silently truncates it to 63 bytes, so two long names can collide and later references by the full name fail"),
        crate::lint::Engine::Sqlite => return,
        _ => (64, "MySQL/MariaDB reject identifiers over 64 characters"),
    };
    for n in names(&cx.op().kind) {
        let len = if cx.target.pg() { n.len() } else { n.chars().count() };
        if len > limit {
            cx.report(format!("identifier `{n}` is {len} long: {what}"), "shorten it (polymig's generated names stay within the limit)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_long_name() {
        fires(RULE.id, "pg16", &format!("ALTER TABLE users ADD COLUMN {} int;", "x".repeat(64)));
    }

    #[test]
    fn quiet_on_short_name() {
        quiet(RULE.id, "pg16", &format!("ALTER TABLE users ADD COLUMN {} int;", "x".repeat(63)));
    }
}
