//! SQLAlchemy's naming conventions: a revision file that declares
//! `sa.MetaData(naming_convention={...})` (or a `…convention…` dict with keys
//! `ix`, `uq`, `ck`, `fk`, `pk`) stands for the project's target metadata, so
//! unnamed constraints and indexes get the names SQLAlchemy gives them, e.g.
//! `"uq": "uq_%(table_name)s_%(column_0_N_name)s"` turns
//! `sa.UniqueConstraint("first", "last")` on `members` into
//! `CONSTRAINT uq_members_first_last UNIQUE (first, last)`.
//!
//! A written name passes through a rule that contains `%(constraint_name)s`
//! (`ck_%(table_name)s_%(constraint_name)s`), unless it is already final
//! (`op.f("…")`, `conv("…")`). Without a declaration SQLAlchemy's default
//! `ix_%(column_0_label)s` still names `index=True` and unnamed `op.create_index`.
//!
//! Like SQLAlchemy, a generated (or `op.f`) name longer than the dialect allows is cut to
//! `max - 8` characters plus `_` and the last four hex digits of its MD5 ([`truncate`]);
//! PostgreSQL allows 63, MySQL 64, SQLite has no limit. Without a target dialect, an
//! operation whose names differ per dialect becomes a `ByDialect`.

use std::collections::{BTreeMap, BTreeSet};

use super::ops::{Args, Ctx};
use crate::host::{Effect, Evaluator, Module, NodeKind, Value};
use crate::ir::{
    ByDialect, Constraint, ConstraintKind, DialectBranch, Index, IndexKey, Op, Operation, QName, SqlDialect,
};

/// A naming convention: rule key (`ix`, `uq`, `ck`, `fk`, `pk`) → template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Convention {
    rules: BTreeMap<String, String>,
}

impl Convention {
    /// SQLAlchemy's default: `{"ix": "ix_%(column_0_label)s"}`.
    pub fn sqlalchemy_default() -> Self {
        let mut rules = BTreeMap::new();
        rules.insert("ix".to_string(), "ix_%(column_0_label)s".to_string());
        Convention { rules }
    }

    /// The default extended (and overridden) by `map`'s string entries.
    pub fn from_map(map: &[(Value, Value)]) -> Self {
        let mut c = Self::sqlalchemy_default();
        for (k, v) in map {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                c.rules.insert(k.to_string(), v.to_string());
            }
        }
        c
    }
}

/// The convention the module declares at top level, else SQLAlchemy's default.
pub fn declared(ev: &Evaluator, module: &Module) -> Convention {
    for node in &module.body {
        let NodeKind::Assign { target, .. } = &node.kind else { continue };
        let NodeKind::Name(name) = &target.kind else { continue };
        match ev.global(name) {
            Some(Value::Call(c)) if c.method() == "MetaData" => {
                if let Some(Value::Map(m)) = c.kw("naming_convention") {
                    return Convention::from_map(m);
                }
            }
            Some(Value::Map(m))
                if name.to_ascii_lowercase().contains("convention")
                    && m.iter().any(|(k, _)| k.as_str().is_some_and(|k| RULE_KEYS.contains(&k))) =>
            {
                return Convention::from_map(m);
            }
            _ => {}
        }
    }
    Convention::sqlalchemy_default()
}

const RULE_KEYS: &[&str] = &["ix", "uq", "ck", "fk", "pk"];

/// The name `op.drop_constraint(name, table, type_=…)` drops: Alembic passes a written name
/// through a `type_` rule that uses `%(constraint_name)s` and only table tokens
/// (`ck_%(table_name)s_%(constraint_name)s`), as it does when the constraint is created.
pub fn dropped_name(ctx: &Ctx, table: &QName, args: &Args) -> Result<String, String> {
    let name = args.text("constraint_name")?;
    let key = match args.opt_text("type_").as_deref() {
        Some("primary") => "pk",
        Some("unique") => "uq",
        Some("check") => "ck",
        Some("foreignkey") => "fk",
        _ => return Ok(name),
    };
    let final_name =
        args.get("constraint_name").and_then(Value::as_call).is_some_and(|c| matches!(c.method(), "f" | "conv"));
    match ctx.convention.rules.get(key) {
        Some(rule) if rule.contains("%(constraint_name)s") && !final_name => {
            let tokens = Tokens { table, columns: &[], referred: None };
            Ok(render(rule, &tokens, Some(&name)).unwrap_or(name))
        }
        _ => Ok(name),
    }
}

