//! Table-level operations: models, indexes and constraints.

use std::collections::BTreeMap;

use super::Ctx;
use super::meta;
use super::model::field_of;
use super::ops::INDENT;
use super::py::{self, Call};
use super::registry::Model;
use super::runsql::fallback;
use crate::ir::{
    AddConstraint, Comment, CommentTarget, Constraint, ConstraintKind, CreateTable, DataType, DropTable, Op,
    RenameTable, SqlDialect,
};
use crate::schema::{Schema, Table, naming, replay};

/// The state after `op`, for names the database gives.
pub fn after(ctx: &Ctx, op: &Op) -> Schema {
    let mut s = ctx.state.clone();
    let _ = replay(&mut s, op, Some(ctx.dialect));
    s
}

pub(super) fn model_op(kind: &str, model: &str) -> Call {
    Call::new(format!("migrations.{kind}")).kw("model_name", py::string(&model.to_ascii_lowercase()))
}

/// `CreateModel(name, fields, options)`; foreign keys Django would create differently follow as `RunSQL`.
pub fn create_table(ctx: &mut Ctx, op: &Op, ct: &CreateTable) -> Vec<String> {
    let after = after(ctx, op);
    let name = ctx.models.new_name(&ct.table);
    let Some(mut table) = after.table(&ct.table).cloned() else {
        return vec![fallback(ctx, op, vec![], "the table is not in the replayed state", INDENT)];
    };
    // Django adds a model's foreign keys after its CREATE TABLE: later AddConstraint operations
    // of this migration that are exactly those become ForeignKey fields (see `model::relation`).
    let later_fks: Vec<Constraint> = ctx
        .upcoming
        .iter()
        .filter_map(|o| match &o.kind {
            crate::ir::Operation::AddConstraint(a)
                if a.table.key() == ct.table.key()
                    && !a.not_valid
                    && matches!(a.constraint.kind, ConstraintKind::ForeignKey(_))
                    && a.constraint.name.is_some() =>
            {
                Some(a.constraint.clone())
            }
            _ => None,
        })
        .collect();
    let with_fks = {
        let mut t = table.clone();
        t.constraints.extend(later_fks.iter().cloned());
        t
    };
    let probe = Model { name: name.clone(), fields: BTreeMap::new(), known: BTreeMap::new(), state_exact: true };
    for fk in &later_fks {
        let ConstraintKind::ForeignKey(f) = &fk.kind else { continue };
        let native = f.columns.len() == 1
            && with_fks.column(&f.columns[0]).is_some_and(|col| {
                super::model::relation(ctx, &with_fks, col, Some(&probe)).is_some_and(|(r, _)| r.db_constraint)
            });
        if native {
            table.constraints.push(fk.clone());
            ctx.created_fks.insert((ct.table.key(), fk.name.clone().unwrap_or_default()));
        }
    }
    let mut model = Model { name: name.clone(), fields: BTreeMap::new(), known: BTreeMap::new(), state_exact: true };
    let mut why: Option<String> = None;
    if ct.table.schema.is_some() {
        // Django models live in the connection's schema: a qualified table stays raw SQL, unmodelled.
        return vec![fallback(
            ctx,
            op,
            vec![],
            "the table is schema-qualified; Django models cannot name a schema",
            INDENT,
        )];
    }
    if ct.if_not_exists {
        why = Some("Django has no CREATE TABLE IF NOT EXISTS".into());
    }
    let pk = table.primary_key().cloned();
    match &pk {
        Some(c) if c.columns().len() == 1 => {
            let default = naming::constraint_name(Some(ctx.dialect), &Table::new(table.name.clone()), c);
            if ctx.dialect == SqlDialect::Postgres && c.name.as_deref() != Some(default.as_str()) {
                why = why.or(Some("the primary key has its own name".into()));
            }
        }
        Some(_) => why = why.or(Some("composite primary keys are written in SQL".into())),
        None => why = why.or(Some("Django adds an `id` primary key to a table without one".into())),
    }
    // On PostgreSQL Django gives a varchar/text primary key a `<table>_<col>_<hash>_like` index.
    if let Some(c) = &pk
        && ctx.dialect == SqlDialect::Postgres
        && let [col] = c.columns()
        && table.column(col).is_some_and(|c| matches!(c.data_type, DataType::Varchar { .. } | DataType::Text))
    {
        let like = super::model::create_index_name(&ct.table.name, &[col.as_str()], "_like", ctx.dialect);
        let follows = ctx.upcoming.iter().any(|o| {
            matches!(&o.kind, crate::ir::Operation::CreateIndex(ci)
                if ci.index.table.key() == ct.table.key() && ci.index.name.as_deref() == Some(like.as_str()))
        });
        if follows {
            ctx.created_fks.insert((ct.table.key(), like));
        } else {
            why = why.or(Some("Django adds a `_like` index to a varchar primary key on PostgreSQL".into()));
        }
    }
    let mut fields = Vec::new();
    let mut deferred_fks = Vec::new();
    for col in &table.columns {
        let (fname, f, _) = field_of(ctx, &table, col, &mut model);
        if let Some(w) = &f.inexact {
            why = why.or(Some(format!("column {}: {w}", col.name)));
        }
        fields.push(py::tuple(&[py::string(&fname), f.call.render(0)]));
    }
    let mut options = Vec::new();
    let mut constraints = Vec::new();
    let positive: Vec<String> =
        table.columns.iter().filter_map(|c| super::model::positive_check(ctx, &table, &c.name)).collect();
    for c in &table.constraints {
        let cname = c.name.clone().unwrap_or_default();
        if positive.contains(&cname) {
            continue; // the Positive*Field creates it
        }
        match &c.kind {
            ConstraintKind::PrimaryKey { .. } => {}
            ConstraintKind::Unique { columns, nulls_not_distinct, deferrable } => {
                match meta::unique(&model, columns, &cname, *nulls_not_distinct, *deferrable, ctx.dialect) {
                    Ok(call) => {
                        model.known.insert(cname.clone(), columns.clone());
                        constraints.push(call.render(0));
                    }
                    Err(w) => why = why.or(Some(w)),
                }
            }
            ConstraintKind::Check { expr } => match meta::check(ctx, &model, &table, expr, &cname) {
                Ok(call) => {
                    model.known.insert(cname.clone(), mentioned(&table, expr));
                    constraints.push(call.render(0));
                }
                Err(w) => why = why.or(Some(w)),
            },
            ConstraintKind::ForeignKey(fk) => {
                let native = fk.columns.len() == 1
                    && table.column(&fk.columns[0]).is_some_and(|col| {
                        super::model::relation(ctx, &table, col, Some(&model)).is_some_and(|(r, _)| r.db_constraint)
                    });
                if !native {
                    if ctx.dialect == SqlDialect::Sqlite {
                        why = why.or(Some(
                            "Django creates SQLite foreign keys DEFERRABLE INITIALLY DEFERRED and without actions"
                                .into(),
                        ));
                    }
                    let original = ct.constraints.iter().find(|o| same_fk(o, c)).cloned().unwrap_or_else(|| c.clone());
                    deferred_fks.push(original);
                }
            }
        }
    }
    if table.table_name_default(&ctx.app, &name) {
        // `<app>_<model>`: Django's own table name
    } else {
        options.push(format!("{}: {}", py::string("db_table"), py::string(&ct.table.name)));
    }
    if let Some(c) = &ct.comment {
        options.push(format!("{}: {}", py::string("db_table_comment"), py::string(c)));
    }
    if !constraints.is_empty() {
        options.push(format!("{}: {}", py::string("constraints"), py::list(&constraints, 0)));
    }
    let mut call = Call::new("migrations.CreateModel").kw("name", py::string(&name)).kw("fields", py::list(&fields, 0));
    if !options.is_empty() {
        call = call.kw("options", format!("{{{}}}", options.join(", ")));
    }
    let state_op = call.render(0);
    let out = match why {
        Some(w) => {
            model.state_exact = false;
            // raw SQL creates the table: the later operations stay what they are
            ctx.created_fks.retain(|(t, _)| *t != ct.table.key());
            vec![fallback(ctx, op, vec![state_op], &format!("{w}; polymig's SQL for {}", ctx.dialect.as_str()), INDENT)]
        }
        None => {
            let mut out = vec![call.render(INDENT)];
            // The table without the foreign keys Django does not create, then each in SQL.
            let mut bare = ct.clone();
            bare.constraints.retain(|c| !deferred_fks.iter().any(|d| same_fk(d, c)));
            let mut scratch = ctx.state.clone();
            let _ = replay(&mut scratch, &Op::new(bare, op.span.clone()), Some(ctx.dialect));
            for fk in deferred_fks {
                let add = Op::new(
                    AddConstraint { table: ct.table.clone(), constraint: fk, not_valid: false },
                    op.span.clone(),
                );
                let saved = std::mem::replace(&mut ctx.state, scratch.clone());
                out.push(fallback(
                    ctx,
                    &add,
                    vec![],
                    "Django names foreign keys with a hash, defers them on PostgreSQL and emulates ON DELETE in Python; \
                     this keeps polymig's constraint",
                    INDENT,
                ));
                ctx.state = saved;
                let _ = replay(&mut scratch, &add, Some(ctx.dialect));
            }
            out
        }
    };
    ctx.models.insert(&ct.table, model);
    out
}

