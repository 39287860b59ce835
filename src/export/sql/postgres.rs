//! PostgreSQL (11+): the reference dialect. Comments are separate `COMMENT ON`
//! statements, enums are `CREATE TYPE … AS ENUM`, `CONCURRENTLY` and
//! `ALTER TYPE … ADD VALUE` run outside a transaction.

use super::ddl::ColumnCtx;
use super::dialect::{CommentStyle, Dialect, IndexMethod};
use super::ops;
use super::ops_drop;
use super::render::{Renderer, Res};
use crate::ir::{
    AlterColumn, AlterEnum, AutoIncrement, Change, Column, Comment, CommentTarget, CreateEnum, CreateExtension,
    DataType, DefaultExpr, DropEnum, DropExtension, EnumChange, QName, RenameTable, SqlDialect, ValidateConstraint,
};
use crate::schema::naming;

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

/// `<table>_<column>_check`: the name of the CHECK an inline (MySQL) enum column carries, so a
/// later type change can replace it.
fn enum_check_name(table: &QName, column: &str) -> String {
    naming::truncate(&format!("{}_{column}_check", table.name))
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

    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, ctx: ColumnCtx<'_>) -> String {
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
            s.push_str(&format!(" GENERATED ALWAYS AS {} STORED", super::text::parenthesize(&r.expr(&g.expr))));
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
        let check = enum_check_name(ctx.table, &col.name);
        s.push_str(&super::ddl::enum_check(r, col, Some(&check)));
        super::ddl::on_update_lost(r, col);
        s
    }

    /// `boolean DEFAULT 1` (MySQL's spelling) is `TRUE` here; `TRUE` on an integer is `1`.
    fn default_value(&self, r: &mut Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
        match (d, &col.data_type) {
            (DefaultExpr::Number(n), DataType::Boolean) if n == "0" || n == "1" => self.bool_literal(n == "1").into(),
            (DefaultExpr::Bool(b), DataType::Integer { .. }) => if *b { "1" } else { "0" }.into(),
            // SQLite/MySQL `x'00ff'` is a bit string here: bytea takes `'\x00ff'`.
            (DefaultExpr::Sql(e), DataType::Binary { .. }) if super::text::hex_literal(e).is_some() => {
                format!("'\\x{}'::bytea", super::text::hex_literal(e).unwrap_or_default())
            }
            _ => super::dialect::standard_default(r, d),
        }
    }

    /// Not MySQL's `utf8mb4_bin`-style collations, nor SQLite's `NOCASE`/`RTRIM`; SQLite's `BINARY`
    /// (byte order) is `"C"`.
    fn collation(&self, name: &str) -> Option<String> {
        match name.to_ascii_uppercase().as_str() {
            "BINARY" => Some(self.quote("C")),
            "NOCASE" | "RTRIM" => None,
            _ => (!super::mysql_types::is_mysql_collation(name)).then(|| self.quote(name)),
        }
    }

    /// Any method but MySQL's `FULLTEXT` and `SPATIAL` (dropped with a warning: the default btree).
    fn index_method(&self, method: &str) -> Option<IndexMethod> {
        let m = method.to_ascii_lowercase();
        (m != "fulltext" && m != "spatial").then_some(IndexMethod {
            keyword: None,
            using: Some(m),
            using_after_parts: false,
        })
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
    fn supports_deferrable_unique(&self) -> bool {
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
        let before = r.table_before(&op.table).and_then(|t| t.column(&op.column)).cloned();
        let mut actions = Vec::new();
        if let Some(t) = &op.data_type {
            // An inline enum is text plus a CHECK on its values: a new type replaces the CHECK.
            let check = enum_check_name(&op.table, &op.column);
            if before.as_ref().is_some_and(|b| self.enum_as_check(&b.data_type)) {
                actions.push(format!("DROP CONSTRAINT IF EXISTS {}", r.q(&check)));
            }
            let mut a = format!("ALTER COLUMN {c} TYPE {}", self.type_name(r, t));
            if let Some(u) = &op.using {
                a.push_str(&format!(" USING {}", r.expr(u)));
            }
            actions.push(a);
            let clause = super::ddl::enum_check(r, &Column::new(op.column.clone(), t.clone()), Some(&check));
            if !clause.is_empty() {
                actions.push(format!("ADD{clause}"));
            }
        }
        match op.nullable {
            Some(true) => actions.push(format!("ALTER COLUMN {c} DROP NOT NULL")),
            Some(false) => actions.push(format!("ALTER COLUMN {c} SET NOT NULL")),
            None => {}
        }
        match &op.default {
            Some(Change::Set(d)) => {
                let col = before.clone().unwrap_or_else(|| Column::new(op.column.clone(), DataType::Text));
                actions.push(format!("ALTER COLUMN {c} SET DEFAULT {}", self.default_value(r, d, &col)));
            }
            // MySQL's MODIFY drops the default it does not repeat: nothing to drop when there is none
            // (and an identity column refuses DROP DEFAULT).
            Some(Change::Drop) if before.as_ref().is_some_and(|b| super::ddl::explicit_default(b).is_none()) => {}
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
            EnumChange::Rename { to } => r.emit(format!("ALTER TYPE {name} RENAME TO {}", r.q(to))),
        }
        Ok(())
    }

    /// `DROP TYPE [IF EXISTS] name [CASCADE]`.
    fn drop_enum(&self, r: &mut Renderer<'_>, op: &DropEnum) -> Res {
        let ie = if op.if_exists { "IF EXISTS " } else { "" };
        let cascade = ops_drop::cascade(r, op.cascade);
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
        let cascade = ops_drop::cascade(r, op.cascade);
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
#[path = "postgres_foreign_tests.rs"]
mod foreign_tests;
#[cfg(test)]
#[path = "postgres_tests.rs"]
mod tests;
