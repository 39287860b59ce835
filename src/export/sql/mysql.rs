//! MySQL 8 and MariaDB 10.5+. Backtick quoting, backslash-escaping string
//! literals, `1`/`0` booleans, inline `enum('a','b')` and `COMMENT '…'`, and
//! `MODIFY COLUMN` with the full definition from the replayed state (MySQL
//! forgets every attribute a `MODIFY` does not repeat).

use super::ddl;
use super::dialect::{CommentStyle, Dialect, IndexMethod, quote_with, standard_default};
use super::render::{Renderer, Res, Unsupported};
use super::text::{is_number, is_parenthesized, is_string_literal, parenthesize};
use crate::ir::{
    AlterColumn, AlterEnum, Column, Comment, CommentTarget, Constraint, ConstraintKind, DataType, DefaultExpr,
    DropColumn, DropConstraint, DropIndex, EnumChange, QName, RenameIndex, RenameTable, SqlDialect,
};

/// The MySQL / MariaDB dialect.
pub(crate) struct Mysql;

/// TYPE TABLE for types written for another dialect: `Native` spelling → MySQL spelling.
const FOREIGN_NATIVE: &[(&str, &str)] = &[
    ("bytea", "longblob"),
    ("citext", "text"),
    ("inet", "varchar(45)"),
    ("cidr", "varchar(49)"),
    ("macaddr", "varchar(17)"),
    ("money", "decimal(19, 2)"),
    ("xml", "longtext"),
    ("tsvector", "longtext"),
];

/// True for types MySQL 8 only accepts an expression default on (`DEFAULT ('x')`).
fn blob_like(t: &DataType) -> bool {
    match t {
        DataType::Text | DataType::Binary { length: None, .. } | DataType::Json { .. } | DataType::Array { .. } => true,
        DataType::Varchar { length: None } => true,
        DataType::Native { sql, .. } => {
            let s = sql.to_ascii_lowercase();
            ["text", "blob", "json", "geometry", "point", "polygon", "linestring"].iter().any(|k| s.contains(k))
        }
        _ => false,
    }
}

/// A default MySQL accepts without parentheses: a literal or `CURRENT_TIMESTAMP[(p)]`/`NOW()`.
fn bare_default(e: &str) -> bool {
    let u = e.trim().to_ascii_uppercase();
    let (head, args) = match u.split_once('(') {
        Some((h, rest)) => (h.trim_end(), rest.strip_suffix(')')),
        None => (u.as_str(), Some("")),
    };
    let time_fn = ["CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP"].contains(&head)
        && args.is_some_and(|a| a.trim().bytes().all(|b| b.is_ascii_digit()));
    time_fn || ["NULL", "TRUE", "FALSE"].contains(&u.as_str()) || is_number(&u) || is_string_literal(&u)
}

/// `<charset>_<rules>` names of MySQL's character sets (or `binary`).
pub(crate) fn is_mysql_collation(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let charsets =
        ["utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary", "ucs2", "utf16", "utf32", "cp1250", "gbk", "big5"];
    n == "binary" || charsets.iter().any(|c| n.strip_prefix(c).is_some_and(|rest| rest.starts_with('_')))
}

