//! Drops decided by the replayed state, on every dialect: `IF [NOT] EXISTS` a dialect cannot
//! spell, MySQL's `DROP PRIMARY KEY` and `DROP INDEX` of a constraint elsewhere, and
//! `DROP TABLE … CASCADE` where only PostgreSQL has it.

use super::testutil::*;
use crate::ir::*;
use crate::schema::Schema;
use pretty_assertions::assert_eq;

const PG: SqlDialect = SqlDialect::Postgres;
const MY: SqlDialect = SqlDialect::Mysql;
const LITE: SqlDialect = SqlDialect::Sqlite;

fn t(name: &str) -> QName {
    QName::new(name)
}

/// `users` plus `posts (id, user_id → users.id)`.
fn users_and_posts() -> Schema {
    let mut s = users_state();
    let fk = ForeignKey {
        columns: vec!["user_id".into()],
        ref_table: t("users"),
        ref_columns: vec!["id".into()],
        on_delete: None,
        on_update: None,
        deferrable: None,
    };
    let posts = table(
        "posts",
        vec![req("id", DataType::int(64)), col("user_id", DataType::int(64))],
        vec![
            named("posts_pkey", ConstraintKind::PrimaryKey { columns: vec!["id".into()] }),
            named("posts_user_fk", ConstraintKind::ForeignKey(fk)),
        ],
    );
    s.tables.insert("posts".into(), posts);
    s
}

