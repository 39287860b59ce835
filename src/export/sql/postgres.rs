//! PostgreSQL (11+): the reference dialect. Comments are separate `COMMENT ON`
//! statements, enums are `CREATE TYPE … AS ENUM`, `CONCURRENTLY` and
//! `ALTER TYPE … ADD VALUE` run outside a transaction.

use super::dialect::{CommentStyle, Dialect};
use super::ops;
use super::render::{Renderer, Res};
use crate::ir::{
    AlterColumn, AlterEnum, AutoIncrement, Change, Column, Comment, CommentTarget, Constraint, CreateEnum,
    CreateExtension, DataType, DefaultExpr, DropEnum, DropExtension, EnumChange, RenameTable, SqlDialect,
    ValidateConstraint,
};

/// The PostgreSQL dialect.
pub(crate) struct Postgres;

/// TYPE TABLE for types written for another dialect: `Native` spelling → PostgreSQL spelling.
const FOREIGN_NATIVE: &[(&str, &str)] = &[
    ("tinytext", "text"),
    ("mediumtext", "text"),
    ("longtext", "text"),
    ("tinyblob", "bytea"),
    ("blob", "bytea"),
    ("mediumblob", "bytea"),
    ("longblob", "bytea"),
    ("year", "smallint"),
    ("datetime", "timestamp"),
    ("double", "double precision"),
];

/// Integer name for `bits`, widened for MySQL `UNSIGNED` (64-bit unsigned cannot widen).
fn integer(bits: u8, unsigned: bool) -> &'static str {
    match (bits, unsigned) {
        (0..=16, false) | (0..=8, true) => "smallint",
        (17..=32, false) | (9..=24, true) => "integer",
        _ => "bigint",
    }
}

impl Postgres {
    /// `serial` family name for an integer type.
    fn serial(t: &DataType) -> Option<&'static str> {
        match t {
            DataType::Integer { bits, unsigned } => Some(match integer(*bits, *unsigned) {
                "smallint" => "smallserial",
                "integer" => "serial",
                _ => "bigserial",
            }),
            _ => None,
        }
    }
}

impl Dialect for Postgres {
    fn id(&self) -> SqlDialect {
        SqlDialect::Postgres
    }