/// The columns of `table` a CHECK expression names.
pub fn mentioned(table: &Table, expr: &str) -> Vec<String> {
    let words: Vec<&str> = expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
    table.columns.iter().filter(|c| words.contains(&c.name.as_str())).map(|c| c.name.clone()).collect()
}

fn same_fk(a: &Constraint, b: &Constraint) -> bool {
    match (&a.kind, &b.kind) {
        (ConstraintKind::ForeignKey(x), ConstraintKind::ForeignKey(y)) => {
            x.columns == y.columns && x.ref_table == y.ref_table
        }
        _ => false,
    }
}

trait DefaultName {
    fn table_name_default(&self, app: &str, model: &str) -> bool;
}

impl DefaultName for Table {
    /// True when Django's default `db_table` (`<app_label>_<model_name lower>`) is this table's name.
    fn table_name_default(&self, app: &str, model: &str) -> bool {
        self.name.schema.is_none() && self.name.name == format!("{app}_{}", model.to_ascii_lowercase())
    }
}

/// `DeleteModel(name)`.
pub fn drop_table(ctx: &mut Ctx, op: &Op, dt: &DropTable) -> Vec<String> {
    match ctx.models.remove(&dt.table) {
        Some(m) => vec![Call::new("migrations.DeleteModel").kw("name", py::string(&m.name)).render(INDENT)],
        None => vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)],
    }
}

