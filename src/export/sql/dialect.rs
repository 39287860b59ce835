//! The `Dialect` trait: what differs between databases, in one place.
//!
//! Small capability methods with defaults (`supports_*`, quoting, literals),
//! one TYPE TABLE per implementation (`type_name`), the column definition, and
//! one hook per operation whose default is the standard rendering in
//! [`super::ops`]; an implementation overrides only what its database does
//! differently (MySQL `MODIFY`, the SQLite rebuild, PostgreSQL `COMMENT ON`).

use super::ddl::ColumnCtx;
use super::ops;
use super::ops_drop;
use super::render::{Renderer, Res};
use super::text::is_number;
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, AlterEnum, Column, Comment, Constraint, CreateEnum, CreateExtension,
    CreateIndex, CreateTable, CreateView, DataType, DefaultExpr, DropColumn, DropConstraint, DropEnum, DropExtension,
    DropIndex, DropTable, DropView, QName, RenameColumn, RenameIndex, RenameTable, SqlDialect, ValidateConstraint,
};

/// How a dialect stores comments on tables and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentStyle {
    /// PostgreSQL: separate `COMMENT ON … IS '…'` statements.
    Separate,
    /// MySQL: inline `COMMENT '…'` on columns, `COMMENT = '…'` on tables.
    Inline,
    /// SQLite: no comments (dropped with a `lossy-export` warning).
    Unsupported,
}

/// How an index method is spelled: MySQL `CREATE FULLTEXT INDEX` vs `USING gin`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndexMethod {
    /// Keyword before `INDEX` (`FULLTEXT`, `SPATIAL`).
    pub keyword: Option<&'static str>,
    /// `USING …` clause body.
    pub using: Option<String>,
    /// `USING` goes after the key parts (MySQL) rather than before them (PostgreSQL).
    pub using_after_parts: bool,
}

/// One database's SQL spelling. Implemented by `Postgres`, `Mysql` and `Sqlite`.
pub(crate) trait Dialect {
    /// Which database this is.
    fn id(&self) -> SqlDialect;

    /// Name used in messages: `PostgreSQL`.
    fn display_name(&self) -> &'static str;

    /// `"ident"` with `"` doubled (MySQL overrides with backticks).
    fn quote(&self, ident: &str) -> String {
        quote_with(ident, '"')
    }

    /// `'text'` with `'` doubled (MySQL also escapes backslashes).
    fn string_literal(&self, s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// `TRUE` / `FALSE` (`1` / `0` where booleans are integers).
    fn bool_literal(&self, b: bool) -> &'static str {
        if b { "TRUE" } else { "FALSE" }
    }

    /// `"schema"."name"` or `"name"`.
    fn qualified(&self, name: &QName) -> String {
        match &name.schema {
            Some(s) => format!("{}.{}", self.quote(s), self.quote(&name.name)),
            None => self.quote(&name.name),
        }
    }

