use super::*;
use crate::ir::*;

fn table_op() -> Op {
    let mut id = Column::new("id", DataType::int(64));
    id.nullable = false;
    id.auto_increment = Some(AutoIncrement::Serial);
    let mut email = Column::new("email", DataType::varchar(Some(255)));
    email.nullable = false;
    let ct = CreateTable {
        table: QName::new("users"),
        columns: vec![id, email],
        constraints: vec![Constraint { name: None, kind: ConstraintKind::PrimaryKey { columns: vec!["id".into()] } }],
        if_not_exists: false,
        comment: None,
    };
    Op::new(ct, Span::file("x.sql"))
}

#[test]
fn create_table_is_written_in_change() {
    let mut m = Migration::new("0001", "create users");
    m.up = vec![table_op()];
    let files = render_history(&[m], &RailsExportOptions::default());
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, "db/migrate/20000101000001_create_users.rb");
    assert_eq!(
        files[0].text,
        "class CreateUsers < ActiveRecord::Migration[8.0]\n  def change\n    create_table :users, id: :bigint do |t|\n      t.string :email, limit: 255, null: false\n    end\n  end\nend\n"
    );
}

#[test]
fn raw_sql_without_down_is_irreversible() {
    let mut m = Migration::new("20240101000001", "backfill");
    m.up = vec![Op::new(
        RawSql { sql: "UPDATE users SET a = 1".into(), down: None, dialect: None, no_transaction: false },
        Span::file("x.sql"),
    )];
    let files = render_history(&[m], &RailsExportOptions::default());
    let text = &files[0].text;
    assert!(text.contains("  def up\n    execute <<~SQL\n      UPDATE users SET a = 1\n    SQL\n  end"), "{text}");
    assert!(
        text.contains("raise ActiveRecord::IrreversibleMigration, \"polymig cannot derive this down: raw SQL"),
        "{text}"
    );
}

#[test]
fn options_are_checked() {
    let mut o = FormatExportOptions::default();
    o.options.insert("rails_version".into(), "6.1".into());
    assert_eq!(RailsExportOptions::from_format_options(&o).unwrap().version, (6, 1));
    o.options.insert("rails_version".into(), "9.9".into());
    assert!(RailsExportOptions::from_format_options(&o).is_err());
    let mut o = FormatExportOptions::default();
    o.options.insert("colour".into(), "red".into());
    let errs = RailsExportOptions::from_format_options(&o).unwrap_err();
    assert_eq!(errs[0].code, "unknown-export-option");
}

#[test]
fn file_names_are_unique_and_valid_classes() {
    let mut taken = BTreeSet::new();
    assert_eq!(unique_stem("Create users!", "1", &mut taken), "create_users");
    assert_eq!(unique_stem("create users", "2", &mut taken), "create_users_2");
    assert_eq!(unique_stem("0001", "0001", &mut taken), "migration_0001");
    assert_eq!(unique_stem("2nd step", "3", &mut taken), "migration_2nd_step");
    assert_eq!(class_name("create_users_2"), "CreateUsers2");
}