    fn display_name(&self) -> &'static str {
        "PostgreSQL"
    }

    /// | IR | PostgreSQL |
    /// |---|---|
    /// | Boolean | `boolean` |
    /// | Integer 8/16, 24/32, 64 | `smallint`, `integer`, `bigint` (unsigned widens one step; unsigned 64 is lossy) |
    /// | Decimal | `numeric(p, s)` |
    /// | Float 32/64 | `real` / `double precision` |
    /// | Char, Varchar, Text | `char(n)`, `varchar(n)`, `text` |
    /// | Binary | `bytea` (a length limit is dropped) |
    /// | Date, Time, Timestamp | `date`, `time[tz](p)`, `timestamp[tz](p)` |
    /// | Interval, Uuid, Json | `interval`, `uuid`, `json` / `jsonb` |
    /// | Enum named / inline | the type's quoted name / `text` + `CHECK (col IN (…))` |
    /// | Array | `<element>[]` |
    fn type_name(&self, r: &mut Renderer<'_>, t: &DataType) -> String {
        let p = |name: &str, precision: &Option<u32>| match precision {
            Some(p) => format!("{name}({p})"),
            None => name.to_string(),
        };
        match t {
            DataType::Boolean => "boolean".into(),
            DataType::Integer { bits, unsigned } => {
                if *unsigned && *bits > 32 {
                    r.lossy("PostgreSQL has no unsigned bigint: values above 2^63-1 do not fit in bigint");
                }
                integer(*bits, *unsigned).into()
            }
            DataType::Decimal { precision: Some(pr), scale: Some(s) } => format!("numeric({pr}, {s})"),
            DataType::Decimal { precision: Some(pr), scale: None } => format!("numeric({pr})"),
            DataType::Decimal { .. } => "numeric".into(),
            DataType::Float { bits } if *bits <= 32 => "real".into(),
            DataType::Float { .. } => "double precision".into(),
            DataType::Char { length } => p("char", length),
            DataType::Varchar { length } => p("varchar", length),
            DataType::Text => "text".into(),
            DataType::Binary { .. } => "bytea".into(),
            DataType::Date => "date".into(),
            DataType::Time { tz, precision } => p(if *tz { "timetz" } else { "time" }, precision),
            DataType::Timestamp { tz, precision } => p(if *tz { "timestamptz" } else { "timestamp" }, precision),
            DataType::Interval => "interval".into(),
            DataType::Uuid => "uuid".into(),
            DataType::Json { binary } => if *binary { "jsonb" } else { "json" }.into(),
            DataType::Enum { name: Some(name), .. } => r.qn(name),
            DataType::Enum { name: None, .. } => "text".into(),
            DataType::Array { of } => format!("{}[]", self.type_name(r, of)),
            DataType::Native { sql, dialect } => super::ddl::native(r, sql, *dialect, self.id(), FOREIGN_NATIVE),
        }
    }

    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, _inline_pk: Option<&Constraint>) -> String {
        let serial = match col.auto_increment {
            Some(AutoIncrement::Serial) => Self::serial(&col.data_type),
            _ => None,
        };
        let ty = match serial {
            Some(s) => s.to_string(),
            None => self.type_name(r, &col.data_type),
        };
        let mut s = format!("{} {ty}", r.q(&col.name));
        s.push_str(&super::ddl::collate(r, col.collation.as_deref()));
        if let Some(g) = &col.generated {
            if !g.stored {
                r.lossy(format!(
                    "column {}: PostgreSQL before 18 has no virtual generated columns; rendered STORED",
                    col.name
                ));
            }
            s.push_str(&format!(" GENERATED ALWAYS AS {} STORED", super::text::parenthesize(&g.expr)));
        }
        let identity = match col.auto_increment {
            Some(AutoIncrement::IdentityAlways) => Some(" GENERATED ALWAYS AS IDENTITY"),
            Some(AutoIncrement::IdentityByDefault | AutoIncrement::AutoIncrement) => {
                Some(" GENERATED BY DEFAULT AS IDENTITY")
            }
            Some(AutoIncrement::Serial) if serial.is_none() => {
                r.lossy(format!("column {}: serial needs an integer type; rendered without it", col.name));
                None
            }
            _ => None,
        };
        s.push_str(identity.unwrap_or_default());
        if !col.nullable {
            s.push_str(" NOT NULL");
        }
        if let Some(d) = super::ddl::explicit_default(col) {
            if identity.is_some() || col.generated.is_some() {
                r.lossy(format!("column {}: a generated or identity column cannot have a default; dropped", col.name));
            } else if serial.is_none() {
                s.push_str(&format!(" DEFAULT {}", self.default_value(r, d, col)));
            }
        }
        s.push_str(&super::ddl::enum_check(r, col));
        s
    }

    /// `boolean DEFAULT 1` (MySQL's spelling) is `TRUE` here; `TRUE` on an integer is `1`.
    fn default_value(&self, r: &Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
        match (d, &col.data_type) {
            (DefaultExpr::Number(n), DataType::Boolean) if n == "0" || n == "1" => self.bool_literal(n == "1").into(),
            (DefaultExpr::Bool(b), DataType::Integer { .. }) => if *b { "1" } else { "0" }.into(),
            _ => super::dialect::standard_default(r, d),
        }
    }

    /// Not MySQL's `utf8mb4_bin`-style collations.
    fn collation(&self, name: &str) -> Option<String> {
        (!super::mysql::is_mysql_collation(name)).then(|| self.quote(name))
    }

    fn enum_as_check(&self, t: &DataType) -> bool {
        matches!(t, DataType::Enum { name: None, .. })
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Separate
    }
    fn supports_nulls_not_distinct(&self) -> bool {
        true
    }
    fn supports_not_valid(&self) -> bool {
        true
    }
    fn supports_cascade(&self) -> bool {
        true
    }
    fn supports_column_if_exists(&self) -> bool {
        true
    }
    fn supports_concurrently(&self) -> bool {
        true
    }
    fn supports_include(&self) -> bool {
        true
    }
    fn supports_opclass(&self) -> bool {
        true
    }
    fn supports_nulls_order(&self) -> bool {
        true
    }
    fn supports_materialized_view(&self) -> bool {
        true
    }

    /// `ALTER TABLE a SET SCHEMA s` when the schema changes, then `RENAME TO`.
    fn rename_table(&self, r: &mut Renderer<'_>, op: &RenameTable) -> Res {
        let Some(schema) = op.to.schema.as_ref().filter(|s| op.from.schema.as_ref() != Some(*s)) else {
            return ops::rename_table(r, op);
        };
        r.emit(format!("ALTER TABLE {} SET SCHEMA {}", r.qn(&op.from), r.q(schema)));
        if op.from.name != op.to.name {
            let moved = crate::ir::QName::qualified(schema.clone(), op.from.name.clone());
            r.emit(format!("ALTER TABLE {} RENAME TO {}", r.qn(&moved), r.q(&op.to.name)));
        }
        Ok(())
    }

    /// `ALTER TABLE t ALTER COLUMN c TYPE … [USING …], ALTER COLUMN c SET NOT NULL, …` and `COMMENT ON COLUMN`.
    fn alter_column(&self, r: &mut Renderer<'_>, op: &AlterColumn) -> Res {
        let c = r.q(&op.column);
        let mut actions = Vec::new();
        if let Some(t) = &op.data_type {
            if self.enum_as_check(t) {
                r.lossy(format!("column {}: an inline enum becomes text here, without its CHECK", op.column));
            }
            let mut a = format!("ALTER COLUMN {c} TYPE {}", self.type_name(r, t));
            if let Some(u) = &op.using {
                a.push_str(&format!(" USING {}", u.trim()));
            }
            actions.push(a);
        }
        match op.nullable {
            Some(true) => actions.push(format!("ALTER COLUMN {c} DROP NOT NULL")),
            Some(false) => actions.push(format!("ALTER COLUMN {c} SET NOT NULL")),
            None => {}
        }
        match &op.default {
            Some(Change::Set(d)) => {
                let col = r.table_before(&op.table).and_then(|t| t.column(&op.column)).cloned();
                let col = col.unwrap_or_else(|| Column::new(op.column.clone(), DataType::Text));
                actions.push(format!("ALTER COLUMN {c} SET DEFAULT {}", self.default_value(r, d, &col)));
            }
            Some(Change::Drop) => actions.push(format!("ALTER COLUMN {c} DROP DEFAULT")),
            None => {}
        }
        if !actions.is_empty() {
            r.emit(format!("ALTER TABLE {} {}", r.qn(&op.table), actions.join(", ")));
        }
        if let Some(change) = &op.comment {
            let text = match change {
                Change::Set(t) => Some(t.as_str()),
                Change::Drop => None,
            };
            let target = CommentTarget::Column { table: op.table.clone(), column: op.column.clone() };
            let sql = ops::comment_on(r, &target, text);
            r.emit(sql);
        }
        if r.pieces.is_empty() {
            r.emit_comment("nothing to change");
        }
        Ok(())
    }

    /// `CREATE TYPE name AS ENUM ('a', 'b')`.
    fn create_enum(&self, r: &mut Renderer<'_>, op: &CreateEnum) -> Res {
        let values = op.values.iter().map(|v| r.lit(v)).collect::<Vec<_>>().join(", ");
        r.emit(format!("CREATE TYPE {} AS ENUM ({values})", r.qn(&op.name)));
        Ok(())
    }

    /// `ALTER TYPE name ADD VALUE …` (outside a transaction) / `RENAME VALUE 'a' TO 'b'`.
    fn alter_enum(&self, r: &mut Renderer<'_>, op: &AlterEnum) -> Res {
        let name = r.qn(&op.name);
        match &op.change {
            EnumChange::AddValue { value, before, after, if_not_exists } => {
                let ine = if *if_not_exists { "IF NOT EXISTS " } else { "" };
                let mut sql = format!("ALTER TYPE {name} ADD VALUE {ine}{}", r.lit(value));
                if let Some(b) = before {
                    sql.push_str(&format!(" BEFORE {}", r.lit(b)));
                } else if let Some(a) = after {
                    sql.push_str(&format!(" AFTER {}", r.lit(a)));
                }
                let note = "required before PostgreSQL 12; the new value is then usable at once";
                r.emit_noted(sql, note, false);
            }
            EnumChange::RenameValue { from, to } => {
                r.emit(format!("ALTER TYPE {name} RENAME VALUE {} TO {}", r.lit(from), r.lit(to)));
            }
        }
        Ok(())
    }

    /// `DROP TYPE [IF EXISTS] name [CASCADE]`.
    fn drop_enum(&self, r: &mut Renderer<'_>, op: &DropEnum) -> Res {
        let ie = if op.if_exists { "IF EXISTS " } else { "" };
        let cascade = ops::cascade(r, op.cascade);
        r.emit(format!("DROP TYPE {ie}{}{cascade}", r.qn(&op.name)));
        Ok(())
    }

    /// `ALTER TABLE t VALIDATE CONSTRAINT c`.
    fn validate_constraint(&self, r: &mut Renderer<'_>, op: &ValidateConstraint) -> Res {
        r.emit(format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", r.qn(&op.table), r.q(&op.name)));
        Ok(())
    }

    /// `CREATE EXTENSION [IF NOT EXISTS] "name" [SCHEMA s] [VERSION 'v']`.
    fn create_extension(&self, r: &mut Renderer<'_>, op: &CreateExtension) -> Res {
        let ine = if op.if_not_exists { "IF NOT EXISTS " } else { "" };
        let mut sql = format!("CREATE EXTENSION {ine}{}", r.q(&op.name));
        if let Some(s) = &op.schema {
            sql.push_str(&format!(" SCHEMA {}", r.q(s)));
        }
        if let Some(v) = &op.version {
            sql.push_str(&format!(" VERSION {}", r.lit(v)));
        }
        r.emit(sql);
        Ok(())
    }

    /// `DROP EXTENSION [IF EXISTS] "name" [CASCADE]`.
    fn drop_extension(&self, r: &mut Renderer<'_>, op: &DropExtension) -> Res {
        let ie = if op.if_exists { "IF EXISTS " } else { "" };
        let cascade = ops::cascade(r, op.cascade);
        r.emit(format!("DROP EXTENSION {ie}{}{cascade}", r.q(&op.name)));
        Ok(())
    }

    /// `COMMENT ON TABLE|COLUMN … IS '…'`.
    fn comment(&self, r: &mut Renderer<'_>, op: &Comment) -> Res {
        let sql = ops::comment_on(r, &op.target, op.text.as_deref());
        r.emit(sql);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use crate::ir::*;
    use crate::schema::Schema;
    use pretty_assertions::assert_eq;

    const PG: SqlDialect = SqlDialect::Postgres;

    fn t(name: &str) -> QName {
        QName::new(name)
    }

    #[test]
    fn create_table_quotes_identifiers_and_comments_separately() {
        assert_eq!(
            sql(PG, users()),
            r#"CREATE TABLE "users" (
  "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
  "email" varchar(255) NOT NULL DEFAULT 'it''s\x',
  "select" text,
  "a""b" jsonb,
  "active" boolean NOT NULL DEFAULT TRUE,
  PRIMARY KEY ("id"),
  CONSTRAINT "users_email_key" UNIQUE ("email")
);
COMMENT ON TABLE "users" IS 'people''s accounts';
COMMENT ON COLUMN "users"."a""b" IS 'raw "payload"';"#
        );
    }

    #[test]
    fn serial_identity_generated_and_inline_enum() {
        let op = CreateTable {
            table: QName::qualified("app", "t"),
            columns: vec![
                Column { auto_increment: Some(AutoIncrement::Serial), ..req("id", DataType::int(64)) },
                Column { auto_increment: Some(AutoIncrement::IdentityAlways), ..req("n", DataType::int(32)) },
                Column {
                    generated: Some(GeneratedColumn { expr: "n * 2".into(), stored: true }),
                    ..col("twice", DataType::int(32))
                },
                col("mood", DataType::Enum { name: None, values: vec!["a".into(), "b'c".into()] }),
                col("tags", DataType::Array { of: Box::new(DataType::varchar(Some(20))) }),
                col("at", DataType::Timestamp { tz: true, precision: Some(3) }),
            ],
            constraints: vec![],
            if_not_exists: true,
            comment: None,
        };
        assert_eq!(
            sql(PG, op),
            r#"CREATE TABLE IF NOT EXISTS "app"."t" (
  "id" bigserial NOT NULL,
  "n" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
  "twice" integer GENERATED ALWAYS AS (n * 2) STORED,
  "mood" text CHECK ("mood" IN ('a', 'b''c')),
  "tags" varchar(20)[],
  "at" timestamptz(3)
);"#
        );
    }

    #[test]
    fn virtual_generated_and_unsigned_bigint_are_lossy() {
        let op = op(AddColumn {
            table: t("t"),
            column: Column {
                generated: Some(GeneratedColumn { expr: "(a + 1)".into(), stored: false }),
                ..col("g", DataType::Integer { bits: 64, unsigned: true })
            },
            constraints: vec![],
            if_not_exists: false,
        });
        let out = render(PG, &Schema::default(), None, &op);
        assert_eq!(out.sql, r#"ALTER TABLE "t" ADD COLUMN "g" bigint GENERATED ALWAYS AS (a + 1) STORED;"#);
        assert_eq!(out.codes(), ["lossy-export", "lossy-export"]);
    }

    #[test]
    fn add_column_with_constraints_and_comment() {
        let fk = ForeignKey {
            columns: vec!["org_id".into()],
            ref_table: t("orgs"),
            ref_columns: vec![],
            on_delete: Some(FkAction::Cascade),
            on_update: None,
            deferrable: Some(Deferrable::Deferred),
        };
        let op = AddColumn {
            table: t("users"),
            column: Column { comment: Some("owner".into()), ..col("org_id", DataType::int(64)) },
            constraints: vec![Constraint { name: None, kind: ConstraintKind::ForeignKey(fk) }],
            if_not_exists: true,
        };
        assert_eq!(
            sql(PG, op),
            r#"ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "org_id" bigint, ADD FOREIGN KEY ("org_id") REFERENCES "orgs" ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
COMMENT ON COLUMN "users"."org_id" IS 'owner';"#
        );
    }

    #[test]
    fn table_and_column_operations() {
        let drop = DropTable { table: t("select"), if_exists: true, cascade: true };
        assert_eq!(sql(PG, drop), r#"DROP TABLE IF EXISTS "select" CASCADE;"#);
        let rename = RenameTable { from: t("a\"b"), to: t("c") };
        assert_eq!(sql(PG, rename), r#"ALTER TABLE "a""b" RENAME TO "c";"#);
        let moved = RenameTable { from: QName::qualified("public", "a"), to: QName::qualified("archive", "b") };
        assert_eq!(
            sql(PG, moved),
            "ALTER TABLE \"public\".\"a\" SET SCHEMA \"archive\";\nALTER TABLE \"archive\".\"a\" RENAME TO \"b\";"
        );
        let dc = DropColumn { table: t("users"), column: "select".into(), if_exists: true, cascade: false };
        assert_eq!(sql(PG, dc), r#"ALTER TABLE "users" DROP COLUMN IF EXISTS "select";"#);
        let rc = RenameColumn { table: t("users"), from: "a".into(), to: "select".into() };
        assert_eq!(sql(PG, rc), r#"ALTER TABLE "users" RENAME COLUMN "a" TO "select";"#);
    }

    #[test]
    fn alter_column_combines_actions_and_comments_separately() {
        let op = AlterColumn {
            table: t("users"),
            column: "email".into(),
            data_type: Some(DataType::Text),
            using: Some("email::text".into()),
            nullable: Some(true),
            default: Some(Change::Set(DefaultExpr::Sql("lower('X')".into()))),
            comment: Some(Change::Drop),
        };
        assert_eq!(
            sql(PG, op),
            r#"ALTER TABLE "users" ALTER COLUMN "email" TYPE text USING email::text, ALTER COLUMN "email" DROP NOT NULL, ALTER COLUMN "email" SET DEFAULT lower('X');
COMMENT ON COLUMN "users"."email" IS NULL;"#
        );
        let drop_default = AlterColumn {
            table: t("users"),
            column: "n".into(),
            data_type: None,
            using: None,
            nullable: Some(false),
            default: Some(Change::Drop),
            comment: None,
        };
        assert_eq!(
            sql(PG, drop_default),
            r#"ALTER TABLE "users" ALTER COLUMN "n" SET NOT NULL, ALTER COLUMN "n" DROP DEFAULT;"#
        );
    }

    #[test]
    fn indexes_keep_every_postgres_feature() {
        let index = Index {
            name: None,
            table: t("users"),
            parts: vec![
                IndexPart { desc: true, nulls_first: Some(false), ..IndexPart::column("email") },
                IndexPart { opclass: Some("text_pattern_ops".into()), ..IndexPart::column("select") },
                IndexPart { key: IndexKey::Expression("lower(name)".into()), ..IndexPart::column("x") },
            ],
            unique: true,
            method: Some("btree".into()),
            predicate: Some("deleted_at IS NULL".into()),
            include: vec!["id".into()],
            nulls_not_distinct: true,
        };
        let op = op(CreateIndex { index, concurrently: true, if_not_exists: true });
        let out = render(PG, &Schema::default(), None, &op);
        assert_eq!(
            out.sql,
            r#"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_email_select_expr_idx" ON "users" USING btree ("email" DESC NULLS LAST, "select" text_pattern_ops, (lower(name))) INCLUDE ("id") NULLS NOT DISTINCT WHERE deleted_at IS NULL;"#
        );
        assert_eq!(out.transactional, [false]);
        let drop = op_drop_index(true);
        let out = render(PG, &Schema::default(), None, &drop);
        assert_eq!(out.sql, r#"DROP INDEX CONCURRENTLY IF EXISTS "app"."users_email_idx";"#);
        assert_eq!(out.transactional, [false]);
        let rename = RenameIndex { table: None, from: "a".into(), to: "b\"c".into() };
        assert_eq!(sql(PG, rename), r#"ALTER INDEX "a" RENAME TO "b""c";"#);
    }

    fn op_drop_index(concurrently: bool) -> Op {
        op(DropIndex {
            name: QName::new("users_email_idx"),
            table: Some(QName::qualified("app", "users")),
            if_exists: true,
            concurrently,
        })
    }

    #[test]
    fn constraints() {
        let check = Constraint { name: Some("positive".into()), kind: ConstraintKind::Check { expr: "n > 0".into() } };
        let add = AddConstraint { table: t("t"), constraint: check, not_valid: true };
        assert_eq!(sql(PG, add), r#"ALTER TABLE "t" ADD CONSTRAINT "positive" CHECK (n > 0) NOT VALID;"#);
        let validate = ValidateConstraint { table: t("t"), name: "positive".into() };
        assert_eq!(sql(PG, validate), r#"ALTER TABLE "t" VALIDATE CONSTRAINT "positive";"#);
        let drop = DropConstraint { table: t("t"), name: "positive".into(), if_exists: true, cascade: true };
        assert_eq!(sql(PG, drop), r#"ALTER TABLE "t" DROP CONSTRAINT IF EXISTS "positive" CASCADE;"#);
    }

    #[test]
    fn enums_are_types_and_add_value_runs_outside_a_transaction() {
        let create = CreateEnum { name: t("mood"), values: vec!["happy".into(), "it's".into()] };
        assert_eq!(sql(PG, create), r#"CREATE TYPE "mood" AS ENUM ('happy', 'it''s');"#);
        let add = op(AlterEnum {
            name: t("mood"),
            change: EnumChange::AddValue {
                value: "sad".into(),
                before: None,
                after: Some("happy".into()),
                if_not_exists: true,
            },
        });
        let out = render(PG, &Schema::default(), None, &add);
        assert_eq!(out.sql, r#"ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'sad' AFTER 'happy';"#);
        assert_eq!(out.transactional, [false]);
        let rename =
            AlterEnum { name: t("mood"), change: EnumChange::RenameValue { from: "sad".into(), to: "blue".into() } };
        assert_eq!(sql(PG, rename), r#"ALTER TYPE "mood" RENAME VALUE 'sad' TO 'blue';"#);
        let drop = DropEnum { name: t("mood"), if_exists: true, cascade: false };
        assert_eq!(sql(PG, drop), r#"DROP TYPE IF EXISTS "mood";"#);
        let column = CreateTable {
            table: t("t"),
            columns: vec![col("m", DataType::Enum { name: Some(t("mood")), values: vec![] })],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        };
        assert_eq!(sql(PG, column), "CREATE TABLE \"t\" (\n  \"m\" \"mood\"\n);");
    }

    #[test]
    fn views_extensions_and_comments() {
        let view = CreateView {
            name: t("v"),
            columns: vec!["a".into()],
            query: "SELECT 1;".into(),
            materialized: false,
            or_replace: true,
        };
        assert_eq!(sql(PG, view), r#"CREATE OR REPLACE VIEW "v" ("a") AS SELECT 1;"#);
        let mat = CreateView {
            name: t("m"),
            columns: vec![],
            query: "SELECT 1".into(),
            materialized: true,
            or_replace: true,
        };
        assert_eq!(
            sql(PG, mat),
            "DROP MATERIALIZED VIEW IF EXISTS \"m\";\nCREATE MATERIALIZED VIEW \"m\" AS SELECT 1;"
        );
        let drop = DropView { name: t("m"), materialized: true, if_exists: false, cascade: true };
        assert_eq!(sql(PG, drop), r#"DROP MATERIALIZED VIEW "m" CASCADE;"#);
        let ext = CreateExtension {
            name: "uuid-ossp".into(),
            if_not_exists: true,
            schema: Some("ext".into()),
            version: Some("1.1".into()),
        };
        assert_eq!(sql(PG, ext), r#"CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA "ext" VERSION '1.1';"#);
        let drop_ext = DropExtension { name: "citext".into(), if_exists: false, cascade: true };
        assert_eq!(sql(PG, drop_ext), r#"DROP EXTENSION "citext" CASCADE;"#);
        let comment = Comment { target: CommentTarget::Table { table: t("users") }, text: Some("x".into()) };
        assert_eq!(sql(PG, comment), r#"COMMENT ON TABLE "users" IS 'x';"#);
    }

    #[test]
    fn foreign_native_types_translate_or_warn() {
        let ct = op(CreateTable {
            table: t("t"),
            columns: vec![
                col("a", DataType::native("MEDIUMTEXT", Some(SqlDialect::Mysql))),
                col("b", DataType::native("geometry", Some(SqlDialect::Mysql))),
                col("c", DataType::native("tsvector", Some(SqlDialect::Postgres))),
                col("d", DataType::Integer { bits: 8, unsigned: true }),
            ],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        });
        let out = render(PG, &Schema::default(), None, &ct);
        assert_eq!(
            out.sql,
            "CREATE TABLE \"t\" (\n  \"a\" text,\n  \"b\" geometry,\n  \"c\" tsvector,\n  \"d\" smallint\n);"
        );
        assert_eq!(out.codes(), ["lossy-export"]);
    }

    #[test]
    fn mysql_style_booleans_and_collations_are_adapted() {
        let ct = op(CreateTable {
            table: t("t"),
            columns: vec![
                Column { default: Some(DefaultExpr::Number("1".into())), ..req("on", DataType::Boolean) },
                Column { default: Some(DefaultExpr::Bool(false)), ..req("n", DataType::int(16)) },
                Column { collation: Some("utf8mb4_bin".into()), ..col("a", DataType::Text) },
                Column { collation: Some("C".into()), ..col("b", DataType::Text) },
            ],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        });
        let out = render(PG, &Schema::default(), None, &ct);
        assert_eq!(
            out.sql,
            "CREATE TABLE \"t\" (\n  \"on\" boolean NOT NULL DEFAULT TRUE,\n  \"n\" smallint NOT NULL DEFAULT 0,\n  \"a\" text,\n  \"b\" text COLLATE \"C\"\n);"
        );
        assert_eq!(out.codes(), ["lossy-export"]);
    }
}
