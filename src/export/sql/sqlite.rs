//! SQLite 3.35+. `ALTER TABLE` can only rename tables and columns, add some
//! columns and drop unconstrained ones; every other change is a table rebuild
//! (see [`super::sqlite_rebuild`]). Enums are `text` plus `CHECK (col IN (…))`;
//! comments do not exist (dropped with a `lossy-export` warning).

use super::ddl::{self, ColumnCtx, TableInfo};
use super::ddl_index;
use super::dialect::{CommentStyle, Dialect, standard_default};
use super::render::{Renderer, Res, Unsupported};
use super::sqlite_rebuild::rebuild;
use super::text::{is_number, is_string_literal, mentions, parenthesize};
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, AlterEnum, Column, Comment, Constraint, ConstraintKind, DataType,
    DefaultExpr, DropColumn, DropConstraint, DropTable, EnumChange, IndexKey, QName, RenameIndex, SqlDialect,
};
use crate::schema::Table;

/// The SQLite dialect.
pub(crate) struct Sqlite;

/// A default SQLite accepts without parentheses: a literal or `CURRENT_TIMESTAMP|DATE|TIME`.
fn literal_default(e: &str) -> bool {
    let u = e.trim().to_ascii_uppercase();
    ["NULL", "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"].contains(&u.as_str())
        || is_number(&u)
        || is_string_literal(&u)
        || (u.starts_with("X'") && is_string_literal(&u[1..]))
}

/// A constant default `ALTER TABLE … ADD COLUMN` accepts.
fn constant_default(d: &DefaultExpr) -> bool {
    match d {
        DefaultExpr::CurrentTimestamp | DefaultExpr::CurrentDate | DefaultExpr::CurrentTime => false,
        DefaultExpr::Sql(e) => literal_default(e) && !e.trim().to_ascii_uppercase().starts_with("CURRENT_"),
        _ => true,
    }
}

/// Why `ALTER TABLE … ADD COLUMN` cannot add this column (then the table is rebuilt).
fn add_column_blocker(op: &AddColumn) -> Option<&'static str> {
    let col = &op.column;
    let default_null = matches!(col.default, None | Some(DefaultExpr::Null));
    for c in &op.constraints {
        let own = c.columns().len() == 1 && c.columns()[0].eq_ignore_ascii_case(&col.name);
        match &c.kind {
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => return Some("PRIMARY KEY or UNIQUE"),
            ConstraintKind::ForeignKey(_) if !own => return Some("a multi-column foreign key"),
            ConstraintKind::ForeignKey(_) if !default_null => return Some("REFERENCES with a non-NULL default"),
            _ => {}
        }
    }
    if col.generated.as_ref().is_some_and(|g| g.stored) {
        return Some("a STORED generated column");
    }
    if col.default.as_ref().is_some_and(|d| !constant_default(d)) {
        return Some("a non-constant default");
    }
    if !col.nullable && default_null && col.generated.is_none() {
        return Some("NOT NULL without a default");
    }
    None
}

/// True when dropping `column` needs a rebuild: a key, index, check or generated column uses it.
fn drop_blocked(table: &Table, column: &str) -> bool {
    let is = |c: &str| c.eq_ignore_ascii_case(column);
    let constrained = table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::Check { expr } => mentions(expr, column),
        _ => c.columns().iter().any(|c| is(c)),
    });
    let indexed = table.indexes.iter().any(|i| {
        i.parts.iter().any(|p| match &p.key {
            IndexKey::Column(c) => is(c),
            IndexKey::Expression(e) => mentions(e, column),
        }) || i.predicate.as_deref().is_some_and(|p| mentions(p, column))
    });
    let generated =
        table.columns.iter().any(|c| !is(&c.name) && c.generated.as_ref().is_some_and(|g| mentions(&g.expr, column)));
    constrained || indexed || generated
}

impl Dialect for Sqlite {
    fn id(&self) -> SqlDialect {
        SqlDialect::Sqlite
    }