/// Names written as final (`op.f("x")`, `conv("x")`) anywhere in `effects`.
pub fn final_names(effects: &[Effect]) -> BTreeSet<String> {
    fn value(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Call(c) => {
                if matches!(c.method(), "f" | "conv")
                    && let Some(Value::Str(s)) = c.args.first()
                {
                    out.insert(s.clone());
                }
                value(&c.callee, out);
                c.args.iter().for_each(|a| value(a, out));
                c.kwargs.iter().for_each(|(_, a)| value(a, out));
            }
            Value::Attr(inner, _) => value(inner, out),
            Value::List(items) => items.iter().for_each(|i| value(i, out)),
            Value::Map(items) => items.iter().for_each(|(k, v)| {
                value(k, out);
                value(v, out);
            }),
            _ => {}
        }
    }
    fn walk(effects: &[Effect], out: &mut BTreeSet<String>) {
        for e in effects {
            match e {
                Effect::Call(c) => {
                    value(&Value::Call(c.call.clone()), out);
                    if let Some(b) = &c.block {
                        walk(&b.effects, out);
                    }
                }
                Effect::ByDialect { branches, otherwise, .. } => {
                    branches.iter().for_each(|(_, fx)| walk(fx, out));
                    walk(otherwise, out);
                }
                Effect::Opaque { .. } => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(effects, &mut out);
    out
}

/// Name the constraints and indexes of `ops` by `conv`, truncated as SQLAlchemy does for
/// `target`. A rule that cannot be filled (`%(constraint_name)s` of an unnamed constraint, a
/// column token of a text CHECK) leaves the name as it was; the messages say where.
pub fn apply(conv: &Convention, finals: &BTreeSet<String>, ops: &mut [Op], target: Option<SqlDialect>) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(d) = target {
        apply_max(conv, finals, ops, max_name_length(d), &mut problems);
        return problems;
    }
    for op in ops {
        let mut portable = op.clone();
        apply_max(conv, finals, std::slice::from_mut(&mut portable), None, &mut problems);
        let mut branches: Vec<DialectBranch> = Vec::new();
        for d in SqlDialect::ALL {
            let mut named = op.clone();
            apply_max(conv, finals, std::slice::from_mut(&mut named), max_name_length(d), &mut Vec::new());
            match branches.iter_mut().find(|b| b.ops[0] == named) {
                Some(b) => b.dialects.push(d),
                None => branches.push(DialectBranch { dialects: vec![d], ops: vec![named] }),
            }
        }
        *op = if branches.iter().all(|b| b.ops[0] == portable) {
            portable
        } else {
            let span = op.span.clone();
            Op::new(ByDialect { branches, otherwise: vec![portable] }, span)
        };
    }
    problems
}

/// The longest name SQLAlchemy lets through untruncated: its dialects' `max_identifier_length`
/// (`max_index_name_length`/`max_constraint_name_length` for MySQL).
fn max_name_length(d: SqlDialect) -> Option<usize> {
    match d {
        SqlDialect::Postgres => Some(63),
        SqlDialect::Mysql => Some(64),
        SqlDialect::Sqlite => None,
    }
}

/// SQLAlchemy's cut of an over-long generated name: the first `max - 8` characters, `_`, and
/// the last four hex digits of the MD5 of the whole name.
pub fn truncate(name: &str, max: Option<usize>) -> String {
    use md5::{Digest, Md5};
    match max {
        Some(max) if name.chars().count() > max => {
            let digest = format!("{:x}", Md5::digest(name.as_bytes()));
            let head: String = name.chars().take(max - 8).collect();
            format!("{head}_{}", &digest[digest.len() - 4..])
        }
        _ => name.to_string(),
    }
}

fn apply_max(
    conv: &Convention,
    finals: &BTreeSet<String>,
    ops: &mut [Op],
    max: Option<usize>,
    problems: &mut Vec<String>,
) {
    let names = Naming { conv, finals, max };
    for op in ops {
        match &mut op.kind {
            Operation::CreateTable(t) => {
                for c in &mut t.constraints {
                    names.constraint(&t.table, c, problems);
                }
            }
            Operation::AddColumn(a) => {
                for c in &mut a.constraints {
                    names.constraint(&a.table, c, problems);
                }
            }
            Operation::AddConstraint(a) => names.constraint(&a.table, &mut a.constraint, problems),
            Operation::CreateIndex(c) => names.index(&mut c.index, problems),
            Operation::ByDialect(b) => {
                for br in &mut b.branches {
                    apply_max(conv, finals, &mut br.ops, max, problems);
                }
                apply_max(conv, finals, &mut b.otherwise, max, problems);
            }
            _ => {}
        }
    }
}

/// A convention, the names written as final, and the length limit of one dialect.
struct Naming<'a> {
    conv: &'a Convention,
    finals: &'a BTreeSet<String>,
    max: Option<usize>,
}

