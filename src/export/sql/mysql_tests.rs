//! Tests of the MySQL / MariaDB dialect.

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
    let id = render(MY, &before, Some(before.clone()), &self::op(AlterColumn { nullable: Some(false), ..alter("id") }));
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
            IndexPart { opclass: Some("text_ops".into()), ..IndexPart::column("select") },
        ],
        method: Some("hash".into()),
        predicate: Some("deleted_at IS NULL".into()),
        ..idx.clone()
    };
    let create = op(CreateIndex { index: fancy.clone(), concurrently: true, if_not_exists: false });
    let out = render(MY, &users_state(), None, &create);
    // `select` is text: MySQL indexes it by a prefix.
    assert_eq!(
        out.sql,
        "CREATE INDEX `users_email_select_idx` ON `users` (`email`(10) DESC, `select`(255)) USING HASH;"
    );
    assert_eq!(out.codes(), ["lossy-export", "lossy-export", "lossy-export"], "{:?}", out.diags);
    assert_eq!(out.transactional, [true]);
    let unique = op(CreateIndex { index: Index { unique: true, ..fancy }, concurrently: false, if_not_exists: false });
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
    assert_eq!(out.sql, "ALTER TABLE `posts` ADD FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE CASCADE;");
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
        ConstraintKind::Unique {
            columns: vec!["email".into(), "select".into()],
            nulls_not_distinct: false,
            deferrable: None,
        },
    ));
    let drop = op(DropColumn { table: t("users"), column: "email".into(), if_exists: true, cascade: true });
    let out = render(MY, &state, None, &drop);
    assert_eq!(
        out.sql,
        "ALTER TABLE `users` DROP FOREIGN KEY `users_email_fk`;\nALTER TABLE `users` DROP INDEX `pair`;\nALTER TABLE `users` DROP COLUMN `email`;"
    );
    // CASCADE is lost; IF EXISTS is not: the state shows the column exists.
    assert_eq!(out.codes(), ["lossy-export"]);
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
fn expression_indexes_are_unsupported_for_mariadb() {
    let index = Index {
        name: Some("users_lower_email".into()),
        table: t("users"),
        parts: vec![IndexPart { key: IndexKey::Expression("lower(\"email\")".into()), ..IndexPart::column("x") }],
        unique: false,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    };
    let out = render(MY, &users_state(), None, &op(CreateIndex { index, concurrently: false, if_not_exists: false }));
    let err = out.error.expect("unsupported");
    assert_eq!(err.code, "unsupported-in-dialect");
    assert!(err.message.contains("MariaDB has no functional indexes"), "{}", err.message);
}

#[test]
fn primary_keys_are_never_named_and_drop_table_if_exists_stays() {
    let ct = CreateTable {
        table: t("a"),
        columns: vec![req("id", DataType::int(32))],
        constraints: vec![named("PRIMARY", ConstraintKind::PrimaryKey { columns: vec!["id".into()] })],
        if_not_exists: false,
        comment: None,
    };
    assert_eq!(sql(MY, ct), "CREATE TABLE `a` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n);");
    let drop = DropTable { table: t("ghost"), if_exists: true, cascade: false };
    assert_eq!(sql(MY, drop), "DROP TABLE IF EXISTS `ghost`;");
}