    fn display_name(&self) -> &'static str {
        "SQLite"
    }

    fn bool_literal(&self, b: bool) -> &'static str {
        if b { "1" } else { "0" }
    }

    /// | IR | SQLite (affinity) |
    /// |---|---|
    /// | Boolean | `boolean` (numeric; 1/0) |
    /// | Integer (any width) | `INTEGER` (a single-column primary key is the rowid) |
    /// | Decimal, Float 32/64 | `numeric(p, s)`, `real` (SQLite's REAL is always 8 bytes) |
    /// | Char, Varchar, Text | `char(n)`, `varchar(n)`, `text` (lengths are not enforced) |
    /// | Binary | `blob` |
    /// | Date, Time, Timestamp | `date`, `time`, `timestamp` / `timestamptz` (stored as text or numbers) |
    /// | Interval | `text` (lossy) |
    /// | Uuid, Json | `uuid`, `json` (jsonb too) |
    /// | Enum | `text` + `CHECK (col IN (…))` |
    /// | Array | `json` (lossy: a JSON array in text) |
    fn type_name(&self, r: &mut Renderer<'_>, t: &DataType) -> String {
        let p = |name: &str, precision: &Option<u32>| match precision {
            Some(p) => format!("{name}({p})"),
            None => name.to_string(),
        };
        match t {
            DataType::Boolean => "boolean".into(),
            DataType::Integer { .. } => "INTEGER".into(),
            DataType::Decimal { precision: Some(pr), scale: Some(s) } => format!("numeric({pr}, {s})"),
            DataType::Decimal { precision: Some(pr), scale: None } => format!("numeric({pr})"),
            DataType::Decimal { .. } => "numeric".into(),
            DataType::Float { .. } => "real".into(),
            DataType::Char { length } => p("char", length),
            DataType::Varchar { length } => p("varchar", length),
            DataType::Text => "text".into(),
            DataType::Binary { .. } => "blob".into(),
            DataType::Date => "date".into(),
            DataType::Time { precision, .. } => p("time", precision),
            DataType::Timestamp { tz, precision } => p(if *tz { "timestamptz" } else { "timestamp" }, precision),
            DataType::Interval => {
                r.lossy("SQLite has no interval type: rendered as text");
                "text".into()
            }
            DataType::Uuid => "uuid".into(),
            DataType::Json { .. } => "json".into(),
            DataType::Enum { .. } => "text".into(),
            DataType::Array { .. } => {
                r.lossy("SQLite has no arrays: rendered as json (a JSON array stored as text)");
                "json".into()
            }
            DataType::Native { sql, dialect } => {
                let simple = sql.trim().chars().all(|c| c.is_ascii_alphanumeric() || " _(),+-".contains(c))
                    && sql
                        .split('(')
                        .nth(1)
                        .is_none_or(|args| args.trim_end_matches(')').split(',').all(|a| is_number(a.trim())));
                if simple {
                    return sql.trim().to_string();
                }
                r.lossy(format!(
                    "type `{sql}` ({}) is not a valid SQLite type name: rendered as text",
                    dialect.map_or("native".to_string(), |d| d.to_string())
                ));
                "text".into()
            }
        }
    }

    /// `"n" type [NOT NULL] [DEFAULT d] [GENERATED …] [COLLATE c] [CHECK (enum)]`, or
    /// `"id" INTEGER PRIMARY KEY AUTOINCREMENT` for the inline key.
    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, ctx: ColumnCtx<'_>) -> String {
        let mut s = match ctx.inline_pk {
            Some(pk) => {
                let name = pk.name.as_ref().map(|n| format!("CONSTRAINT {} ", r.q(n))).unwrap_or_default();
                format!("{} INTEGER {name}PRIMARY KEY AUTOINCREMENT", r.q(&col.name))
            }
            None => {
                if col.auto_increment.is_some() {
                    r.lossy(format!(
                        "column {}: SQLite auto-increments only a single-column INTEGER PRIMARY KEY; dropped",
                        col.name
                    ));
                }
                format!("{} {}", r.q(&col.name), self.type_name(r, &col.data_type))
            }
        };
        if !col.nullable {
            s.push_str(" NOT NULL");
        }
        if let Some(d) = super::ddl::explicit_default(col) {
            if col.generated.is_some() {
                r.lossy(format!("column {}: a generated column cannot have a default; dropped", col.name));
            } else {
                s.push_str(&format!(" DEFAULT {}", self.default_value(r, d, col)));
            }
        }
        if let Some(g) = &col.generated {
            let kind = if g.stored { "STORED" } else { "VIRTUAL" };
            s.push_str(&format!(" GENERATED ALWAYS AS {} {kind}", parenthesize(&r.expr(&g.expr))));
        }
        s.push_str(&ddl::collate(r, col.collation.as_deref()));
        s.push_str(&ddl::enum_check(r, col, None));
        ddl::on_update_lost(r, col);
        s
    }

    /// Expressions in parentheses; literals and `CURRENT_*` as they are.
    fn default_value(&self, r: &mut Renderer<'_>, d: &DefaultExpr, _col: &Column) -> String {
        match d {
            DefaultExpr::Sql(e) if !literal_default(e) => parenthesize(&r.expr(e)),
            _ => standard_default(r, d),
        }
    }

    /// The built-in collations only.
    fn collation(&self, name: &str) -> Option<String> {
        let upper = name.to_ascii_uppercase();
        ["BINARY", "NOCASE", "RTRIM"].contains(&upper.as_str()).then_some(upper)
    }

    fn enum_as_check(&self, t: &DataType) -> bool {
        matches!(t, DataType::Enum { .. })
    }

    /// The single-column primary key of an auto-incremented integer column.
    fn inline_primary_key(&self, columns: &[Column], constraints: &[Constraint]) -> Option<usize> {
        let i = constraints.iter().position(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))?;
        let [pk_col] = constraints[i].columns() else { return None };
        let col = columns.iter().find(|c| c.name.eq_ignore_ascii_case(pk_col))?;
        (col.auto_increment.is_some() && col.data_type.is_integer()).then_some(i)
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Unsupported
    }
    fn fk_ref_qualified(&self) -> bool {
        false
    }
    fn schema_on_index_name(&self) -> bool {
        true
    }
    fn supports_or_replace_view(&self) -> bool {
        false
    }
    fn supports_constraint_if_exists(&self) -> bool {
        false
    }

    /// SQLite has a single index method.
    fn index_method(&self, _method: &str) -> Option<super::dialect::IndexMethod> {
        None
    }

    /// `ADD COLUMN` with inline `REFERENCES`/`CHECK` when SQLite allows it, else a rebuild.
    fn add_column(&self, r: &mut Renderer<'_>, op: &AddColumn) -> Res {
        super::ops::comments(r, &op.table, None, std::slice::from_ref(&op.column));
        if add_column_blocker(op).is_some() {
            return rebuild(r, &op.table);
        }
        let ctx = ColumnCtx::new(&op.table, &op.column.name, &op.constraints, &[]);
        let mut def = self.column_def(r, &op.column, ctx);
        for c in &op.constraints {
            let name = c.name.as_ref().map(|n| format!(" CONSTRAINT {}", r.q(n))).unwrap_or_default();
            match &c.kind {
                ConstraintKind::ForeignKey(fk) => {
                    let refs = ddl::references(r, fk, TableInfo { name: &op.table, pk: None })?;
                    def.push_str(&format!("{name} {refs}"));
                }
                ConstraintKind::Check { expr } => {
                    let expr = r.expr(expr);
                    def.push_str(&format!("{name} CHECK ({expr})"));
                }
                _ => {}
            }
        }
        r.emit(format!("ALTER TABLE {} ADD COLUMN {def}", r.qn(&op.table)));
        Ok(())
    }

    /// `DROP TABLE`; with `CASCADE`, the tables whose foreign keys reference it are rebuilt without
    /// them first (as PostgreSQL drops those constraints, keeping the rows).
    fn drop_table(&self, r: &mut Renderer<'_>, op: &DropTable) -> Res {
        if op.cascade {
            let mut tables: Vec<QName> =
                super::ops_drop::referencing_fks(r.before(), &op.table).into_iter().map(|(t, _)| t).collect();
            tables.dedup();
            for t in tables {
                rebuild(r, &t)?;
            }
        }
        super::ops_drop::drop_table(r, op)
    }

    /// `DROP COLUMN` (3.35+) unless a key, index, check or generated column uses it: then a rebuild.
    fn drop_column(&self, r: &mut Renderer<'_>, op: &DropColumn) -> Res {
        if r.table_before(&op.table).is_some_and(|t| drop_blocked(t, &op.column)) {
            return rebuild(r, &op.table);
        }
        super::ops_drop::drop_column(r, op)
    }

    /// Type, nullability and default changes rebuild the table; comments are dropped.
    fn alter_column(&self, r: &mut Renderer<'_>, op: &AlterColumn) -> Res {
        if op.comment.is_some() {
            r.lossy(format!("SQLite has no comments: the comment change on {}.{} is dropped", op.table, op.column));
        }
        if op.data_type.is_none() && op.nullable.is_none() && op.default.is_none() {
            r.emit_comment("SQLite has no comments: nothing to change");
            return Ok(());
        }
        if op.using.is_some() {
            r.lossy("SQLite has no USING clause: the rebuild copies the column's values as they are");
        }
        rebuild(r, &op.table)
    }

    /// No `ALTER INDEX … RENAME`: drop it and create it again under the new name.
    fn rename_index(&self, r: &mut Renderer<'_>, op: &RenameIndex) -> Res {
        let found = match &op.table {
            Some(t) => r.table_before(t).and_then(|t| t.index(&op.from)),
            None => r.before().table_of_index(&op.from).and_then(|t| t.index(&op.from)),
        };
        let idx = found.cloned().ok_or_else(|| {
            Unsupported::missing(format!(
                "SQLite renames an index by creating it again, and index {} is not in the replayed schema",
                op.from
            ))
        })?;
        let old = super::ops::index_qname(&crate::ir::QName::new(op.from.clone()), Some(&idx.table));
        r.emit_noted(format!("DROP INDEX {}", r.qn(&old)), "drop the old name", true);
        let renamed = crate::ir::Index { name: Some(op.to.clone()), ..idx };
        let sql = ddl_index::create_index_sql(r, &renamed, false, false)?;
        r.emit_noted(sql, "create under the new name", true);
        Ok(())
    }

    /// Constraints are part of the table definition: rebuild.
    fn add_constraint(&self, r: &mut Renderer<'_>, op: &AddConstraint) -> Res {
        if op.not_valid {
            r.lossy("SQLite has no NOT VALID: the rebuild checks existing rows now");
        }
        rebuild(r, &op.table)
    }

    /// Constraints are part of the table definition: rebuild.
    fn drop_constraint(&self, r: &mut Renderer<'_>, op: &DropConstraint) -> Res {
        rebuild(r, &op.table)
    }

    /// A new value changes the `CHECK` of every column of that enum: rebuild their tables.
    fn alter_enum(&self, r: &mut Renderer<'_>, op: &AlterEnum) -> Res {
        if let EnumChange::Rename { .. } = &op.change {
            // Enums are `CHECK`s of their columns: the name exists only in polymig's state.
            return Ok(());
        }
        if let EnumChange::RenameValue { from, to } = &op.change {
            return Err(Unsupported::new(
                format!("SQLite cannot rename value '{from}' of enum {} to '{to}' in place", op.name),
                "add the new value, UPDATE the rows, then remove the old value",
            ));
        }
        let key = op.name.key();
        let tables: Vec<_> = r
            .after()
            .tables
            .values()
            .filter(|t| {
                t.columns.iter().any(|c| {
                    matches!(&c.data_type, DataType::Enum { name: Some(n), .. } if n.key().eq_ignore_ascii_case(&key))
                })
            })
            .map(|t| t.name.clone())
            .collect();
        if tables.is_empty() {
            r.emit_comment(&format!("no column uses enum {} yet: nothing to change", op.name));
        }
        for t in tables {
            rebuild(r, &t)?;
        }
        Ok(())
    }

    /// No comments in SQLite.
    fn comment(&self, r: &mut Renderer<'_>, _op: &Comment) -> Res {
        r.lossy("SQLite has no comments: the comment is dropped");
        r.emit_comment("SQLite has no comments: nothing to do");
        Ok(())
    }
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