impl Naming<'_> {
    fn index(&self, index: &mut Index, problems: &mut Vec<String>) {
        let written = index.name.clone();
        name_index(self.conv, self.finals, index, problems);
        self.cut(written, &mut index.name);
    }

    fn constraint(&self, table: &QName, c: &mut Constraint, problems: &mut Vec<String>) {
        let written = c.name.clone();
        name_constraint(self.conv, self.finals, table, c, problems);
        self.cut(written, &mut c.name);
    }

    /// Truncate a name the convention made or one written as final; a plain written name
    /// is left alone (SQLAlchemy refuses it when too long rather than cutting it).
    fn cut(&self, written: Option<String>, name: &mut Option<String>) {
        if let Some(n) = name
            && (written.as_ref() != Some(n) || self.finals.contains(n.as_str()))
        {
            *n = truncate(n, self.max);
        }
    }
}

fn name_index(conv: &Convention, finals: &BTreeSet<String>, index: &mut Index, problems: &mut Vec<String>) {
    let Some(rule) = conv.rules.get("ix") else { return };
    let columns: Vec<String> = index
        .parts
        .iter()
        .filter_map(|p| match &p.key {
            IndexKey::Column(c) => Some(c.clone()),
            IndexKey::Expression(_) => None,
        })
        .collect();
    if index.parts.iter().any(|p| matches!(p.key, IndexKey::Expression(_))) && index.name.is_none() {
        return;
    }
    let tokens = Tokens { table: &index.table, columns: &columns, referred: None };
    rename(rule, &tokens, finals, &mut index.name, "index", problems);
}

fn name_constraint(
    conv: &Convention,
    finals: &BTreeSet<String>,
    table: &QName,
    c: &mut Constraint,
    problems: &mut Vec<String>,
) {
    let (key, referred) = match &c.kind {
        ConstraintKind::PrimaryKey { .. } => ("pk", None),
        ConstraintKind::Unique { .. } => ("uq", None),
        ConstraintKind::Check { .. } => ("ck", None),
        ConstraintKind::ForeignKey(fk) => ("fk", Some((&fk.ref_table, fk.ref_columns.as_slice()))),
    };
    let Some(rule) = conv.rules.get(key) else { return };
    let columns = c.columns().to_vec();
    let tokens = Tokens { table, columns: &columns, referred };
    rename(rule, &tokens, finals, &mut c.name, key, problems);
}

/// What a rule's `%(…)s` tokens are filled from.
struct Tokens<'a> {
    table: &'a QName,
    columns: &'a [String],
    referred: Option<(&'a QName, &'a [String])>,
}

fn rename(
    rule: &str,
    tokens: &Tokens,
    finals: &BTreeSet<String>,
    name: &mut Option<String>,
    what: &str,
    problems: &mut Vec<String>,
) {
    let uses_name = rule.contains("%(constraint_name)s");
    match name {
        Some(n) if !uses_name || finals.contains(n.as_str()) => {}
        _ => match render(rule, tokens, name.as_deref()) {
            Ok(n) => *name = Some(n),
            Err(e) => problems.push(format!("{what} on `{}`: {e}", tokens.table.name)),
        },
    }
}

