//! The operations of the IR: one struct per change, one enum over them.
//!
//! Each variant's doc shows the SQL it stands for and its ORM spellings.

use serde::{Deserialize, Serialize};

use super::{Column, Constraint, DataType, DefaultExpr, Index, QName, Span, SqlDialect, types::is_false};

/// An [`Operation`] with the span of the source it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Op {
    /// The change itself (serialised inline, tagged by `"op"`).
    #[serde(flatten)]
    pub kind: Operation,
    /// Where it was written.
    pub span: Span,
}

impl Op {
    /// Wrap an operation with its span.
    pub fn new(kind: impl Into<Operation>, span: Span) -> Self {
        Op { kind: kind.into(), span }
    }
}

/// One schema change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    /// `CREATE TABLE` — Alembic `op.create_table`, Django `CreateModel`, Rails `create_table`.
    CreateTable(CreateTable),
    /// `DROP TABLE` — `op.drop_table`, `DeleteModel`, `drop_table`.
    DropTable(DropTable),
    /// `ALTER TABLE a RENAME TO b` — `op.rename_table`, `RenameModel`, `rename_table`.
    RenameTable(RenameTable),
    /// `ALTER TABLE t ADD COLUMN` — `op.add_column`, `AddField`, `add_column`.
    AddColumn(AddColumn),
    /// `ALTER TABLE t DROP COLUMN` — `op.drop_column`, `RemoveField`, `remove_column`.
    DropColumn(DropColumn),
    /// `ALTER TABLE t RENAME COLUMN a TO b` — `alter_column(new_column_name=)`, `RenameField`, `rename_column`.
    RenameColumn(RenameColumn),
    /// `ALTER TABLE t ALTER COLUMN …` (type, nullability, default, comment) — `op.alter_column`, `AlterField`, `change_column`.
    AlterColumn(AlterColumn),
    /// `CREATE [UNIQUE] INDEX` — `op.create_index`, `AddIndex`, `add_index`.
    CreateIndex(CreateIndex),
    /// `DROP INDEX` — `op.drop_index`, `RemoveIndex`, `remove_index`.
    DropIndex(DropIndex),
    /// `ALTER INDEX a RENAME TO b` — `RenameIndex`, `rename_index`.
    RenameIndex(RenameIndex),
    /// `ALTER TABLE t ADD CONSTRAINT` — `op.create_foreign_key`, `AddConstraint`, `add_foreign_key`.
    AddConstraint(AddConstraint),
    /// `ALTER TABLE t DROP CONSTRAINT` — `op.drop_constraint`, `RemoveConstraint`, `remove_foreign_key`.
    DropConstraint(DropConstraint),
    /// `ALTER TABLE t VALIDATE CONSTRAINT c` (PostgreSQL) — Rails `validate_foreign_key`.
    ValidateConstraint(ValidateConstraint),
    /// `CREATE TYPE name AS ENUM (…)` — `sa.Enum(create_type=True)`, Rails `create_enum`.
    CreateEnum(CreateEnum),
    /// `ALTER TYPE name ADD VALUE … | RENAME VALUE …` — Rails `add_enum_value`.
    AlterEnum(AlterEnum),
    /// `DROP TYPE name` — Rails `drop_enum`.
    DropEnum(DropEnum),
    /// `CREATE [OR REPLACE] [MATERIALIZED] VIEW name AS …`.
    CreateView(CreateView),
    /// `DROP [MATERIALIZED] VIEW name`.
    DropView(DropView),
    /// `CREATE EXTENSION name` — Rails `enable_extension`.
    CreateExtension(CreateExtension),
    /// `DROP EXTENSION name` — Rails `disable_extension`.
    DropExtension(DropExtension),
    /// `COMMENT ON TABLE|COLUMN … IS …` — `change_table_comment`, `db_table_comment`.
    Comment(Comment),
    /// Raw SQL kept verbatim (DML, functions, triggers, grants, …) — `op.execute`, `RunSQL`, `execute`.
    Sql(RawSql),
    /// A batched, resumable `UPDATE` — `-- polymig:backfill …`, Rails `in_batches.update_all`.
    Backfill(super::Backfill),
    /// Host-language code polymig cannot translate, kept verbatim — Django `RunPython`, Ruby loops over models.
    Opaque(Opaque),
    /// Alternatives per database from host code that branches on the dialect.
    ByDialect(ByDialect),
}

/// `CREATE TABLE [IF NOT EXISTS] name (columns, constraints) [COMMENT '…']`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreateTable {
    /// Table name.
    pub table: QName,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Table constraints, including those written inline on columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// `IF NOT EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_not_exists: bool,
    /// Table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `DROP TABLE [IF EXISTS] name [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropTable {
    /// Table name.
    pub table: QName,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `ALTER TABLE from RENAME TO to` / `RENAME TABLE from TO to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RenameTable {
    /// Old name.
    pub from: QName,
    /// New name.
    pub to: QName,
}

/// `ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] col …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AddColumn {
    /// Table.
    pub table: QName,
    /// The new column.
    pub column: Column,
    /// Constraints written inline on the column (`REFERENCES`, `UNIQUE`, `PRIMARY KEY`, `CHECK`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// `IF NOT EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_not_exists: bool,
}