    /// The TYPE TABLE: the type's name in this dialect (warns through `r` when approximate).
    fn type_name(&self, r: &mut Renderer<'_>, t: &DataType) -> String;

    /// A full column definition: `"email" varchar(255) NOT NULL DEFAULT ''`, in the table and
    /// among the keys `ctx` describes.
    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, ctx: ColumnCtx<'_>) -> String;

    /// An IR expression (CHECK body, index expression or predicate, generated column, `Sql`
    /// default, `USING`, view query), kept in the canonical spelling of [`crate::sql_expr`], in this
    /// dialect's spelling, with notes on constructs this dialect reads differently.
    fn expression(&self, canonical: &str) -> (String, Vec<String>) {
        crate::sql_expr::from_canonical(canonical, self.id())
    }

    /// The SQL of a column default (the column gives its type for dialect rules).
    fn default_value(&self, r: &mut Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
        let _ = col;
        standard_default(r, d)
    }

    /// `COLLATE …` operand for a collation name, or `None` when this database has no such
    /// collation (written for another one): then it is dropped with a warning.
    fn collation(&self, name: &str) -> Option<String> {
        Some(self.quote(name))
    }

    /// Render this enum type as text plus `CHECK (col IN (…))` instead of a type name.
    fn enum_as_check(&self, t: &DataType) -> bool {
        let _ = t;
        false
    }

    /// Index into `constraints` of a primary key rendered inline on its column (SQLite).
    fn inline_primary_key(&self, columns: &[Column], constraints: &[Constraint]) -> Option<usize> {
        let _ = (columns, constraints);
        None
    }

    /// Where comments go.
    fn comment_style(&self) -> CommentStyle;

    /// Text after `CREATE TABLE …(…)`: MySQL ` COMMENT = '…'`.
    fn table_options(&self, r: &Renderer<'_>, comment: Option<&str>) -> String {
        let _ = (r, comment);
        String::new()
    }

    /// `DEFERRABLE INITIALLY …` on foreign keys.
    fn supports_deferrable(&self) -> bool {
        true
    }

    /// `UNIQUE (…) DEFERRABLE INITIALLY …` (PostgreSQL; SQLite defers foreign keys only).
    fn supports_deferrable_unique(&self) -> bool {
        false
    }

    /// `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15).
    fn supports_nulls_not_distinct(&self) -> bool {
        false
    }

    /// `ADD CONSTRAINT … NOT VALID` (PostgreSQL).
    fn supports_not_valid(&self) -> bool {
        false
    }

    /// `ON DELETE|UPDATE SET DEFAULT` (InnoDB rejects it).
    fn supports_set_default_action(&self) -> bool {
        true
    }

    /// `REFERENCES t` must list the referenced columns (MySQL).
    fn fk_requires_ref_columns(&self) -> bool {
        false
    }

    /// `REFERENCES` may name a schema-qualified table (not SQLite).
    fn fk_ref_qualified(&self) -> bool {
        true
    }

    /// `DROP … CASCADE` drops dependent objects (PostgreSQL only).
    fn supports_cascade(&self) -> bool {
        false
    }

    /// `ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`.
    fn supports_column_if_exists(&self) -> bool {
        false
    }

    /// `DROP CONSTRAINT IF EXISTS`.
    fn supports_constraint_if_exists(&self) -> bool {
        true
    }

    /// A primary key keeps the name written for it (MySQL calls every primary key `PRIMARY`).
    fn names_primary_keys(&self) -> bool {
        true
    }

    /// `CREATE|DROP INDEX IF [NOT] EXISTS`.
    fn supports_index_if_exists(&self) -> bool {
        true
    }

    /// `CREATE|DROP INDEX CONCURRENTLY`.
    fn supports_concurrently(&self) -> bool {
        false
    }

    /// Partial indexes (`WHERE …`).
    fn supports_partial_index(&self) -> bool {
        true
    }

    /// `INCLUDE (…)` covering columns.
    fn supports_include(&self) -> bool {
        false
    }

    /// Operator classes on index parts.
    fn supports_opclass(&self) -> bool {
        false
    }

    /// Prefix lengths on index parts: `name(10)`.
    fn supports_prefix_length(&self) -> bool {
        false
    }

    /// A column of type `t` can be indexed only by a prefix (MySQL `text`/`blob`): plain indexes
    /// give it one, keys make it a bounded type (see `column_def`).
    fn needs_index_prefix(&self, t: &DataType) -> bool {
        let _ = t;
        false
    }

    /// `NULLS FIRST|LAST` on index parts.
    fn supports_nulls_order(&self) -> bool {
        false
    }

    /// Index names carry the schema, the table does not (SQLite `CREATE INDEX "aux"."i" ON "t"`).
    fn schema_on_index_name(&self) -> bool {
        false
    }

    /// `CREATE OR REPLACE VIEW`.
    fn supports_or_replace_view(&self) -> bool {
        true
    }

    /// Materialized views.
    fn supports_materialized_view(&self) -> bool {
        false
    }

    /// How an index method is spelled (`None` warns and drops it).
    fn index_method(&self, method: &str) -> Option<IndexMethod> {
        Some(IndexMethod { keyword: None, using: Some(method.to_ascii_lowercase()), using_after_parts: false })
    }

    /// `CREATE TABLE`.
    fn create_table(&self, r: &mut Renderer<'_>, op: &CreateTable) -> Res {
        ops::create_table(r, op)
    }
    /// `DROP TABLE`.
    fn drop_table(&self, r: &mut Renderer<'_>, op: &DropTable) -> Res {
        ops_drop::drop_table(r, op)
    }
    /// `ALTER TABLE … RENAME TO …`.
    fn rename_table(&self, r: &mut Renderer<'_>, op: &RenameTable) -> Res {
        ops::rename_table(r, op)
    }
    /// `ALTER TABLE … ADD COLUMN`.
    fn add_column(&self, r: &mut Renderer<'_>, op: &AddColumn) -> Res {
        ops::add_column(r, op)
    }
    /// `ALTER TABLE … DROP COLUMN`.
    fn drop_column(&self, r: &mut Renderer<'_>, op: &DropColumn) -> Res {
        ops_drop::drop_column(r, op)
    }
    /// `ALTER TABLE … RENAME COLUMN`.
    fn rename_column(&self, r: &mut Renderer<'_>, op: &RenameColumn) -> Res {
        ops::rename_column(r, op)
    }
    /// `ALTER TABLE … ALTER COLUMN`.
    fn alter_column(&self, r: &mut Renderer<'_>, op: &AlterColumn) -> Res;
    /// `CREATE INDEX`.
    fn create_index(&self, r: &mut Renderer<'_>, op: &CreateIndex) -> Res {
        ops::create_index(r, op)
    }
    /// `DROP INDEX`.
    fn drop_index(&self, r: &mut Renderer<'_>, op: &DropIndex) -> Res {
        ops_drop::drop_index(r, op)
    }
    /// `ALTER INDEX … RENAME TO …`.
    fn rename_index(&self, r: &mut Renderer<'_>, op: &RenameIndex) -> Res {
        ops::rename_index(r, op)
    }
    /// `ALTER TABLE … ADD CONSTRAINT`.
    fn add_constraint(&self, r: &mut Renderer<'_>, op: &AddConstraint) -> Res {
        ops::add_constraint(r, op)
    }
    /// `ALTER TABLE … DROP CONSTRAINT`.
    fn drop_constraint(&self, r: &mut Renderer<'_>, op: &DropConstraint) -> Res {
        ops_drop::drop_constraint(r, op)
    }
    /// `ALTER TABLE … VALIDATE CONSTRAINT` (a no-op where constraints are always validated).
    fn validate_constraint(&self, r: &mut Renderer<'_>, op: &ValidateConstraint) -> Res {
        r.emit_comment(&format!(
            "{} validates constraints when they are added: nothing to do for {}",
            self.display_name(),
            op.name
        ));
        Ok(())
    }
    /// `CREATE TYPE … AS ENUM` (state-only where enums are inline).
    fn create_enum(&self, r: &mut Renderer<'_>, op: &CreateEnum) -> Res {
        r.emit_comment(&format!(
            "{} has no enum types: the values of {} are written into the columns that use it",
            self.display_name(),
            op.name
        ));
        Ok(())
    }
    /// `ALTER TYPE … ADD VALUE | RENAME VALUE`.
    fn alter_enum(&self, r: &mut Renderer<'_>, op: &AlterEnum) -> Res;
    /// `DROP TYPE` (state-only where enums are inline).
    fn drop_enum(&self, r: &mut Renderer<'_>, op: &DropEnum) -> Res {
        r.emit_comment(&format!("{} has no enum types: nothing to drop for {}", self.display_name(), op.name));
        Ok(())
    }
    /// `CREATE VIEW`.
    fn create_view(&self, r: &mut Renderer<'_>, op: &CreateView) -> Res {
        ops::create_view(r, op)
    }
    /// `DROP VIEW`.
    fn drop_view(&self, r: &mut Renderer<'_>, op: &DropView) -> Res {
        ops_drop::drop_view(r, op)
    }
    /// `CREATE EXTENSION` (PostgreSQL only).
    fn create_extension(&self, r: &mut Renderer<'_>, op: &CreateExtension) -> Res {
        let _ = r;
        Err(ops::unsupported_extension(self.display_name(), &op.name))
    }
    /// `DROP EXTENSION` (PostgreSQL only).
    fn drop_extension(&self, r: &mut Renderer<'_>, op: &DropExtension) -> Res {
        let _ = r;
        Err(ops::unsupported_extension(self.display_name(), &op.name))
    }
    /// `COMMENT ON …`.
    fn comment(&self, r: &mut Renderer<'_>, op: &Comment) -> Res;
}

/// `qident` with `q` doubled inside: `"a""b"`, `` `a``b` ``.
pub(crate) fn quote_with(ident: &str, q: char) -> String {
    let mut s = String::with_capacity(ident.len() + 2);
    s.push(q);
    for c in ident.chars() {
        if c == q {
            s.push(q);
        }
        s.push(c);
    }
    s.push(q);
    s
}

/// The portable spelling of a default.
pub(crate) fn standard_default(r: &mut Renderer<'_>, d: &DefaultExpr) -> String {
    match d {
        DefaultExpr::Null => "NULL".into(),
        DefaultExpr::Bool(b) => r.d.bool_literal(*b).into(),
        DefaultExpr::Number(n) if is_number(n) => n.clone(),
        DefaultExpr::Number(n) => r.lit(n),
        DefaultExpr::String(s) => r.lit(s),
        DefaultExpr::CurrentTimestamp => "CURRENT_TIMESTAMP".into(),
        DefaultExpr::CurrentDate => "CURRENT_DATE".into(),
        DefaultExpr::CurrentTime => "CURRENT_TIME".into(),
        DefaultExpr::Sql(e) => r.expr(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_doubles_the_quote_character() {
        assert_eq!(quote_with("select", '"'), "\"select\"");
        assert_eq!(quote_with("a\"b", '"'), "\"a\"\"b\"");
        assert_eq!(quote_with("a`b", '`'), "`a``b`");
    }
}
