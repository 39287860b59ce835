//! MySQL 8 and MariaDB 10.5+. Backtick quoting, backslash-escaping string
//! literals, `1`/`0` booleans, inline `enum('a','b')` and `COMMENT '…'`, and
//! `MODIFY COLUMN` with the full definition from the replayed state (MySQL
//! forgets every attribute a `MODIFY` does not repeat).

use super::ddl::{self, ColumnCtx};
use super::ddl_index;
use super::dialect::{CommentStyle, Dialect, IndexMethod, quote_with};
use super::mysql_types;
use super::ops;
use super::ops_drop;
use super::render::{Renderer, Res, Unsupported};
use crate::ir::{
    AddConstraint, AlterColumn, AlterEnum, Column, Comment, CommentTarget, ConstraintKind, CreateIndex, DataType,
    DefaultExpr, DropColumn, DropConstraint, DropIndex, DropTable, EnumChange, IndexKey, IndexPart, QName, RenameIndex,
    RenameTable, SqlDialect,
};

/// The MySQL / MariaDB dialect.
pub(crate) struct Mysql;

impl Mysql {
    /// `ALTER TABLE t MODIFY COLUMN <full definition of the column after the operation>`.
    fn modify(&self, r: &mut Renderer<'_>, table: &QName, column: &str, why: &str) -> Res {
        let sql = self.modify_sql(r, table, column, why)?;
        r.emit(sql);
        Ok(())
    }

    fn modify_sql(&self, r: &mut Renderer<'_>, table: &QName, column: &str, why: &str) -> Result<String, Unsupported> {
        let col = r.column_after(table, column, why)?;
        let t = r.table_after(table, why)?;
        let def = self.column_def(r, &col, ColumnCtx::new(&t.name, &col.name, &t.constraints, &t.indexes));
        Ok(format!("ALTER TABLE {} MODIFY COLUMN {def}", r.qn(table)))
    }

    /// Before a key is added on existing `text` / `blob` columns: `MODIFY COLUMN` each to the
    /// bounded type a key needs (see `mysql_types::key_type`).
    fn key_columns(&self, r: &mut Renderer<'_>, table: &QName, columns: &[&str]) -> Res {
        let Some(t) = r.table_before(table) else { return Ok(()) };
        let unkeyed = |c: &&Column| {
            mysql_types::key_type(&c.data_type).is_some() && !ddl::is_keyed(&c.name, &t.constraints, &t.indexes)
        };
        let widen: Vec<String> =
            columns.iter().filter_map(|c| t.column(c)).filter(unkeyed).map(|c| c.name.clone()).collect();
        for c in widen {
            let sql = self.modify_sql(r, table, &c, "a key on a MySQL text column")?;
            r.emit_noted(sql, format!("{c} becomes a type MySQL can key"), true);
        }
        Ok(())
    }

    /// The table of an index: given by the operation, or found in the state.
    fn index_table(r: &Renderer<'_>, table: Option<&QName>, index: &str) -> Result<QName, Unsupported> {
        if let Some(t) = table {
            return Ok(t.clone());
        }
        // Unique constraints are indexes in MySQL: `DROP INDEX users_email_key ON users`.
        let unique = |t: &&crate::schema::Table| {
            t.constraint(index).is_some_and(|c| matches!(c.kind, ConstraintKind::Unique { .. }))
        };
        let found = r.before().table_of_index(index).or_else(|| r.before().tables.values().find(unique));
        found.map(|t| t.name.clone()).ok_or_else(|| {
            Unsupported::missing(format!("MySQL needs the table of index {index}, which the replayed schema lacks"))
        })
    }
}

impl Dialect for Mysql {
    fn id(&self) -> SqlDialect {
        SqlDialect::Mysql
    }