/// `ALTER TABLE t DROP [COLUMN] [IF EXISTS] col [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropColumn {
    /// Table.
    pub table: QName,
    /// Column name.
    pub column: String,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `ALTER TABLE t RENAME COLUMN from TO to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RenameColumn {
    /// Table.
    pub table: QName,
    /// Old name.
    pub from: String,
    /// New name.
    pub to: String,
}

/// `ALTER TABLE t ALTER COLUMN c [TYPE …] [SET|DROP NOT NULL] [SET|DROP DEFAULT]`, MySQL `MODIFY`,
/// plus comment changes. Each change is optional; at least one is present.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AlterColumn {
    /// Table.
    pub table: QName,
    /// Column.
    pub column: String,
    /// New type.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub data_type: Option<DataType>,
    /// PostgreSQL `USING expr` for the type change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    /// New nullability (`Some(false)` = `SET NOT NULL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// New default (`Set` or `Drop`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Change<DefaultExpr>>,
    /// New comment (`Set` or `Drop`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Change<String>>,
}

/// Setting or removing an optional property.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change<T> {
    /// `SET …`.
    Set(T),
    /// `DROP …`.
    Drop,
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreateIndex {
    /// The index.
    pub index: Index,
    /// PostgreSQL `CONCURRENTLY` (must run outside a transaction).
    #[serde(default, skip_serializing_if = "is_false")]
    pub concurrently: bool,
    /// `IF NOT EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_not_exists: bool,
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] name` / MySQL `DROP INDEX name ON table`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropIndex {
    /// Index name.
    pub name: QName,
    /// Table, when the source names it (MySQL, Alembic, Rails); otherwise looked up in the state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<QName>,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// PostgreSQL `CONCURRENTLY`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub concurrently: bool,
}

/// `ALTER INDEX from RENAME TO to` / MySQL `ALTER TABLE t RENAME INDEX from TO to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RenameIndex {
    /// Table, when known from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<QName>,
    /// Old name.
    pub from: String,
    /// New name.
    pub to: String,
}

/// `ALTER TABLE t ADD [CONSTRAINT name] … [NOT VALID]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AddConstraint {
    /// Table.
    pub table: QName,
    /// The constraint.
    pub constraint: Constraint,
    /// PostgreSQL `NOT VALID` (checked later by `VALIDATE CONSTRAINT`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_valid: bool,
}

/// `ALTER TABLE t DROP CONSTRAINT [IF EXISTS] name` (MySQL: `DROP FOREIGN KEY`, `DROP INDEX`, `DROP PRIMARY KEY`, `DROP CHECK`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropConstraint {
    /// Table.
    pub table: QName,
    /// Constraint name (`PRIMARY` for MySQL's `DROP PRIMARY KEY`).
    pub name: String,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `ALTER TABLE t VALIDATE CONSTRAINT name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValidateConstraint {
    /// Table.
    pub table: QName,
    /// Constraint name.
    pub name: String,
}

/// `CREATE TYPE name AS ENUM ('a', 'b')`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreateEnum {
    /// Type name.
    pub name: QName,
    /// Values in order.
    pub values: Vec<String>,
}

/// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']`, `RENAME VALUE 'a' TO 'b'`
/// or `RENAME TO other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AlterEnum {
    /// Type name.
    pub name: QName,
    /// What changes.
    pub change: EnumChange,
}

/// The change made by [`AlterEnum`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum EnumChange {
    /// `ADD VALUE [IF NOT EXISTS] 'value' [BEFORE 'x' | AFTER 'x']`.
    AddValue {
        /// New value.
        value: String,
        /// `BEFORE 'x'`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<String>,
        /// `AFTER 'x'`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        /// `IF NOT EXISTS`.
        #[serde(default, skip_serializing_if = "is_false")]
        if_not_exists: bool,
    },
    /// `RENAME VALUE 'from' TO 'to'`.
    RenameValue {
        /// Old value.
        from: String,
        /// New value.
        to: String,
    },
    /// `RENAME TO new_name` (the type; it stays in its schema, and columns of it follow).
    Rename {
        /// New type name.
        to: String,
    },
}

/// `DROP TYPE [IF EXISTS] name [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropEnum {
    /// Type name.
    pub name: QName,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `CREATE [OR REPLACE] [MATERIALIZED] VIEW name [(columns)] AS query`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreateView {
    /// View name.
    pub name: QName,
    /// Column names, when listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// The query, verbatim from the source.
    pub query: String,
    /// `MATERIALIZED` (PostgreSQL).
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// `OR REPLACE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub or_replace: bool,
}

