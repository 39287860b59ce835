//! E8 `opaque-operation`: a step polymig could not read — host code kept verbatim (Opaque) or
//! SQL that did not parse — so no rule checked what it does to the schema or how long it locks.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "opaque-operation",
    row: "E8",
    severity: Severity::Info,
    summary: "a step polymig could not read is not checked by any rule",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    match &cx.op().kind {
        Operation::Opaque(o) => cx.report(
            format!(
                "this {} code was not translated ({}): no lint rule checked what it does to the schema, which locks \
                 it takes or for how long",
                o.language, o.reason
            ),
            "review it by hand, or rewrite it with migration calls polymig reads; once reviewed, \
             `polymig:allow opaque-operation` on the line records that",
        ),
        Operation::Sql(_) if unparsed(cx) => cx.report(
            "this SQL did not parse: no lint rule checked what it does to the schema, which locks it takes or for how \
             long",
            "review it by hand; once reviewed, `-- polymig:allow opaque-operation` on the line records that",
        ),
        _ => {}
    }
}

/// The importer could not parse the current raw SQL (a `sql-parse-failed` diagnostic on its lines).
fn unparsed(cx: &Ctx) -> bool {
    let span = &cx.op().span;
    let last = span.end_line.unwrap_or(span.line);
    cx.migration.diagnostics.iter().any(|d| {
        d.code == "sql-parse-failed"
            && d.span.as_ref().is_some_and(|s| s.file == span.file && (span.line..=last).contains(&s.line))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_sql_that_does_not_parse() {
        fires(RULE.id, "pg16", "IMPORT FOREIGN SCHEMA remote FROM SERVER archive INTO public;");
    }

    #[test]
    fn quiet_on_sql_it_reads() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (id bigint PRIMARY KEY); ALTER TABLE t ADD COLUMN n text;");
    }
}
