//! Tidy [`ByDialect`] operations built from `if op.get_bind().dialect.name == …:` code, so that
//! importing an exported file gives the IR back:
//!
//! * inside a branch for some dialects, a nested `ByDialect` that picks the same alternative for
//!   every one of them is replaced by that alternative. A `create_index(…, postgresql_where=…)`
//!   written inside `if dialect == "postgresql":` is a partial index there, not another choice;
//! * raw SQL in a branch for exactly one dialect is written in that dialect (`op.execute` under
//!   `if dialect.name == "postgresql":` is PostgreSQL SQL);
//! * inside the `else`, a nested `ByDialect` that sends every dialect able to reach that `else`
//!   (the unnamed ones, and dialects polymig does not know) to its own `else` is replaced by it;
//! * a `ByDialect` whose branches all do what its `else` does is replaced by the `else`.

use crate::ir::{ByDialect, DialectBranch, Op, Operation, Span, SqlDialect};

/// The operations of a `ByDialect` built from `branches` and `otherwise`, tidied as described above.
pub fn by_dialect(branches: Vec<DialectBranch>, otherwise: Vec<Op>, span: Span) -> Vec<Op> {
    let branches: Vec<DialectBranch> =
        branches.into_iter().map(|b| DialectBranch { ops: narrow(b.ops, &b.dialects), dialects: b.dialects }).collect();
    let named: Vec<SqlDialect> = branches.iter().flat_map(|b| b.dialects.iter().copied()).collect();
    let otherwise = narrow_else(otherwise, &named);
    if !branches.is_empty() && branches.iter().all(|b| same_kinds(&b.ops, &otherwise)) {
        return otherwise;
    }
    vec![Op::new(ByDialect { branches, otherwise }, span)]
}

/// `ops` as they run on any of `dialects`: nested choices that agree for all of them are resolved.
fn narrow(ops: Vec<Op>, dialects: &[SqlDialect]) -> Vec<Op> {
    let mut out = Vec::with_capacity(ops.len());
    for mut op in ops {
        if let (Operation::Sql(s), [only]) = (&mut op.kind, dialects)
            && s.dialect.is_none()
        {
            s.dialect = Some(*only);
        }
        let Operation::ByDialect(b) = op.kind else {
            out.push(op);
            continue;
        };
        match chosen(&b, dialects) {
            Some(i) => {
                let picked = match i {
                    Some(i) => b.branches.into_iter().nth(i).map(|br| br.ops).unwrap_or_default(),
                    None => b.otherwise,
                };
                out.extend(narrow(picked, dialects));
            }
            None => out.push(Op { kind: Operation::ByDialect(b), span: op.span }),
        }
    }
    out
}

/// `ops` of an `else` that the dialects in `named` never reach: nested choices whose own `else`
/// is what every remaining dialect (and any unknown one) takes are replaced by that `else`.
fn narrow_else(ops: Vec<Op>, named: &[SqlDialect]) -> Vec<Op> {
    let rest: Vec<SqlDialect> = SqlDialect::ALL.into_iter().filter(|d| !named.contains(d)).collect();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op.kind {
            Operation::ByDialect(b) if rest.is_empty() || chosen(&b, &rest) == Some(None) => {
                out.extend(narrow_else(b.otherwise, named));
            }
            kind => out.push(Op { kind, span: op.span }),
        }
    }
    out
}

/// The alternative (`Some(branch index)`, or `None` for the `else`) that every one of `dialects`
/// takes, if they all take the same one.
fn chosen(b: &ByDialect, dialects: &[SqlDialect]) -> Option<Option<usize>> {
    let pick = |d: &SqlDialect| b.branches.iter().position(|br| br.dialects.contains(d));
    let first = pick(dialects.first()?);
    dialects.iter().all(|d| pick(d) == first).then_some(first)
}

/// Equal operations, spans aside.
fn same_kinds(a: &[Op], b: &[Op]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.kind == y.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{DropTable, QName};
    use SqlDialect::*;

    fn drop(t: &str) -> Op {
        Op::new(DropTable { table: QName::new(t), if_exists: false, cascade: false }, Span::file("f.py"))
    }

    fn choice(branches: Vec<(Vec<SqlDialect>, Vec<Op>)>, otherwise: Vec<Op>) -> Op {
        let branches = branches.into_iter().map(|(dialects, ops)| DialectBranch { dialects, ops }).collect();
        Op::new(ByDialect { branches, otherwise }, Span::file("f.py"))
    }

    #[test]
    fn nested_choice_agreeing_for_the_branch_is_resolved() {
        let inner = choice(vec![(vec![Postgres], vec![drop("pg")]), (vec![Mysql, Sqlite], vec![drop("x")])], vec![]);
        let ops = by_dialect(
            vec![DialectBranch { dialects: vec![Postgres], ops: vec![inner] }],
            vec![drop("other")],
            Span::file("f.py"),
        );
        let Operation::ByDialect(b) = &ops[0].kind else { panic!("{ops:?}") };
        assert_eq!(b.branches[0].ops, vec![drop("pg")]);
    }

    #[test]
    fn nested_choice_that_differs_within_the_branch_is_kept() {
        let inner = choice(vec![(vec![Postgres], vec![drop("pg")])], vec![drop("x")]);
        let ops = by_dialect(
            vec![DialectBranch { dialects: vec![Postgres, Mysql], ops: vec![inner.clone()] }],
            vec![],
            Span::file("f.py"),
        );
        let Operation::ByDialect(b) = &ops[0].kind else { panic!("{ops:?}") };
        assert_eq!(b.branches[0].ops, vec![inner]);
    }

    #[test]
    fn nested_choice_in_an_else_no_known_dialect_reaches_is_its_else() {
        let inner =
            choice(vec![(vec![Postgres], vec![drop("pg")]), (vec![Mysql, Sqlite], vec![drop("x")])], vec![drop("any")]);
        let named = vec![(vec![Postgres], vec![drop("a")]), (vec![Mysql, Sqlite], vec![drop("b")])];
        let branches = named.into_iter().map(|(dialects, ops)| DialectBranch { dialects, ops }).collect();
        let ops = by_dialect(branches, vec![inner], Span::file("f.py"));
        let Operation::ByDialect(b) = &ops[0].kind else { panic!("{ops:?}") };
        assert_eq!(b.otherwise, vec![drop("any")]);
    }

    #[test]
    fn nested_choice_in_an_else_that_a_known_dialect_reaches_is_kept() {
        let inner = choice(vec![(vec![Sqlite], vec![drop("lite")])], vec![drop("any")]);
        let ops = by_dialect(
            vec![DialectBranch { dialects: vec![Postgres], ops: vec![drop("a")] }],
            vec![inner.clone()],
            Span::file("f.py"),
        );
        let Operation::ByDialect(b) = &ops[0].kind else { panic!("{ops:?}") };
        assert_eq!(b.otherwise, vec![inner]);
    }

    #[test]
    fn identical_branches_collapse() {
        let ops = by_dialect(
            vec![DialectBranch { dialects: vec![Sqlite], ops: vec![drop("t")] }],
            vec![drop("t")],
            Span::file("g.py"),
        );
        assert_eq!(ops, vec![drop("t")]);
    }
}