    fn display_name(&self) -> &'static str {
        "MySQL"
    }

    fn quote(&self, ident: &str) -> String {
        quote_with(ident, '`')
    }

    /// `'…'` with `'` doubled and `\` (and NUL) escaped, as MySQL's default `sql_mode` requires.
    fn string_literal(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('\'');
        for c in s.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\0' => out.push_str("\\0"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    fn bool_literal(&self, b: bool) -> &'static str {
        if b { "1" } else { "0" }
    }

    fn type_name(&self, r: &mut Renderer<'_>, t: &DataType) -> String {
        mysql_types::type_name(r, t)
    }

    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, ctx: ColumnCtx<'_>) -> String {
        mysql_types::column_def(r, col, ctx)
    }

    fn default_value(&self, r: &mut Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
        mysql_types::default_value(r, d, col)
    }

    fn needs_index_prefix(&self, t: &DataType) -> bool {
        mysql_types::key_type(t).is_some()
    }

    /// Only MySQL-style collation names (`utf8mb4_bin`, `binary`).
    fn collation(&self, name: &str) -> Option<String> {
        mysql_types::is_mysql_collation(name).then(|| self.quote(name))
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Inline
    }

    /// ` COMMENT = '…'`.
    fn table_options(&self, r: &Renderer<'_>, comment: Option<&str>) -> String {
        comment.map(|c| format!(" COMMENT = {}", r.lit(c))).unwrap_or_default()
    }

    fn supports_deferrable(&self) -> bool {
        false
    }
    fn supports_set_default_action(&self) -> bool {
        false
    }
    fn fk_requires_ref_columns(&self) -> bool {
        true
    }
    fn supports_index_if_exists(&self) -> bool {
        false
    }
    fn supports_partial_index(&self) -> bool {
        false
    }
    fn supports_prefix_length(&self) -> bool {
        true
    }
    fn supports_constraint_if_exists(&self) -> bool {
        false
    }
    fn names_primary_keys(&self) -> bool {
        false
    }

    /// `FULLTEXT`/`SPATIAL` keywords, `USING BTREE|HASH`; other methods are dropped.
    fn index_method(&self, method: &str) -> Option<IndexMethod> {
        let m = method.to_ascii_lowercase();
        match m.as_str() {
            "fulltext" => Some(IndexMethod { keyword: Some("FULLTEXT"), ..IndexMethod::default() }),
            "spatial" => Some(IndexMethod { keyword: Some("SPATIAL"), ..IndexMethod::default() }),
            "btree" | "hash" => {
                Some(IndexMethod { keyword: None, using: Some(m.to_ascii_uppercase()), using_after_parts: true })
            }
            _ => None,
        }
    }

    /// `RENAME TABLE a TO b`.
    fn rename_table(&self, r: &mut Renderer<'_>, op: &RenameTable) -> Res {
        // An unqualified target stays in the source's database (not the connection's).
        let to = QName { schema: op.to.schema.clone().or_else(|| op.from.schema.clone()), name: op.to.name.clone() };
        r.emit(format!("RENAME TABLE {} TO {}", r.qn(&op.from), r.qn(&to)));
        Ok(())
    }

    /// Foreign keys and multi-column keys on the column are dropped first (PostgreSQL drops them
    /// with the column; MySQL refuses, or silently narrows the key).
    fn drop_column(&self, r: &mut Renderer<'_>, op: &DropColumn) -> Res {
        let t = r.qn(&op.table);
        if let Some(table) = r.table_before(&op.table) {
            let has = |cols: &[String]| cols.iter().any(|c| c.eq_ignore_ascii_case(&op.column));
            for c in &table.constraints {
                let Some(name) = &c.name else { continue };
                match &c.kind {
                    ConstraintKind::ForeignKey(fk) if has(&fk.columns) => {
                        let note = format!("drop foreign key {name} on the column first");
                        r.emit_noted(format!("ALTER TABLE {t} DROP FOREIGN KEY {}", r.q(name)), note, true);
                    }
                    ConstraintKind::Unique { columns, .. } if columns.len() > 1 && has(columns) => {
                        let note = format!("drop unique key {name} on the column first");
                        r.emit_noted(format!("ALTER TABLE {t} DROP INDEX {}", r.q(name)), note, true);
                    }
                    _ => {}
                }
            }
            for idx in &table.indexes {
                let cols: Vec<String> = idx.column_names().iter().map(|c| c.to_string()).collect();
                if idx.parts.len() > 1 && has(&cols) {
                    let name = ddl_index::index_name(idx);
                    let note = format!("drop index {name} on the column first");
                    r.emit_noted(format!("ALTER TABLE {t} DROP INDEX {}", r.q(&name)), note, true);
                }
            }
        }
        ops_drop::drop_column(r, op)
    }

    /// `MODIFY COLUMN` with the full definition after the change.
    fn alter_column(&self, r: &mut Renderer<'_>, op: &AlterColumn) -> Res {
        if op.using.is_some() {
            r.lossy("MySQL has no USING clause: the column's values are converted implicitly");
        }
        self.modify(r, &op.table, &op.column, "MySQL MODIFY COLUMN")
    }

    /// `DROP TABLE`; with `CASCADE`, the foreign keys that reference the table are dropped first.
    fn drop_table(&self, r: &mut Renderer<'_>, op: &DropTable) -> Res {
        if op.cascade {
            for (table, c) in ops_drop::referencing_fks(r.before(), &op.table) {
                let Some(name) = &c.name else { continue };
                let sql = format!("ALTER TABLE {} DROP FOREIGN KEY {}", r.qn(&table), r.q(name));
                r.emit_noted(sql, format!("CASCADE: drop foreign key {name} of {table} first"), true);
            }
        }
        ops_drop::drop_table(r, op)
    }

    /// `CREATE INDEX`. Expression parts are unsupported: MariaDB has no functional indexes (MySQL
    /// 8.0.13+ has). A unique index on `text` columns makes them `varchar(255)` first.
    fn create_index(&self, r: &mut Renderer<'_>, op: &CreateIndex) -> Res {
        let idx = &op.index;
        let expr = idx.parts.iter().find_map(|p| match &p.key {
            IndexKey::Expression(e) => Some(e.trim()),
            IndexKey::Column(_) => None,
        });
        if let Some(e) = expr {
            return Err(Unsupported::new(
                format!(
                    "MariaDB has no functional indexes: index {} on ({e}) cannot be created (MySQL 8.0.13+ could)",
                    ddl_index::index_name(idx)
                ),
                "index a generated column that holds the expression instead",
            ));
        }
        if idx.unique {
            let whole = |p: &&IndexPart| p.length.is_none();
            let columns: Vec<&str> = idx
                .parts
                .iter()
                .filter(whole)
                .filter_map(|p| match &p.key {
                    IndexKey::Column(c) => Some(c.as_str()),
                    IndexKey::Expression(_) => None,
                })
                .collect();
            self.key_columns(r, &idx.table, &columns)?;
        }
        ops::create_index(r, op)
    }

    /// `ADD CONSTRAINT`; a key on `text` columns makes them `varchar(255)` first.
    fn add_constraint(&self, r: &mut Renderer<'_>, op: &AddConstraint) -> Res {
        let columns: Vec<&str> = op.constraint.columns().iter().map(String::as_str).collect();
        self.key_columns(r, &op.table, &columns)?;
        ops::add_constraint(r, op)
    }

    /// `DROP INDEX name ON table`.
    fn drop_index(&self, r: &mut Renderer<'_>, op: &DropIndex) -> Res {
        if op.concurrently {
            r.lossy("MySQL has no DROP INDEX CONCURRENTLY; the index is dropped as usual");
        }
        let table = Self::index_table(r, op.table.as_ref(), &op.name.name)?;
        r.emit(format!("DROP INDEX {} ON {}", r.q(&op.name.name), r.qn(&table)));
        Ok(())
    }

    /// `ALTER TABLE t RENAME INDEX a TO b`.
    fn rename_index(&self, r: &mut Renderer<'_>, op: &RenameIndex) -> Res {
        let table = Self::index_table(r, op.table.as_ref(), &op.from)?;
        r.emit(format!("ALTER TABLE {} RENAME INDEX {} TO {}", r.qn(&table), r.q(&op.from), r.q(&op.to)));
        Ok(())
    }

    /// `DROP FOREIGN KEY` / `DROP INDEX` / `DROP PRIMARY KEY` / `DROP CONSTRAINT` (checks; MariaDB has
    /// no `DROP CHECK`) according to the constraint's kind in the replayed state.
    fn drop_constraint(&self, r: &mut Renderer<'_>, op: &DropConstraint) -> Res {
        let _ = ops_drop::cascade(r, op.cascade);
        let table = r.table_before(&op.table);
        let kind = table.and_then(|t| t.constraint(&op.name)).map(|c| &c.kind);
        let name = r.q(&op.name);
        let action = match kind {
            Some(ConstraintKind::PrimaryKey { .. }) => "DROP PRIMARY KEY".to_string(),
            None if op.name.eq_ignore_ascii_case("PRIMARY") => "DROP PRIMARY KEY".to_string(),
            Some(ConstraintKind::ForeignKey(_)) => format!("DROP FOREIGN KEY {name}"),
            Some(ConstraintKind::Unique { .. }) => format!("DROP INDEX {name}"),
            Some(ConstraintKind::Check { .. }) => format!("DROP CONSTRAINT {name}"),
            None if table.and_then(|t| t.index(&op.name)).is_some() => format!("DROP INDEX {name}"),
            None => {
                return Err(Unsupported::missing(format!(
                    "MySQL drops a constraint by kind (foreign key, unique, primary, check), and {}.{} is not in \
                     the replayed schema",
                    op.table, op.name
                )));
            }
        };
        r.emit(format!("ALTER TABLE {} {action}", r.qn(&op.table)));
        Ok(())
    }

    /// A new value: `MODIFY COLUMN` on every column of that enum type (inline enums). Renaming a
    /// value cannot be expressed (MySQL would blank the stored values).
    fn alter_enum(&self, r: &mut Renderer<'_>, op: &AlterEnum) -> Res {
        if let EnumChange::Rename { .. } = &op.change {
            // Enums are written inline in the columns: the name exists only in polymig's state.
            return Ok(());
        }
        if let EnumChange::RenameValue { from, to } = &op.change {
            return Err(Unsupported::new(
                format!("MySQL cannot rename value '{from}' of enum {} to '{to}' in place", op.name),
                "add the new value, UPDATE the rows, then remove the old value",
            ));
        }
        let key = op.name.key();
        let mut uses = Vec::new();
        for t in r.after().tables.values() {
            for c in &t.columns {
                if let DataType::Enum { name: Some(n), .. } = &c.data_type
                    && n.key().eq_ignore_ascii_case(&key)
                {
                    uses.push((t.name.clone(), c.name.clone()));
                }
            }
        }
        if uses.is_empty() {
            r.emit_comment(&format!("no column uses enum {} yet: nothing to change", op.name));
        }
        for (table, column) in uses {
            self.modify(r, &table, &column, "MySQL MODIFY COLUMN")?;
        }
        Ok(())
    }

    /// Table: `ALTER TABLE t COMMENT = '…'`; column: `MODIFY COLUMN` with the new comment.
    fn comment(&self, r: &mut Renderer<'_>, op: &Comment) -> Res {
        match &op.target {
            CommentTarget::Table { table } => {
                let text = r.lit(op.text.as_deref().unwrap_or_default());
                r.emit(format!("ALTER TABLE {} COMMENT = {text}", r.qn(table)));
                Ok(())
            }
            CommentTarget::Column { table, column } => self.modify(r, table, column, "a MySQL column comment"),
        }
    }
}

#[cfg(test)]
#[path = "mysql_tests.rs"]
mod tests;