/// `AlterModelTable(name, table)`: Django renames the table and keeps the model.
pub fn rename_table(ctx: &mut Ctx, op: &Op, rt: &RenameTable) -> Vec<String> {
    let Some(m) = ctx.models.remove(&rt.from) else {
        return vec![fallback(ctx, op, vec![], "Django has no model for this table", INDENT)];
    };
    let call =
        Call::new("migrations.AlterModelTable").kw("name", py::string(&m.name)).kw("table", py::string(&rt.to.name));
    let out = if rt.to.schema.is_some() || rt.from.schema.is_some() {
        fallback(ctx, op, vec![call.render(0)], "schema-qualified rename", INDENT)
    } else {
        call.render(INDENT)
    };
    ctx.models.insert(&rt.to, m);
    vec![out]
}

/// `AlterModelTableComment(name, table_comment)` for a table comment on PostgreSQL and MySQL;
/// column comments and SQLite stay raw SQL.
pub fn comment(ctx: &mut Ctx, op: &Op, c: &Comment) -> Vec<String> {
    if let CommentTarget::Table { table } = &c.target
        && ctx.dialect != SqlDialect::Sqlite
        && let Some(m) = ctx.models.get(table)
    {
        let text = c.text.as_deref().map_or("None".to_string(), py::string);
        return vec![
            Call::new("migrations.AlterModelTableComment")
                .kw("name", py::string(&m.name.to_ascii_lowercase()))
                .kw("table_comment", text)
                .render(INDENT),
        ];
    }
    let why = match &c.target {
        CommentTarget::Table { .. } => {
            "SQLite keeps no comments (polymig's SQL says so), or Django has no model for the table"
        }
        _ => "Django has no operation for a column comment alone; polymig's SQL",
    };
    vec![fallback(ctx, op, vec![], why, INDENT)]
}