/// `DROP [MATERIALIZED] VIEW [IF EXISTS] name [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropView {
    /// View name.
    pub name: QName,
    /// `MATERIALIZED`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [SCHEMA s] [VERSION v]` (PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreateExtension {
    /// Extension name.
    pub name: String,
    /// `IF NOT EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_not_exists: bool,
    /// `SCHEMA s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `VERSION v`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `DROP EXTENSION [IF EXISTS] name [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DropExtension {
    /// Extension name.
    pub name: String,
    /// `IF EXISTS`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_exists: bool,
    /// `CASCADE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cascade: bool,
}

/// `COMMENT ON TABLE t IS '…'` / `COMMENT ON COLUMN t.c IS '…'` (`None` = `IS NULL`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Comment {
    /// What is commented.
    pub target: CommentTarget,
    /// The comment text, or `None` to remove it.
    pub text: Option<String>,
}

/// The object a [`Comment`] applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum CommentTarget {
    /// `COMMENT ON TABLE t`.
    Table {
        /// Table.
        table: QName,
    },
    /// `COMMENT ON COLUMN t.c`.
    Column {
        /// Table.
        table: QName,
        /// Column.
        column: String,
    },
}

/// Raw SQL polymig keeps verbatim: `op.execute("…")`, `RunSQL`, DML, functions, triggers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RawSql {
    /// The statement(s), verbatim.
    pub sql: String,
    /// The reverse SQL, when the source gave one (`RunSQL(reverse_sql=…)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub down: Option<String>,
    /// The dialect the SQL is written in, when known; exporting to another dialect warns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<SqlDialect>,
    /// PostgreSQL statements that refuse to run in a transaction block (`VACUUM`, `… CONCURRENTLY`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_transaction: bool,
}

/// Source code polymig could not translate: kept verbatim, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Opaque {
    /// The source text, verbatim.
    pub source: String,
    /// Why it could not be translated.
    pub reason: String,
    /// Language of the source: `python`, `ruby`, `typescript`, `sql`, …
    pub language: String,
}

/// Alternatives per database, from host code like `if op.get_bind().dialect.name == "postgresql":`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ByDialect {
    /// The branches for named dialects.
    pub branches: Vec<DialectBranch>,
    /// The `else` branch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub otherwise: Vec<Op>,
}

/// One branch of a [`ByDialect`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DialectBranch {
    /// The dialect(s) the branch applies to.
    pub dialects: Vec<SqlDialect>,
    /// Operations of the branch.
    pub ops: Vec<Op>,
}

macro_rules! into_operation {
    ($($t:ident => $v:ident),* $(,)?) => {
        $(impl From<$t> for Operation {
            fn from(x: $t) -> Self {
                Operation::$v(x)
            }
        })*
    };
}

into_operation!(
    CreateTable => CreateTable, DropTable => DropTable, RenameTable => RenameTable,
    AddColumn => AddColumn, DropColumn => DropColumn, RenameColumn => RenameColumn,
    AlterColumn => AlterColumn, CreateIndex => CreateIndex, DropIndex => DropIndex,
    RenameIndex => RenameIndex, AddConstraint => AddConstraint, DropConstraint => DropConstraint,
    ValidateConstraint => ValidateConstraint, CreateEnum => CreateEnum, AlterEnum => AlterEnum,
    DropEnum => DropEnum, CreateView => CreateView, DropView => DropView,
    CreateExtension => CreateExtension, DropExtension => DropExtension, Comment => Comment,
    RawSql => Sql, Opaque => Opaque, ByDialect => ByDialect,
);

impl From<super::Backfill> for Operation {
    fn from(x: super::Backfill) -> Self {
        Operation::Backfill(x)
    }
}

impl Operation {
    /// The variant name, as used in rendered comments: `AddColumn`.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::CreateTable(_) => "CreateTable",
            Operation::DropTable(_) => "DropTable",
            Operation::RenameTable(_) => "RenameTable",
            Operation::AddColumn(_) => "AddColumn",
            Operation::DropColumn(_) => "DropColumn",
            Operation::RenameColumn(_) => "RenameColumn",
            Operation::AlterColumn(_) => "AlterColumn",
            Operation::CreateIndex(_) => "CreateIndex",
            Operation::DropIndex(_) => "DropIndex",
            Operation::RenameIndex(_) => "RenameIndex",
            Operation::AddConstraint(_) => "AddConstraint",
            Operation::DropConstraint(_) => "DropConstraint",
            Operation::ValidateConstraint(_) => "ValidateConstraint",
            Operation::CreateEnum(_) => "CreateEnum",
            Operation::AlterEnum(_) => "AlterEnum",
            Operation::DropEnum(_) => "DropEnum",
            Operation::CreateView(_) => "CreateView",
            Operation::DropView(_) => "DropView",
            Operation::CreateExtension(_) => "CreateExtension",
            Operation::DropExtension(_) => "DropExtension",
            Operation::Comment(_) => "Comment",
            Operation::Sql(_) => "Sql",
            Operation::Backfill(_) => "Backfill",
            Operation::Opaque(_) => "Opaque",
            Operation::ByDialect(_) => "ByDialect",
        }
    }
}