/// Fill `rule`'s tokens.
fn render(rule: &str, t: &Tokens, constraint_name: Option<&str>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = rule;
    while let Some(start) = rest.find("%(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(")s").ok_or_else(|| format!("unterminated token in `{rule}`"))?;
        out.push_str(&token(&after[..end], t, constraint_name)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn token(name: &str, t: &Tokens, constraint_name: Option<&str>) -> Result<String, String> {
    let table = t.table.name.as_str();
    match name {
        "table_name" => return Ok(table.to_string()),
        "constraint_name" => {
            return constraint_name
                .map(str::to_string)
                .ok_or_else(|| "the rule uses %(constraint_name)s but the constraint has no name".to_string());
        }
        "referred_table_name" => {
            return t.referred.map(|(r, _)| r.name.clone()).ok_or_else(|| "no referred table".to_string());
        }
        _ => {}
    }
    let (columns, rest, label_table) = if let Some(rest) = name.strip_prefix("referred_column_0") {
        let (r, cols) = t.referred.ok_or("no referred table")?;
        (cols, rest, r.name.as_str())
    } else if let Some(rest) = name.strip_prefix("column_0") {
        (t.columns, rest, table)
    } else {
        return Err(format!("unknown token %({name})s"));
    };
    let (sep, all, kind) = match rest.split_once('_') {
        Some(("", k)) if k.starts_with("N_") => ("_", true, &k[2..]),
        Some(("N", k)) => ("", true, k),
        Some(("", k)) => ("", false, k),
        _ => return Err(format!("unknown token %({name})s")),
    };
    let render = |c: &String| match kind {
        "name" | "key" => Ok(c.clone()),
        "label" => Ok(format!("{label_table}_{c}")),
        _ => Err(format!("unknown token %({name})s")),
    };
    let first = columns.first().ok_or_else(|| format!("%({name})s of a constraint without columns"))?;
    if all { Ok(columns.iter().map(render).collect::<Result<Vec<_>, _>>()?.join(sep)) } else { render(first) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens<'a>(table: &'a QName, columns: &'a [String]) -> Tokens<'a> {
        Tokens { table, columns, referred: None }
    }

    #[test]
    fn tokens_render_as_sqlalchemy_does() {
        let t = QName::new("members");
        let cols = vec!["first".to_string(), "last".to_string()];
        let r = |rule: &str| render(rule, &tokens(&t, &cols), Some("x")).unwrap();
        assert_eq!(r("uq_%(table_name)s_%(column_0_name)s"), "uq_members_first");
        assert_eq!(r("uq_%(table_name)s_%(column_0_N_name)s"), "uq_members_first_last");
        assert_eq!(r("uq_%(table_name)s_%(column_0N_name)s"), "uq_members_firstlast");
        assert_eq!(r("ix_%(column_0_label)s"), "ix_members_first");
        assert_eq!(r("ix_%(column_0_N_label)s"), "ix_members_first_members_last");
        assert_eq!(r("ck_%(table_name)s_%(constraint_name)s"), "ck_members_x");
        assert!(render("ck_%(constraint_name)s", &tokens(&t, &cols), None).is_err());
        assert!(render("ck_%(column_0_name)s", &tokens(&t, &[]), None).is_err());
    }

    #[test]
    fn long_generated_names_are_cut_with_an_md5_suffix_as_sqlalchemy_does() {
        // Checked against SQLAlchemy 2.1: CreateTable of this UniqueConstraint on PostgreSQL and MySQL.
        let long = "uq_a_really_long_table_name_for_testing_truncation_some_extremely_long_column_name_number_one_another_quite_long_column_name_two";
        assert_eq!(truncate(long, Some(63)), "uq_a_really_long_table_name_for_testing_truncation_some_0d7a");
        assert_eq!(truncate(long, Some(64)), "uq_a_really_long_table_name_for_testing_truncation_some__0d7a");
        assert_eq!(truncate(long, None), long);
        assert_eq!(truncate("uq_short", Some(63)), "uq_short");
    }

    #[test]
    fn written_names_pass_through_constraint_name_rules_unless_final() {
        let conv = Convention::from_map(&[(
            Value::Str("ck".into()),
            Value::Str("ck_%(table_name)s_%(constraint_name)s".into()),
        )]);
        let t = QName::new("t");
        let mut problems = Vec::new();
        let mut c = Constraint { name: Some("positive".into()), kind: ConstraintKind::Check { expr: "x > 0".into() } };
        name_constraint(&conv, &BTreeSet::new(), &t, &mut c, &mut problems);
        assert_eq!(c.name.as_deref(), Some("ck_t_positive"));
        let mut c = Constraint { name: Some("ck_t_final".into()), kind: ConstraintKind::Check { expr: "x".into() } };
        name_constraint(&conv, &BTreeSet::from(["ck_t_final".to_string()]), &t, &mut c, &mut problems);
        assert_eq!(c.name.as_deref(), Some("ck_t_final"));
        let mut c = Constraint { name: None, kind: ConstraintKind::Check { expr: "x".into() } };
        name_constraint(&conv, &BTreeSet::new(), &t, &mut c, &mut problems);
        assert_eq!(c.name, None);
        assert_eq!(problems.len(), 1);
    }
}
