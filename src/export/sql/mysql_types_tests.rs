//! Tests of the MySQL column: types, keyed text columns, `ON UPDATE`.

use super::super::testutil::*;
use crate::ir::*;
use crate::schema::Schema;
use pretty_assertions::assert_eq;

const MY: SqlDialect = SqlDialect::Mysql;

fn t(name: &str) -> QName {
    QName::new(name)
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

#[test]
fn text_columns_in_keys_become_varchar_and_plain_indexes_take_a_prefix() {
    let ct = op(CreateTable {
        table: t("kv"),
        columns: vec![
            req("key", DataType::Text),
            col("code", DataType::varchar(None)),
            col("blob", DataType::Binary { length: None, fixed: false }),
            col("note", DataType::Text),
        ],
        constraints: vec![
            pk(&["key"]),
            Constraint {
                name: None,
                kind: ConstraintKind::Unique {
                    columns: vec!["code".into(), "blob".into()],
                    nulls_not_distinct: false,
                    deferrable: None,
                },
            },
        ],
        if_not_exists: false,
        comment: None,
    });
    let out = render(MY, &Schema::default(), None, &ct);
    assert_eq!(
        out.sql,
        "CREATE TABLE `kv` (\n  `key` varchar(255) NOT NULL,\n  `code` varchar(255),\n  `blob` varbinary(255),\n  `note` text,\n  PRIMARY KEY (`key`),\n  UNIQUE (`code`, `blob`)\n);"
    );
    assert_eq!(out.codes(), ["lossy-export"; 3], "{:?}", out.diags);
    assert!(out.diags[0].message.contains("column key: MySQL cannot key a text or blob column"));

    // Later: a plain index takes a prefix, a unique key makes the column varchar first.
    let mut state = Schema::default();
    state.tables.insert("kv".into(), table("kv", vec![col("a", DataType::Text), col("b", DataType::Text)], vec![]));
    let plain = Index {
        name: Some("kv_ab".into()),
        table: t("kv"),
        parts: vec![IndexPart::column("a"), IndexPart::column("b")],
        unique: false,
        method: None,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    };
    let create = op(CreateIndex { index: plain.clone(), concurrently: false, if_not_exists: false });
    let out = render(MY, &state, None, &create);
    assert_eq!(out.sql, "CREATE INDEX `kv_ab` ON `kv` (`a`(255), `b`(255));");
    assert!(out.diags.is_empty());
    let unique = op(CreateIndex { index: Index { unique: true, ..plain }, concurrently: false, if_not_exists: false });
    let out = render(MY, &state, None, &unique);
    assert_eq!(
        out.sql,
        "ALTER TABLE `kv` MODIFY COLUMN `a` varchar(255);\nALTER TABLE `kv` MODIFY COLUMN `b` varchar(255);\nCREATE UNIQUE INDEX `kv_ab` ON `kv` (`a`, `b`);"
    );
    let add = op(AddConstraint {
        table: t("kv"),
        constraint: Constraint {
            name: Some("kv_a_key".into()),
            kind: ConstraintKind::Unique { columns: vec!["a".into()], nulls_not_distinct: false, deferrable: None },
        },
        not_valid: false,
    });
    let out = render(MY, &state, None, &add);
    assert_eq!(
        out.sql,
        "ALTER TABLE `kv` MODIFY COLUMN `a` varchar(255);\nALTER TABLE `kv` ADD CONSTRAINT `kv_a_key` UNIQUE (`a`);"
    );
}

#[test]
fn on_update_and_fixed_binary_are_rendered() {
    let ts = DataType::Timestamp { tz: false, precision: Some(3) };
    let ct = CreateTable {
        table: t("t"),
        columns: vec![
            Column {
                default: Some(DefaultExpr::CurrentTimestamp),
                on_update: Some(DefaultExpr::CurrentTimestamp),
                ..req("changed", ts.clone())
            },
            Column {
                on_update: Some(DefaultExpr::Sql("now()".into())),
                ..col("seen", DataType::Timestamp { tz: true, precision: None })
            },
            col("digest", DataType::Binary { length: Some(16), fixed: true }),
        ],
        constraints: vec![],
        if_not_exists: false,
        comment: None,
    };
    assert_eq!(
        sql(MY, ct),
        "CREATE TABLE `t` (\n  `changed` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n  `seen` timestamp NULL ON UPDATE now(),\n  `digest` binary(16)\n);"
    );
    // MODIFY repeats it from the state.
    let mut state = Schema::default();
    state.tables.insert(
        "t".into(),
        table("t", vec![Column { on_update: Some(DefaultExpr::CurrentTimestamp), ..col("at", ts) }], vec![]),
    );
    let out = render(
        MY,
        &state,
        Some(state.clone()),
        &op(AlterColumn {
            table: t("t"),
            column: "at".into(),
            data_type: None,
            using: None,
            nullable: None,
            default: None,
            comment: Some(Change::Set("x".into())),
        }),
    );
    assert_eq!(out.sql, "ALTER TABLE `t` MODIFY COLUMN `at` datetime(3) ON UPDATE CURRENT_TIMESTAMP(3);");
}
