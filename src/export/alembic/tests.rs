use super::*;
use crate::ir::{Column, Constraint, ConstraintKind, CreateTable, DataType, Op, QName, RawSql};

#[test]
fn revision_ids_are_plain_words_or_stable_hashes() {
    assert_eq!(revision_id("0001"), "0001");
    assert_eq!(revision_id("a1b2_c"), "a1b2_c");
    let h = revision_id("V1.2 add users");
    assert_eq!(h.len(), 12);
    assert_eq!(h, revision_id("V1.2 add users"));
    assert_ne!(h, revision_id("V1.3 add users"));
    assert_ne!(revision_id("head"), "head");
}

#[test]
fn a_linear_history_becomes_a_revision_chain() {
    let mut a = Migration::new("0001", "create users");
    let mut t = CreateTable {
        table: QName::new("users"),
        columns: vec![Column::new("id", DataType::int(32))],
        constraints: vec![Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } }],
        if_not_exists: false,
        comment: None,
    };
    t.columns[0].nullable = false;
    a.up.push(Op::new(t, Span::file("a")));
    let mut b = Migration::new("0002", "seed");
    b.up.push(Op::new(
        RawSql { sql: "INSERT INTO users VALUES (1)".into(), down: None, dialect: None, no_transaction: false },
        Span::file("b"),
    ));
    let out = render_history(&[a, b]);
    assert_eq!(out[0].file_name, "0001_0001_create_users.py");
    assert!(out[0].text.contains("down_revision = None"), "{}", out[0].text);
    let create = "    op.create_table(\n        \"users\",\n        sa.Column(\"id\", sa.Integer(), nullable=False, \
                  autoincrement=False),\n        sa.PrimaryKeyConstraint(\"id\"),\n    )\n";
    assert!(out[0].text.contains(create), "{}", out[0].text);
    assert!(out[0].text.contains("Revises:\n"), "{}", out[0].text);
    assert!(out[0].text.contains("def downgrade():\n    op.drop_table(\"users\")"), "{}", out[0].text);
    assert!(out[1].text.contains("down_revision = \"0001\""));
    assert!(out[1].text.contains("op.execute(\"INSERT INTO users VALUES (1)\")"));
    assert!(
        out[1].text.contains("raise NotImplementedError(\"polymig cannot derive this downgrade:"),
        "{}",
        out[1].text
    );
}

#[test]
fn sqlite_batch_groups_changes_on_one_table_with_copy_from() {
    use crate::ir::{AddConstraint, AlterColumn};
    let mut a = Migration::new("0001", "create items");
    let mut id = Column::new("id", DataType::int(32));
    id.nullable = false;
    let t = CreateTable {
        table: QName::new("items"),
        columns: vec![id, Column::new("sku", DataType::varchar(Some(20)))],
        constraints: vec![Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } }],
        if_not_exists: false,
        comment: None,
    };
    a.up.push(Op::new(t, Span::file("a")));
    let mut b = Migration::new("0002", "tighten");
    let alter = AlterColumn {
        table: QName::new("items"),
        column: "sku".into(),
        data_type: None,
        using: None,
        nullable: Some(false),
        default: None,
        comment: None,
    };
    b.up.push(Op::new(alter, Span::file("b")));
    let unique = ConstraintKind::Unique { columns: vec!["sku".into()], nulls_not_distinct: false, deferrable: None };
    let add = AddConstraint {
        table: QName::new("items"),
        constraint: Constraint { name: None, kind: unique },
        not_valid: false,
    };
    b.up.push(Op::new(add, Span::file("b")));
    let plain = render_history(&[a.clone(), b.clone()]);
    assert!(!plain[1].text.contains("batch_op"), "{}", plain[1].text);
    let batch = render_history_with(&[a, b], AlembicExportOptions { sqlite_batch: true });
    let text = &batch[1].text;
    assert!(
        text.contains(
            "    with op.batch_alter_table(\n        \"items\",\n        copy_from=sa.Table(\n            \"items\",\n"
        ),
        "{text}"
    );
    assert!(text.contains("sa.MetaData(),"), "{text}");
    assert!(
        text.contains("        batch_op.alter_column(\n            \"sku\",\n            nullable=False,\n"),
        "{text}"
    );
    assert!(text.contains("        batch_op.create_unique_constraint(\"items_sku_key\", [\"sku\"])"), "{text}");
    assert_eq!(
        text.split("def downgrade").next().unwrap_or_default().matches("batch_alter_table").count(),
        1,
        "one block for the run: {text}"
    );
}