#[test]
fn if_exists_of_a_missing_object_is_a_comment_where_the_dialect_lacks_the_clause() {
    let state = users_state();
    let drop_col = op(DropColumn { table: t("users"), column: "never".into(), if_exists: true, cascade: false });
    let nothing = "-- column users.never does not exist in the replayed schema: nothing to do";
    assert_eq!(render(MY, &state, None, &drop_col).sql, nothing);
    assert_eq!(render(LITE, &state, None, &drop_col).sql, nothing);
    // PostgreSQL has the clause: it stays, whatever the state says.
    assert_eq!(render(PG, &state, None, &drop_col).sql, r#"ALTER TABLE "users" DROP COLUMN IF EXISTS "never";"#);

    let drop_idx = op(DropIndex { name: t("users_missing"), table: None, if_exists: true, concurrently: false });
    let out = render(MY, &state, None, &drop_idx);
    assert_eq!(out.sql, "-- index users_missing does not exist in the replayed schema: nothing to do");
    assert!(out.error.is_none() && out.diags.is_empty());

    let drop_check =
        op(DropConstraint { table: t("users"), name: "users_missing_check".into(), if_exists: true, cascade: false });
    let nothing = "-- constraint users.users_missing_check does not exist in the replayed schema: nothing to do";
    assert_eq!(render(MY, &state, None, &drop_check).sql, nothing);
    let lite = render(LITE, &state, None, &drop_check);
    assert_eq!(lite.sql, nothing, "no rebuild and no PRAGMA");
    assert_eq!(
        render(PG, &state, None, &drop_check).sql,
        r#"ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_missing_check";"#
    );
}

#[test]
fn if_not_exists_of_an_existing_object_is_a_comment_and_otherwise_silently_dropped() {
    let state = users_state();
    let add = |name: &str| {
        op(AddColumn { table: t("users"), column: col(name, DataType::Text), constraints: vec![], if_not_exists: true })
    };
    let out = render(MY, &state, None, &add("email"));
    assert_eq!(out.sql, "-- column users.email already exists in the replayed schema: nothing to do");
    let out = render(MY, &state, None, &add("bio"));
    assert_eq!(out.sql, "ALTER TABLE `users` ADD COLUMN `bio` text;");
    assert!(out.diags.is_empty(), "the state shows the column is new: {:?}", out.diags);
    let exists = op(CreateIndex {
        index: Index { name: Some("users_email_key".into()), ..index_on("users", "email") },
        concurrently: false,
        if_not_exists: true,
    });
    let out = render(MY, &state, None, &exists);
    assert_eq!(out.sql, "-- index users_email_key already exists in the replayed schema: nothing to do");
}

fn index_on(table: &str, column: &str) -> Index {
    Index {
        name: None,
        table: t(table),
        parts: vec![IndexPart::column(column)],
        unique: false,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    }
}

#[test]
fn mysql_drop_primary_key_uses_the_real_name_elsewhere() {
    let state = users_state();
    let drop = op(DropConstraint { table: t("users"), name: "PRIMARY".into(), if_exists: false, cascade: false });
    assert_eq!(render(PG, &state, None, &drop).sql, r#"ALTER TABLE "users" DROP CONSTRAINT "users_pkey";"#);
    assert_eq!(render(MY, &state, None, &drop).sql, "ALTER TABLE `users` DROP PRIMARY KEY;");
    let lite = render(LITE, &state, None, &drop);
    assert!(lite.sql.starts_with("CREATE TABLE \"_polymig_new_users\""), "{}", lite.sql);
    assert!(!lite.sql.contains("PRIMARY KEY"), "{}", lite.sql);
}

#[test]
fn drop_index_of_a_unique_constraint_drops_the_constraint() {
    let state = users_state();
    let drop =
        op(DropIndex { name: t("users_email_key"), table: Some(t("users")), if_exists: false, concurrently: false });
    assert_eq!(render(PG, &state, None, &drop).sql, r#"ALTER TABLE "users" DROP CONSTRAINT "users_email_key";"#);
    assert_eq!(render(MY, &state, None, &drop).sql, "DROP INDEX `users_email_key` ON `users`;");
    let lite = render(LITE, &state, None, &drop);
    assert!(lite.sql.contains("ALTER TABLE \"_polymig_new_users\" RENAME TO \"users\""), "{}", lite.sql);
    assert!(!lite.sql.contains("UNIQUE"), "{}", lite.sql);
    // A real index is still a DROP INDEX.
    let mut with_index = state.clone();
    with_index
        .tables
        .get_mut("users")
        .unwrap()
        .indexes
        .push(Index { name: Some("by_email".into()), ..index_on("users", "email") });
    let drop = op(DropIndex { name: t("by_email"), table: None, if_exists: false, concurrently: false });
    assert_eq!(render(PG, &with_index, None, &drop).sql, r#"DROP INDEX "by_email";"#);
}

#[test]
fn drop_table_cascade_drops_the_referencing_foreign_keys_first() {
    let state = users_and_posts();
    let drop = op(DropTable { table: t("users"), if_exists: false, cascade: true });
    assert_eq!(render(PG, &state, None, &drop).sql, r#"DROP TABLE "users" CASCADE;"#);
    let my = render(MY, &state, None, &drop);
    assert_eq!(my.sql, "ALTER TABLE `posts` DROP FOREIGN KEY `posts_user_fk`;\nDROP TABLE `users`;");
    assert!(my.diags.is_empty(), "{:?}", my.diags);
    let lite = render(LITE, &state, None, &drop);
    let statements: Vec<&str> = lite.sql.split(";\n").collect();
    assert!(statements[0].starts_with("CREATE TABLE \"_polymig_new_posts\""), "{}", lite.sql);
    assert!(!statements[0].contains("REFERENCES"), "{}", lite.sql);
    assert_eq!(statements.last(), Some(&"DROP TABLE \"users\";"));
    // Views are not followed: a lossy warning names them.
    let mut with_view = state.clone();
    let view = crate::schema::View {
        name: t("active"),
        columns: vec![],
        query: "SELECT id FROM users".into(),
        materialized: false,
    };
    with_view.views.insert("active".into(), view);
    let my = render(MY, &with_view, None, &drop);
    assert_eq!(my.codes(), ["lossy-export"]);
    assert!(my.diags[0].message.contains("views using users (active)"), "{}", my.diags[0].message);
}
