//! Shared helpers for the rules: what an operation touches, default volatility, raw-SQL shapes.

pub use crate::diagnostics::Severity;
pub use crate::ir::*;
pub use crate::lint::sqltext::{Stmt, Tok, statements};
pub use crate::lint::{Ctx, RuleInfo};

/// The statements of the current operation when it is raw SQL.
pub fn sql_of(cx: &Ctx) -> Vec<Vec<Tok>> {
    match &cx.op().kind {
        Operation::Sql(s) => statements(&s.sql),
        _ => Vec::new(),
    }
}

/// Functions whose value differs per row: a default calling one rewrites the table on PostgreSQL.
/// (`now()`/`CURRENT_TIMESTAMP` are STABLE: evaluated once, no rewrite.)
pub fn volatile(d: &DefaultExpr) -> bool {
    match d {
        DefaultExpr::Sql(s) => {
            let s = s.to_lowercase();
            ["random(", "gen_random_uuid", "uuid_generate", "clock_timestamp", "nextval", "timeofday", "uuid()"]
                .iter()
                .any(|f| s.contains(f))
        }
        _ => false,
    }
}

/// The default is a non-NULL value.
pub fn non_null_default(d: Option<&DefaultExpr>) -> bool {
    !matches!(d, None | Some(DefaultExpr::Null))
}

/// Foreign keys an operation adds: `AddConstraint`, inline on `AddColumn`, in `CreateTable`.
pub fn foreign_keys(op: &Operation) -> Vec<&ForeignKey> {
    let cons: Vec<&Constraint> = match op {
        Operation::AddConstraint(x) => vec![&x.constraint],
        Operation::AddColumn(x) => x.constraints.iter().collect(),
        Operation::CreateTable(x) => x.constraints.iter().collect(),
        _ => Vec::new(),
    };
    cons.into_iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk),
            _ => None,
        })
        .collect()
}

/// The table an operation changes, if it changes one.
pub fn table_of<'a>(op: &'a Operation, cx: &Ctx<'a>) -> Option<QName> {
    Some(match op {
        Operation::CreateTable(x) => x.table.clone(),
        Operation::DropTable(x) => x.table.clone(),
        Operation::RenameTable(x) => x.from.clone(),
        Operation::AddColumn(x) => x.table.clone(),
        Operation::DropColumn(x) => x.table.clone(),
        Operation::RenameColumn(x) => x.table.clone(),
        Operation::AlterColumn(x) => x.table.clone(),
        Operation::CreateIndex(x) => x.index.table.clone(),
        Operation::DropIndex(x) => match &x.table {
            Some(t) => t.clone(),
            None => cx.before.table_of_index(&x.name.name)?.name.clone(),
        },
        Operation::AddConstraint(x) => x.table.clone(),
        Operation::DropConstraint(x) => x.table.clone(),
        Operation::ValidateConstraint(x) => x.table.clone(),
        _ => return None,
    })
}

/// Tables an operation locks against writes until COMMIT on PostgreSQL (ACCESS EXCLUSIVE,
/// SHARE ROW EXCLUSIVE or SHARE); concurrent index builds, VALIDATE and comments take weaker locks.
pub fn strongly_locked(op: &Operation, cx: &Ctx) -> Vec<QName> {
    match op {
        Operation::CreateIndex(x) if x.concurrently => Vec::new(),
        Operation::DropIndex(x) if x.concurrently => Vec::new(),
        Operation::ValidateConstraint(_) | Operation::CreateTable(_) => {
            foreign_keys(op).into_iter().map(|fk| fk.ref_table.clone()).collect()
        }
        _ => {
            let mut t: Vec<QName> = table_of(op, cx).into_iter().collect();
            t.extend(foreign_keys(op).into_iter().map(|fk| fk.ref_table.clone()));
            t
        }
    }
}

/// True for operations PostgreSQL refuses inside a transaction block.
pub fn concurrent(op: &Operation) -> bool {
    match op {
        Operation::CreateIndex(x) => x.concurrently,
        Operation::DropIndex(x) => x.concurrently,
        Operation::Sql(s) => s.no_transaction || statements(&s.sql).iter().any(|st| st.has(&["CONCURRENTLY"])),
        _ => false,
    }
}

/// `expr` mentions `column` as a whole word.
pub fn mentions(expr: &str, column: &str) -> bool {
    statements(expr).iter().flatten().any(|t| match t {
        Tok::Word(w) => w.eq_ignore_ascii_case(column),
        Tok::Quoted(q) => q == column,
        _ => false,
    })
}

/// Source is a Rails migration.
pub fn rails(cx: &Ctx) -> bool {
    cx.migration.source.as_deref().is_some_and(|s| s.ends_with(".rb")) || cx.op().span.file.ends_with(".rb")
}

/// Clauses the SQL importer read but did not represent (`sql-clause-ignored` diagnostics on the
/// operation's line), upper-cased without spaces: `LOCK=EXCLUSIVE`, `ALGORITHM=COPY`.
pub fn ignored_clauses(cx: &Ctx) -> Vec<String> {
    let span = &cx.op().span;
    cx.migration
        .diagnostics
        .iter()
        .filter(|d| d.code == "sql-clause-ignored")
        .filter(|d| d.span.as_ref().is_some_and(|s| s.file == span.file && s.line == span.line))
        .filter_map(|d| d.message.split('`').nth(1))
        .map(|c| c.to_uppercase().replace(' ', ""))
        .collect()
}

/// MySQL / MariaDB: an earlier statement of the migration ran `SET [SESSION] <variable> = 0`
/// (or `OFF`), e.g. `foreign_key_checks` or MariaDB's `check_constraint_checks`, so a constraint
/// added after it is not validated by a scan.
pub fn session_off_before(cx: &Ctx, variable: &str) -> bool {
    cx.ops[..cx.index].iter().any(|o| match &o.kind {
        Operation::Sql(s) => statements(&s.sql).iter().any(|st| {
            st.starts(&["SET"])
                && st.windows(3).any(|w| {
                    matches!(&w[0], Tok::Word(x) if x.ends_with(variable))
                        && w[1] == Tok::Sym('=')
                        && (w[2] == Tok::Num("0".into()) || w[2] == Tok::Word("OFF".into()))
                })
        }),
        _ => false,
    })
}