impl Mysql {
    /// `ALTER TABLE t MODIFY COLUMN <full definition of the column after the operation>`.
    fn modify(&self, r: &mut Renderer<'_>, table: &QName, column: &str, why: &str) -> Res {
        let col = r.column_after(table, column, why)?;
        let def = self.column_def(r, &col, None);
        r.emit(format!("ALTER TABLE {} MODIFY COLUMN {def}", r.qn(table)));
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

    /// | IR | MySQL |
    /// |---|---|
    /// | Boolean | `tinyint(1)` |
    /// | Integer 8/16/24/32/64 | `tinyint`/`smallint`/`mediumint`/`int`/`bigint` [`unsigned`] |
    /// | Decimal | `decimal(p, s)`; unbounded → `decimal(65, 30)` (lossy) |
    /// | Float 32/64 | `float` / `double` |
    /// | Char, Varchar(n), Text | `char(n)`, `varchar(n)`, `text`; unbounded varchar → `text` (lossy) |
    /// | Binary | `blob` / `varbinary(n)` |
    /// | Date, Time, Timestamp | `date`, `time(p)` (time zone lost), `datetime(p)` / tz → `timestamp(p)` |
    /// | Interval | `time(6)` (lossy: at most ±838 hours) |
    /// | Uuid, Json | `char(36)`, `json` (jsonb too) |
    /// | Enum | `enum('a', 'b')` with values from the type or the replayed state |
    /// | Array | `json` (lossy) |
    fn type_name(&self, r: &mut Renderer<'_>, t: &DataType) -> String {
        let p = |name: &str, precision: &Option<u32>| match precision {
            Some(p) => format!("{name}({p})"),
            None => name.to_string(),
        };
        match t {
            DataType::Boolean => "tinyint(1)".into(),
            DataType::Integer { bits, unsigned } => {
                let base = match bits {
                    0..=8 => "tinyint",
                    9..=16 => "smallint",
                    17..=24 => "mediumint",
                    25..=32 => "int",
                    _ => "bigint",
                };
                if *unsigned { format!("{base} unsigned") } else { base.into() }
            }
            DataType::Decimal { precision: Some(pr), scale: Some(s) } => format!("decimal({pr}, {s})"),
            DataType::Decimal { precision: Some(pr), scale: None } => format!("decimal({pr})"),
            DataType::Decimal { .. } => {
                r.lossy("MySQL has no unbounded decimal: rendered as decimal(65, 30)");
                "decimal(65, 30)".into()
            }
            DataType::Float { bits } if *bits <= 32 => "float".into(),
            DataType::Float { .. } => "double".into(),
            DataType::Char { length } => p("char", length),
            DataType::Varchar { length: Some(n) } => format!("varchar({n})"),
            DataType::Varchar { length: None } => {
                r.lossy("MySQL varchar needs a length: an unbounded varchar is rendered as text (64 KiB)");
                "text".into()
            }
            DataType::Text => "text".into(),
            DataType::Binary { length: Some(n), fixed: true } => format!("binary({n})"),
            DataType::Binary { length: Some(n), fixed: false } => format!("varbinary({n})"),
            DataType::Binary { length: None, .. } => "blob".into(),
            DataType::Date => "date".into(),
            DataType::Time { tz, precision } => {
                if *tz {
                    r.lossy("MySQL time has no time zone: rendered as time");
                }
                p("time", precision)
            }
            DataType::Timestamp { tz, precision } => p(if *tz { "timestamp" } else { "datetime" }, precision),
            DataType::Interval => {
                r.lossy("MySQL has no interval type: rendered as time(6), which holds at most ±838 hours");
                "time(6)".into()
            }
            DataType::Uuid => "char(36)".into(),
            DataType::Json { .. } => "json".into(),
            DataType::Enum { name, .. } => match ddl::enum_literals(r, t) {
                Some(list) => format!("enum({list})"),
                None => {
                    let n = name.as_ref().map(ToString::to_string).unwrap_or_default();
                    r.lossy(format!("values of enum {n} are unknown in the replayed schema: rendered as text"));
                    "text".into()
                }
            },
            DataType::Array { .. } => {
                r.lossy("MySQL has no arrays: rendered as json");
                "json".into()
            }
            DataType::Native { sql, dialect } => ddl::native(r, sql, *dialect, self.id(), FOREIGN_NATIVE),
        }
    }

    /// `` `n` type [COLLATE c] [GENERATED …] [NOT NULL] [DEFAULT d] [AUTO_INCREMENT] [COMMENT '…'] ``.
    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, _inline_pk: Option<&Constraint>) -> String {
        let ty = self.type_name(r, &col.data_type);
        let mut s = format!("{} {ty}", r.q(&col.name));
        s.push_str(&ddl::collate(r, col.collation.as_deref()));
        if let Some(g) = &col.generated {
            let kind = if g.stored { "STORED" } else { "VIRTUAL" };
            s.push_str(&format!(" GENERATED ALWAYS AS {} {kind}", parenthesize(&g.expr)));
        }
        if !col.nullable {
            s.push_str(" NOT NULL");
        } else if matches!(col.data_type, DataType::Timestamp { tz: true, .. }) {
            // Without explicit_defaults_for_timestamp, a bare `timestamp` would be NOT NULL.
            s.push_str(" NULL");
        }
        if let Some(d) = super::ddl::explicit_default(col) {
            if col.generated.is_some() {
                r.lossy(format!("column {}: a generated column cannot have a default; dropped", col.name));
            } else {
                s.push_str(&format!(" DEFAULT {}", self.default_value(r, d, col)));
            }
        }
        if col.auto_increment.is_some() {
            s.push_str(" AUTO_INCREMENT");
        }
        if let Some(c) = &col.comment {
            s.push_str(&format!(" COMMENT {}", r.lit(c)));
        }
        s
    }

