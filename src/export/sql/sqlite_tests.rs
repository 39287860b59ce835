//! Tests of the SQLite dialect.

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
fn alter_column_rebuilds_ignoring_using_and_without_pragmas_when_unreferenced() {
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
INSERT INTO "_polymig_new_users" ("id", "email", "select", "a""b", "active") SELECT "id", "email", "select", "a""b", "active" FROM "users";
DROP TABLE "users";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_polymig_new_users" RENAME TO "users";
PRAGMA legacy_alter_table = OFF;"#
    );
    assert!(out.transactional.iter().all(|t| *t));
    let messages: Vec<&str> = out.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "SQLite has no comments: the comment change on users.select is dropped",
            "SQLite has no USING clause: the rebuild copies the column's values as they are"
        ]
    );
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
    let drop =
        self::op(DropConstraint { table: t("users"), name: "users_id_check".into(), if_exists: false, cascade: false });
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
    let view =
        CreateView { name: t("v"), columns: vec![], query: "SELECT 1".into(), materialized: false, or_replace: true };
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

#[test]
fn a_rebuild_that_changes_nothing_leaves_foreign_keys_alone() {
    // `users` is referenced by `posts`; bigint → integer is INTEGER either way in SQLite.
    let before = with_posts();
    let mut after = before.clone();
    after.tables.get_mut("users").unwrap().column_mut("id").unwrap().data_type = DataType::int(32);
    let op = op(AlterColumn {
        table: t("users"),
        column: "id".into(),
        data_type: Some(DataType::int(32)),
        using: None,
        nullable: None,
        default: None,
        comment: None,
    });
    let out = render(LITE, &before, Some(after), &op);
    assert_eq!(out.sql, "-- the definition of users does not change in SQLite: no rebuild needed");
    assert_eq!(out.transactional, [true]);
}

#[test]
fn on_update_is_lossy_fixed_binary_is_a_blob_and_doubles_are_real() {
    let ct = op(CreateTable {
        table: t("t"),
        columns: vec![
            Column {
                on_update: Some(DefaultExpr::CurrentTimestamp),
                ..col("at", DataType::Timestamp { tz: false, precision: None })
            },
            col("digest", DataType::Binary { length: Some(16), fixed: true }),
            col("ratio", DataType::Float { bits: 64 }),
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    });
    let out = render(LITE, &Schema::default(), None, &ct);
    assert_eq!(out.sql, "CREATE TABLE \"t\" (\n  \"at\" timestamp,\n  \"digest\" blob,\n  \"ratio\" real\n);");
    assert_eq!(out.codes(), ["lossy-export"]);
}
