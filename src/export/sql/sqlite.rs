//! SQLite 3.35+. `ALTER TABLE` can only rename tables and columns, add some
//! columns and drop unconstrained ones; every other change is a table rebuild
//! (see [`super::sqlite_rebuild`]). Enums are `text` plus `CHECK (col IN (…))`;
//! comments do not exist (dropped with a `lossy-export` warning).

use super::ddl::{self, TableInfo};
use super::dialect::{CommentStyle, Dialect, standard_default};
use super::render::{Renderer, Res, Unsupported};
use super::sqlite_rebuild::rebuild;
use super::text::{is_number, is_string_literal, mentions, parenthesize};
use crate::ir::{
    AddColumn, AddConstraint, AlterColumn, AlterEnum, Column, Comment, Constraint, ConstraintKind, DataType,
    DefaultExpr, DropColumn, DropConstraint, EnumChange, IndexKey, RenameIndex, SqlDialect,
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
    /// | Decimal, Float 32/64 | `numeric(p, s)`, `real` / `double precision` |
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
            DataType::Float { bits } if *bits <= 32 => "real".into(),
            DataType::Float { .. } => "double precision".into(),
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
    fn column_def(&self, r: &mut Renderer<'_>, col: &Column, inline_pk: Option<&Constraint>) -> String {
        let mut s = match inline_pk {
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
            s.push_str(&format!(" GENERATED ALWAYS AS {} {kind}", parenthesize(&g.expr)));
        }
        s.push_str(&ddl::collate(r, col.collation.as_deref()));
        s.push_str(&ddl::enum_check(r, col));
        s
    }

    /// Expressions in parentheses; literals and `CURRENT_*` as they are.
    fn default_value(&self, r: &Renderer<'_>, d: &DefaultExpr, _col: &Column) -> String {
        match d {
            DefaultExpr::Sql(e) if !literal_default(e) => parenthesize(e),
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

    /// SQLite has a single index method.
    fn index_method(&self, _method: &str) -> Option<super::dialect::IndexMethod> {
        None
    }

    /// `ADD COLUMN` with inline `REFERENCES`/`CHECK` when SQLite allows it, else a rebuild.
    fn add_column(&self, r: &mut Renderer<'_>, op: &AddColumn) -> Res {
        super::ops::comments(r, &op.table, None, std::slice::from_ref(&op.column));
        if op.if_not_exists {
            r.lossy("SQLite has no ADD COLUMN IF NOT EXISTS; rendered without it");
        }
        if add_column_blocker(op).is_some() {
            return rebuild(r, &op.table, None);
        }
        let mut def = self.column_def(r, &op.column, None);
        for c in &op.constraints {
            let name = c.name.as_ref().map(|n| format!(" CONSTRAINT {}", r.q(n))).unwrap_or_default();
            match &c.kind {
                ConstraintKind::ForeignKey(fk) => {
                    let refs = ddl::references(r, fk, TableInfo { name: &op.table, pk: None })?;
                    def.push_str(&format!("{name} {refs}"));
                }
                ConstraintKind::Check { expr } => def.push_str(&format!("{name} CHECK ({})", expr.trim())),
                _ => {}
            }
        }
        r.emit(format!("ALTER TABLE {} ADD COLUMN {def}", r.qn(&op.table)));
        Ok(())
    }

    /// `DROP COLUMN` (3.35+) unless a key, index, check or generated column uses it: then a rebuild.
    fn drop_column(&self, r: &mut Renderer<'_>, op: &DropColumn) -> Res {
        if r.table_before(&op.table).is_some_and(|t| drop_blocked(t, &op.column)) {
            return rebuild(r, &op.table, None);
        }
        super::ops::drop_column(r, op)
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
        rebuild(r, &op.table, op.using.as_deref().map(|u| (op.column.as_str(), u)))
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
        let sql = ddl::create_index_sql(r, &renamed, false, false)?;
        r.emit_noted(sql, "create under the new name", true);
        Ok(())
    }

    /// Constraints are part of the table definition: rebuild.
    fn add_constraint(&self, r: &mut Renderer<'_>, op: &AddConstraint) -> Res {
        if op.not_valid {
            r.lossy("SQLite has no NOT VALID: the rebuild checks existing rows now");
        }
        rebuild(r, &op.table, None)
    }

    /// Constraints are part of the table definition: rebuild.
    fn drop_constraint(&self, r: &mut Renderer<'_>, op: &DropConstraint) -> Res {
        rebuild(r, &op.table, None)
    }

    /// A new value changes the `CHECK` of every column of that enum: rebuild their tables.
    fn alter_enum(&self, r: &mut Renderer<'_>, op: &AlterEnum) -> Res {
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
            rebuild(r, &t, None)?;
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
mod tests {
    use super::super::testutil::*;
    use crate::ir::*;
    use crate::schema::{EnumType, Schema};
    use pretty_assertions::assert_eq;

    const LITE: SqlDialect = SqlDialect::Sqlite;

    fn t(name: &str) -> QName {
        QName::new(name)
    }

    fn add(column: Column, constraints: Vec<Constraint>) -> Op {
        op(AddColumn { table: t("users"), column, constraints, if_not_exists: false })
    }

    /// `users` plus an index on email and `posts.user_id → users.id`.
    fn with_posts() -> Schema {
        let mut s = users_state();
        s.tables.get_mut("users").unwrap().indexes.push(Index {
            name: Some("users_email_idx".into()),
            table: t("users"),
            parts: vec![IndexPart::column("email")],
            unique: false,
            method: None,
            predicate: Some("active = 1".into()),
            include: vec![],
            nulls_not_distinct: false,
        });
        let fk = ForeignKey {
            columns: vec!["user_id".into()],
            ref_table: t("users"),
            ref_columns: vec!["id".into()],
            on_delete: Some(FkAction::Cascade),
            on_update: None,
            deferrable: None,
        };
        let posts = table(
            "posts",
            vec![req("id", DataType::int(64)), col("user_id", DataType::int(64))],
            vec![named("posts_user_id_fkey", ConstraintKind::ForeignKey(fk))],
        );
        s.tables.insert("posts".into(), posts);
        s
    }

    #[test]
    fn create_table_inlines_autoincrement_and_drops_comments() {
        let out = render(LITE, &Schema::default(), None, &op(users()));
        assert_eq!(
            out.sql,
            r#"CREATE TABLE "users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "email" varchar(255) NOT NULL DEFAULT 'it''s\x',
  "select" text,
  "a""b" json,
  "active" boolean NOT NULL DEFAULT 1,
  CONSTRAINT "users_email_key" UNIQUE ("email")
);"#
        );
        assert_eq!(out.codes(), ["lossy-export"]);
        assert!(out.diags[0].message.contains("2 comment(s)"), "{}", out.diags[0].message);
        let serial = Column {
            auto_increment: Some(AutoIncrement::Serial),
            default: Some(DefaultExpr::Sql("nextval('t_id_seq'::regclass)".into())),
            ..req("id", DataType::int(32))
        };
        let ct = CreateTable {
            table: t("t"),
            columns: vec![serial],
            constraints: vec![pk(&["id"])],
            if_not_exists: false,
            comment: None,
        };
        assert_eq!(sql(LITE, ct), "CREATE TABLE \"t\" (\n  \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL\n);");
    }

    #[test]
    fn enums_become_text_with_a_check_and_collations_are_checked() {
        let mut state = Schema::default();
        state.enums.insert("mood".into(), EnumType { name: t("mood"), values: vec!["a".into(), "b".into()] });
        let ct = op(CreateTable {
            table: QName::qualified("aux", "t"),
            columns: vec![
                Column {
                    collation: Some("nocase".into()),
                    ..col("m", DataType::Enum { name: Some(t("mood")), values: vec![] })
                },
                Column { collation: Some("en_US".into()), ..col("n", DataType::Text) },
                Column { default: Some(DefaultExpr::Sql("lower('X')".into())), ..col("d", DataType::Text) },
                Column {
                    default: Some(DefaultExpr::CurrentTimestamp),
                    ..col("at", DataType::Timestamp { tz: false, precision: None })
                },
            ],
            constraints: vec![],
            if_not_exists: false,
            comment: None,
        });
        let out = render(LITE, &state, None, &ct);
        assert_eq!(
            out.sql,
            r#"CREATE TABLE "aux"."t" (
  "m" text COLLATE NOCASE CHECK ("m" IN ('a', 'b')),
  "n" text,
  "d" text DEFAULT (lower('X')),
  "at" timestamp DEFAULT CURRENT_TIMESTAMP
);"#
        );
        assert_eq!(out.codes(), ["lossy-export"]);
    }

    #[test]
    fn add_column_uses_alter_when_sqlite_allows_it() {
        let fk = ForeignKey {
            columns: vec!["org_id".into()],
            ref_table: QName::qualified("aux", "orgs"),
            ref_columns: vec!["id".into()],
            on_delete: Some(FkAction::SetNull),
            on_update: None,
            deferrable: Some(Deferrable::Deferred),
        };
        let plain = add(
            col("org_id", DataType::int(64)),
            vec![
                named("users_org_fk", ConstraintKind::ForeignKey(fk)),
                Constraint { name: None, kind: ConstraintKind::Check { expr: "org_id > 0".into() } },
            ],
        );
        assert_eq!(
            render(LITE, &users_state(), None, &plain).sql,
            r#"ALTER TABLE "users" ADD COLUMN "org_id" INTEGER CONSTRAINT "users_org_fk" REFERENCES "orgs" ("id") ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED CHECK (org_id > 0);"#
        );
        let with_default =
            add(Column { default: Some(DefaultExpr::Number("0".into())), ..req("n", DataType::int(32)) }, vec![]);
        assert_eq!(
            render(LITE, &users_state(), None, &with_default).sql,
            r#"ALTER TABLE "users" ADD COLUMN "n" INTEGER NOT NULL DEFAULT 0;"#
        );
    }

    #[test]
    fn add_column_that_alter_cannot_add_rebuilds_the_table() {
        let before = with_posts();
        let new_col = Column {
            default: Some(DefaultExpr::CurrentTimestamp),
            ..req("at", DataType::Timestamp { tz: false, precision: None })
        };
        let mut after = before.clone();
        after.tables.get_mut("users").unwrap().columns.push(new_col.clone());
        let out = render(LITE, &before, Some(after), &add(new_col, vec![]));
        assert_eq!(
            out.sql,
            r#"PRAGMA foreign_keys = OFF;
CREATE TABLE "_polymig_new_users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "email" varchar(255) NOT NULL DEFAULT 'it''s\x',
  "select" text,
  "a""b" json,
  "active" boolean NOT NULL DEFAULT 1,
  "at" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE ("email")
);
INSERT INTO "_polymig_new_users" ("id", "email", "select", "a""b", "active") SELECT "id", "email", "select", "a""b", "active" FROM "users";
DROP TABLE "users";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_polymig_new_users" RENAME TO "users";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "users_email_idx" ON "users" ("email") WHERE active = 1;
PRAGMA foreign_keys = ON;"#
        );
        assert_eq!(out.transactional, [false, true, true, true, true, true, true, true, false]);
    }

    #[test]
    fn alter_column_rebuilds_with_using_and_without_pragmas_when_unreferenced() {
        let before = users_state();
        let mut after = before.clone();
        let c = after.tables.get_mut("users").unwrap().column_mut("select").unwrap();
        c.data_type = DataType::int(32);
        c.nullable = false;
        let op = op(AlterColumn {
            table: t("users"),
            column: "select".into(),
            data_type: Some(DataType::int(32)),
            using: Some("CAST(\"select\" AS integer)".into()),
            nullable: Some(false),
            default: None,
            comment: Some(Change::Set("lost".into())),
        });
        let out = render(LITE, &before, Some(after), &op);
        assert_eq!(
            out.sql,
            r#"CREATE TABLE "_polymig_new_users" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "email" varchar(255) NOT NULL DEFAULT 'it''s\x',
  "select" INTEGER NOT NULL,
  "a""b" json,
  "active" boolean NOT NULL DEFAULT 1,
  UNIQUE ("email")
);
INSERT INTO "_polymig_new_users" ("id", "email", "select", "a""b", "active") SELECT "id", "email", CAST("select" AS integer), "a""b", "active" FROM "users";
DROP TABLE "users";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_polymig_new_users" RENAME TO "users";
PRAGMA legacy_alter_table = OFF;"#
        );
        assert!(out.transactional.iter().all(|t| *t));
        assert_eq!(out.codes(), ["lossy-export"]);
    }

    #[test]
    fn drop_column_rebuilds_only_when_something_uses_the_column() {
        let before = with_posts();
        let plain = op(DropColumn { table: t("users"), column: "select".into(), if_exists: false, cascade: false });
        assert_eq!(render(LITE, &before, None, &plain).sql, r#"ALTER TABLE "users" DROP COLUMN "select";"#);
        let mut after = before.clone();
        let users = after.tables.get_mut("users").unwrap();
        users.columns.retain(|c| c.name != "active");
        users.indexes.clear();
        let used = op(DropColumn { table: t("users"), column: "active".into(), if_exists: false, cascade: false });
        let out = render(LITE, &before, Some(after), &used);
        assert!(out.sql.starts_with("PRAGMA foreign_keys = OFF;\nCREATE TABLE \"_polymig_new_users\""), "{}", out.sql);
        assert!(out.sql.contains(r#"SELECT "id", "email", "select", "a""b" FROM "users";"#), "{}", out.sql);
        assert!(!out.sql.contains("CREATE INDEX"), "{}", out.sql);
    }

    #[test]
    fn constraints_rebuild_and_keep_source_names_only() {
        let mut before = users_state();
        let positive = named("positive", ConstraintKind::Check { expr: "active IN (0, 1)".into() });
        before.tables.get_mut("users").unwrap().constraints.push(positive);
        let mut after = before.clone();
        let check = named("users_id_check", ConstraintKind::Check { expr: "id > 0".into() });
        after.tables.get_mut("users").unwrap().constraints.push(check);
        let op = op(AddConstraint {
            table: t("users"),
            constraint: Constraint { name: None, kind: ConstraintKind::Check { expr: "id > 0".into() } },
            not_valid: false,
        });
        let out = render(LITE, &before, Some(after.clone()), &op);
        let body = "  UNIQUE (\"email\"),\n  CONSTRAINT \"positive\" CHECK (active IN (0, 1)),\n  CHECK (id > 0)\n);";
        assert!(out.sql.contains(body), "{}", out.sql);
        let drop = self::op(DropConstraint {
            table: t("users"),
            name: "users_id_check".into(),
            if_exists: false,
            cascade: false,
        });
        let out = render(LITE, &after, Some(before), &drop);
        assert!(out.sql.contains("  CONSTRAINT \"positive\" CHECK (active IN (0, 1))\n);"), "{}", out.sql);
    }

    #[test]
    fn rename_index_recreates_it_and_comments_are_lossy() {
        let state = with_posts();
        let rename = op(RenameIndex { table: None, from: "users_email_idx".into(), to: "by_email".into() });
        assert_eq!(
            render(LITE, &state, None, &rename).sql,
            "DROP INDEX \"users_email_idx\";\nCREATE INDEX \"by_email\" ON \"users\" (\"email\") WHERE active = 1;"
        );
        assert!(render(LITE, &Schema::default(), None, &rename).error.is_some());
        let comment = op(Comment { target: CommentTarget::Table { table: t("users") }, text: Some("x".into()) });
        let out = render(LITE, &state, None, &comment);
        assert_eq!(out.sql, "-- SQLite has no comments: nothing to do");
        assert_eq!(out.codes(), ["lossy-export"]);
    }

    #[test]
    fn add_enum_value_rebuilds_the_tables_using_it() {
        let mood = DataType::Enum { name: Some(t("mood")), values: vec![] };
        let mut before = Schema::default();
        before.enums.insert("mood".into(), EnumType { name: t("mood"), values: vec!["a".into()] });
        before.tables.insert("t".into(), table("t", vec![col("m", mood)], vec![]));
        let mut after = before.clone();
        after.enums.get_mut("mood").unwrap().values.push("b".into());
        let add = op(AlterEnum {
            name: t("mood"),
            change: EnumChange::AddValue { value: "b".into(), before: None, after: None, if_not_exists: false },
        });
        let out = render(LITE, &before, Some(after), &add);
        assert!(
            out.sql.starts_with("CREATE TABLE \"_polymig_new_t\" (\n  \"m\" text CHECK (\"m\" IN ('a', 'b'))\n);"),
            "{}",
            out.sql
        );
    }

    #[test]
    fn views_indexes_and_unsupported_operations() {
        let view = CreateView {
            name: t("v"),
            columns: vec![],
            query: "SELECT 1".into(),
            materialized: false,
            or_replace: true,
        };
        assert_eq!(sql(LITE, view), "DROP VIEW IF EXISTS \"v\";\nCREATE VIEW \"v\" AS SELECT 1;");
        let index = Index {
            name: Some("i".into()),
            table: QName::qualified("aux", "t"),
            parts: vec![IndexPart { collation: Some("NOCASE".into()), desc: true, ..IndexPart::column("a") }],
            unique: true,
            method: Some("gin".into()),
            predicate: None,
            include: vec![],
            nulls_not_distinct: false,
        };
        let out =
            render(LITE, &Schema::default(), None, &op(CreateIndex { index, concurrently: true, if_not_exists: true }));
        assert_eq!(out.sql, r#"CREATE UNIQUE INDEX IF NOT EXISTS "aux"."i" ON "t" ("a" COLLATE NOCASE DESC);"#);
        assert_eq!(out.codes(), ["lossy-export", "lossy-export"]);
        assert_eq!(out.transactional, [true]);
        let ext = op(DropExtension { name: "x".into(), if_exists: false, cascade: false });
        assert!(render(LITE, &Schema::default(), None, &ext).error.is_some());
        let moved = op(RenameTable { from: t("a"), to: QName::qualified("aux", "a") });
        assert!(render(LITE, &Schema::default(), None, &moved).error.is_some());
        assert_eq!(sql(LITE, RenameTable { from: t("a"), to: t("b") }), r#"ALTER TABLE "a" RENAME TO "b";"#);
    }
}