    /// Literals on text/blob/json columns and expressions in parentheses; `CURRENT_TIMESTAMP(p)` on `datetime(p)`.
    fn default_value(&self, r: &Renderer<'_>, d: &DefaultExpr, col: &Column) -> String {
        let is_ts = matches!(col.data_type, DataType::Timestamp { .. });
        match d {
            DefaultExpr::CurrentTimestamp => match &col.data_type {
                DataType::Timestamp { precision: Some(p), .. } => format!("CURRENT_TIMESTAMP({p})"),
                _ if is_ts => "CURRENT_TIMESTAMP".into(),
                _ => "(CURRENT_TIMESTAMP)".into(),
            },
            DefaultExpr::CurrentDate => "(CURRENT_DATE)".into(),
            DefaultExpr::CurrentTime => "(CURRENT_TIME)".into(),
            DefaultExpr::Sql(e) if is_parenthesized(e) || (bare_default(e) && !blob_like(&col.data_type)) => {
                e.trim().to_string()
            }
            DefaultExpr::Sql(e) => format!("({})", e.trim()),
            DefaultExpr::Null => "NULL".into(),
            _ if blob_like(&col.data_type) => format!("({})", standard_default(r, d)),
            _ => standard_default(r, d),
        }
    }

    /// Only MySQL-style collation names (`utf8mb4_bin`, `binary`).
    fn collation(&self, name: &str) -> Option<String> {
        is_mysql_collation(name).then(|| self.quote(name))
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
                    let name = ddl::index_name(idx);
                    let note = format!("drop index {name} on the column first");
                    r.emit_noted(format!("ALTER TABLE {t} DROP INDEX {}", r.q(&name)), note, true);
                }
            }
        }
        super::ops::drop_column(r, op)
    }

    /// `MODIFY COLUMN` with the full definition after the change.
    fn alter_column(&self, r: &mut Renderer<'_>, op: &AlterColumn) -> Res {
        if op.using.is_some() {
            r.lossy("MySQL has no USING clause: the column's values are converted implicitly");
        }
        self.modify(r, &op.table, &op.column, "MySQL MODIFY COLUMN")
    }

    /// `DROP INDEX name ON table`.
    fn drop_index(&self, r: &mut Renderer<'_>, op: &DropIndex) -> Res {
        if op.concurrently {
            r.lossy("MySQL has no DROP INDEX CONCURRENTLY; the index is dropped as usual");
        }
        if op.if_exists {
            r.lossy("MySQL has no DROP INDEX IF EXISTS (MariaDB has); rendered without it");
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
        if op.if_exists {
            r.lossy("MySQL has no DROP CONSTRAINT IF EXISTS (MariaDB has); rendered without it");
        }
        let _ = super::ops::cascade(r, op.cascade);
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
mod tests {
    use super::super::testutil::*;
    use crate::ir::*;
    use crate::schema::{EnumType, Schema};
    use pretty_assertions::assert_eq;

    const MY: SqlDialect = SqlDialect::Mysql;

    fn t(name: &str) -> QName {
        QName::new(name)
    }

    fn alter(column: &str) -> AlterColumn {
        AlterColumn {
            table: t("users"),
            column: column.into(),
            data_type: None,
            using: None,
            nullable: None,
            default: None,
            comment: None,
        }
    }

    #[test]
    fn create_table_uses_backticks_inline_comments_and_escaped_literals() {
        assert_eq!(
            sql(MY, users()),
            r#"CREATE TABLE `users` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL DEFAULT 'it''s\\x',
  `select` text,
  `a"b` json COMMENT 'raw "payload"',
  `active` tinyint(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (`id`),
  CONSTRAINT `users_email_key` UNIQUE (`email`)
) COMMENT = 'people''s accounts';"#
        );
        let odd = CreateTable {
            table: t("a`b"),
            columns: vec![col("c`d", DataType::Text)],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        };
        assert_eq!(sql(MY, odd), "CREATE TABLE `a``b` (\n  `c``d` text\n);");
    }

    #[test]
    fn defaults_follow_mysql_rules() {
        let cols = vec![
            Column { default: Some(DefaultExpr::String("x".into())), ..col("body", DataType::Text) },
            Column {
                default: Some(DefaultExpr::CurrentTimestamp),
                ..col("at", DataType::Timestamp { tz: false, precision: Some(6) })
            },
            Column {
                default: Some(DefaultExpr::CurrentTimestamp),
                ..col("ts", DataType::Timestamp { tz: true, precision: None })
            },
            Column { default: Some(DefaultExpr::CurrentDate), ..col("day", DataType::Date) },
            Column { default: Some(DefaultExpr::Sql("uuid()".into())), ..col("u", DataType::Uuid) },
            Column {
                default: Some(DefaultExpr::Sql("now()".into())),
                ..col("n", DataType::Timestamp { tz: false, precision: None })
            },
            Column { default: Some(DefaultExpr::Number("-1.5".into())), ..col("f", DataType::Float { bits: 64 }) },
        ];
        let ct = CreateTable { table: t("d"), columns: cols, constraints: vec![], if_not_exists: false, comment: None };
        assert_eq!(
            sql(MY, ct),
            r#"CREATE TABLE `d` (
  `body` text DEFAULT ('x'),
  `at` datetime(6) DEFAULT CURRENT_TIMESTAMP(6),
  `ts` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `day` date DEFAULT (CURRENT_DATE),
  `u` char(36) DEFAULT (uuid()),
  `n` datetime DEFAULT now(),
  `f` double DEFAULT -1.5
);"#
        );
    }

    #[test]
    fn enum_columns_take_values_from_the_state() {
        let mut state = Schema::default();
        state.enums.insert("mood".into(), EnumType { name: t("mood"), values: vec!["ok".into(), "it's".into()] });
        let ct = op(CreateTable {
            table: t("t"),
            columns: vec![
                col("m", DataType::Enum { name: Some(t("mood")), values: vec![] }),
                col("inline", DataType::Enum { name: None, values: vec!["a".into()] }),
            ],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        });
        let out = render(MY, &state, None, &ct);
        assert_eq!(out.sql, "CREATE TABLE `t` (\n  `m` enum('ok', 'it''s'),\n  `inline` enum('a')\n);");
        let create = sql(MY, CreateEnum { name: t("mood"), values: vec!["ok".into()] });
        assert_eq!(create, "-- MySQL has no enum types: the values of mood are written into the columns that use it");
    }

    #[test]
    fn alter_column_is_a_modify_with_the_full_definition_from_the_state() {
        let before = users_state();
        let mut after = before.clone();
        let email = after.tables.get_mut("users").unwrap().column_mut("email").unwrap();
        email.nullable = true;
        email.comment = Some("login".into());
        let op = op(AlterColumn { nullable: Some(true), ..alter("email") });
        let out = render(MY, &before, Some(after), &op);
        assert_eq!(
            out.sql,
            r#"ALTER TABLE `users` MODIFY COLUMN `email` varchar(255) DEFAULT 'it''s\\x' COMMENT 'login';"#
        );
        let id =
            render(MY, &before, Some(before.clone()), &self::op(AlterColumn { nullable: Some(false), ..alter("id") }));
        assert_eq!(id.sql, "ALTER TABLE `users` MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT;");
    }

    #[test]
    fn modify_without_state_is_an_error() {
        let out = render(MY, &Schema::default(), Some(Schema::default()), &op(alter("email")));
        let err = out.error.expect("error");
        assert_eq!(err.code, "missing-schema-state");
        assert!(err.message.contains("users.email"), "{}", err.message);
    }

    #[test]
    fn drop_constraint_depends_on_its_kind_in_the_state() {
        let mut state = users_state();
        let fk = ForeignKey {
            columns: vec!["org_id".into()],
            ref_table: t("orgs"),
            ref_columns: vec!["id".into()],
            on_delete: None,
            on_update: None,
            deferrable: None,
        };
        let users = state.tables.get_mut("users").unwrap();
        users.constraints.push(named("users_org_fk", ConstraintKind::ForeignKey(fk)));
        users.constraints.push(named("positive", ConstraintKind::Check { expr: "id > 0".into() }));
        let drop =
            |name: &str| op(DropConstraint { table: t("users"), name: name.into(), if_exists: false, cascade: false });
        let cases = [
            ("users_pkey", "ALTER TABLE `users` DROP PRIMARY KEY;"),
            ("users_org_fk", "ALTER TABLE `users` DROP FOREIGN KEY `users_org_fk`;"),
            ("users_email_key", "ALTER TABLE `users` DROP INDEX `users_email_key`;"),
            ("positive", "ALTER TABLE `users` DROP CONSTRAINT `positive`;"),
            ("PRIMARY", "ALTER TABLE `users` DROP PRIMARY KEY;"),
        ];
        for (name, expected) in cases {
            assert_eq!(render(MY, &state, None, &drop(name)).sql, expected);
        }
        let unknown = render(MY, &state, None, &drop("nope"));
        assert_eq!(unknown.error.map(|e| e.code), Some("missing-schema-state"));
    }

    #[test]
    fn indexes_need_their_table_and_lose_postgres_features() {
        let mut state = users_state();
        let idx = Index {
            name: Some("users_email_idx".into()),
            table: t("users"),
            parts: vec![IndexPart::column("email")],
            unique: false,
            method: None,
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        };
        state.tables.get_mut("users").unwrap().indexes.push(idx.clone());
        let drop = op(DropIndex { name: t("users_email_idx"), table: None, if_exists: false, concurrently: true });
        let out = render(MY, &state, None, &drop);
        assert_eq!(out.sql, "DROP INDEX `users_email_idx` ON `users`;");
        assert_eq!(out.codes(), ["lossy-export"]);
        assert!(render(MY, &Schema::default(), None, &drop).error.is_some());
        let unique = op(DropIndex { name: t("users_email_key"), table: None, if_exists: false, concurrently: false });
        assert_eq!(render(MY, &state, None, &unique).sql, "DROP INDEX `users_email_key` ON `users`;");
        let rename = RenameIndex { table: Some(t("users")), from: "a".into(), to: "b".into() };
        assert_eq!(sql(MY, rename), "ALTER TABLE `users` RENAME INDEX `a` TO `b`;");

        let fancy = Index {
            name: None,
            parts: vec![
                IndexPart { length: Some(10), desc: true, ..IndexPart::column("email") },
                IndexPart { key: IndexKey::Expression("lower(name)".into()), ..IndexPart::column("x") },
            ],
            method: Some("hash".into()),
            predicate: Some("deleted_at IS NULL".into()),
            ..idx.clone()
        };
        let create = op(CreateIndex { index: fancy.clone(), concurrently: true, if_not_exists: false });
        let out = render(MY, &Schema::default(), None, &create);
        assert_eq!(
            out.sql,
            "CREATE INDEX `users_email_expr_idx` ON `users` (`email`(10) DESC, (lower(name))) USING HASH;"
        );
        assert_eq!(out.codes(), ["lossy-export", "lossy-export"]);
        assert_eq!(out.transactional, [true]);
        let unique =
            op(CreateIndex { index: Index { unique: true, ..fancy }, concurrently: false, if_not_exists: false });
        let out = render(MY, &Schema::default(), None, &unique);
        assert_eq!(out.error.map(|e| e.code), Some("unsupported-in-dialect"));
        let fulltext = Index { method: Some("fulltext".into()), ..idx };
        let ft = sql(MY, CreateIndex { index: fulltext, concurrently: false, if_not_exists: false });
        assert_eq!(ft, "CREATE FULLTEXT INDEX `users_email_idx` ON `users` (`email`);");
    }

    #[test]
    fn foreign_keys_spell_out_the_referenced_key_and_drop_deferrable() {
        let fk = ForeignKey {
            columns: vec!["user_id".into()],
            ref_table: t("users"),
            ref_columns: vec![],
            on_delete: Some(FkAction::SetDefault),
            on_update: Some(FkAction::Cascade),
            deferrable: Some(Deferrable::Deferred),
        };
        let add = op(AddConstraint {
            table: t("posts"),
            constraint: Constraint { name: None, kind: ConstraintKind::ForeignKey(fk) },
            not_valid: true,
        });
        let out = render(MY, &users_state(), None, &add);
        assert_eq!(
            out.sql,
            "ALTER TABLE `posts` ADD FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE CASCADE;"
        );
        assert_eq!(out.codes(), ["lossy-export", "lossy-export", "lossy-export"]);
        assert_eq!(render(MY, &Schema::default(), None, &add).error.map(|e| e.code), Some("missing-schema-state"));
        let validate = ValidateConstraint { table: t("posts"), name: "fk".into() };
        assert_eq!(sql(MY, validate), "-- MySQL validates constraints when they are added: nothing to do for fk");
    }

    #[test]
    fn drop_column_drops_foreign_keys_and_composite_keys_first() {
        let mut state = users_state();
        let fk = ForeignKey {
            columns: vec!["email".into()],
            ref_table: t("emails"),
            ref_columns: vec!["address".into()],
            on_delete: None,
            on_update: None,
            deferrable: None,
        };
        let users = state.tables.get_mut("users").unwrap();
        users.constraints.push(named("users_email_fk", ConstraintKind::ForeignKey(fk)));
        users.constraints.push(named(
            "pair",
            ConstraintKind::Unique { columns: vec!["email".into(), "select".into()], nulls_not_distinct: false },
        ));
        let drop = op(DropColumn { table: t("users"), column: "email".into(), if_exists: true, cascade: true });
        let out = render(MY, &state, None, &drop);
        assert_eq!(
            out.sql,
            "ALTER TABLE `users` DROP FOREIGN KEY `users_email_fk`;\nALTER TABLE `users` DROP INDEX `pair`;\nALTER TABLE `users` DROP COLUMN `email`;"
        );
        assert_eq!(out.codes(), ["lossy-export", "lossy-export"]);
    }

    #[test]
    fn add_value_modifies_every_column_of_the_enum() {
        let mut before = Schema::default();
        let mood = DataType::Enum { name: Some(t("mood")), values: vec![] };
        before.enums.insert("mood".into(), EnumType { name: t("mood"), values: vec!["a".into()] });
        before.tables.insert("t".into(), table("t", vec![req("m", mood.clone()), col("x", DataType::Text)], vec![]));
        let mut after = before.clone();
        after.enums.get_mut("mood").unwrap().values.push("b".into());
        let add = op(AlterEnum {
            name: t("mood"),
            change: EnumChange::AddValue { value: "b".into(), before: None, after: None, if_not_exists: false },
        });
        assert_eq!(
            render(MY, &before, Some(after), &add).sql,
            "ALTER TABLE `t` MODIFY COLUMN `m` enum('a', 'b') NOT NULL;"
        );
        let rename =
            op(AlterEnum { name: t("mood"), change: EnumChange::RenameValue { from: "a".into(), to: "c".into() } });
        assert_eq!(render(MY, &before, None, &rename).error.map(|e| e.code), Some("unsupported-in-dialect"));
    }

    #[test]
    fn comments_renames_and_extensions() {
        let mut after = users_state();
        after.tables.get_mut("users").unwrap().column_mut("select").unwrap().comment = Some("x".into());
        let on_col = op(Comment {
            target: CommentTarget::Column { table: t("users"), column: "select".into() },
            text: Some("x".into()),
        });
        assert_eq!(
            render(MY, &users_state(), Some(after), &on_col).sql,
            "ALTER TABLE `users` MODIFY COLUMN `select` text COMMENT 'x';"
        );
        let on_table = Comment { target: CommentTarget::Table { table: t("users") }, text: None };
        assert_eq!(sql(MY, on_table), "ALTER TABLE `users` COMMENT = '';");
        let rename = RenameTable { from: QName::qualified("a", "b"), to: t("c") };
        assert_eq!(sql(MY, rename), "RENAME TABLE `a`.`b` TO `a`.`c`;");
        let ext = op(CreateExtension { name: "pgcrypto".into(), if_not_exists: false, schema: None, version: None });
        assert_eq!(render(MY, &Schema::default(), None, &ext).error.map(|e| e.code), Some("unsupported-in-dialect"));
        let mat = op(CreateView {
            name: t("m"),
            columns: vec![],
            query: "SELECT 1".into(),
            materialized: true,
            or_replace: false,
        });
        assert!(render(MY, &Schema::default(), None, &mat).error.is_some());
    }

    #[test]
    fn lossy_types_are_reported() {
        let ct = op(CreateTable {
            table: t("t"),
            columns: vec![
                col("a", DataType::Array { of: Box::new(DataType::Text) }),
                col("i", DataType::Interval),
                col("v", DataType::varchar(None)),
                col("n", DataType::Decimal { precision: None, scale: None }),
                col("j", DataType::Json { binary: true }),
                col("u", DataType::Integer { bits: 32, unsigned: true }),
                Column { collation: Some("C".into()), ..col("c", DataType::varchar(Some(5))) },
                Column { collation: Some("utf8mb4_bin".into()), ..col("b", DataType::varchar(Some(5))) },
            ],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        });
        let out = render(MY, &Schema::default(), None, &ct);
        assert_eq!(
            out.sql,
            "CREATE TABLE `t` (\n  `a` json,\n  `i` time(6),\n  `v` text,\n  `n` decimal(65, 30),\n  `j` json,\n  `u` int unsigned,\n  `c` varchar(5),\n  `b` varchar(5) COLLATE `utf8mb4_bin`\n);"
        );
        assert_eq!(out.codes().len(), 5);
    }
}
