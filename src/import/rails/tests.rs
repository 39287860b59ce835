use super::*;
use crate::ir::Operation;

fn import(src: &str, target: Option<SqlDialect>) -> Migration {
    import_source(src, "db/migrate/20240101000000_test.rb", target, &Schema::default()).expect("a migration")
}

#[test]
fn create_table_defaults_follow_the_version() {
    let src = |v: &str| {
        format!(
            "class T < ActiveRecord::Migration[{v}]\n  def change\n    create_table :posts do |t|\n      t.references :user\n      t.timestamps\n    end\n  end\nend\n"
        )
    };
    let m = import(&src("7.1"), Some(SqlDialect::Postgres));
    assert_eq!(m.id, "20240101000000");
    assert_eq!(m.name, "test");
    let Operation::CreateTable(ct) = &m.up[0].kind else { panic!("{:?}", m.up) };
    assert_eq!(ct.columns[0].data_type, crate::ir::DataType::int(64));
    assert_eq!(ct.columns[1].name, "user_id");
    assert!(!ct.columns[2].nullable);
    assert!(
        matches!(&m.up[1].kind, Operation::CreateIndex(i) if i.index.name.as_deref() == Some("index_posts_on_user_id"))
    );
    let old = import(&src("4.2"), Some(SqlDialect::Postgres));
    let Operation::CreateTable(ct) = &old.up[0].kind else { panic!() };
    assert_eq!(ct.columns[0].data_type, crate::ir::DataType::int(32));
    assert!(ct.columns[2].nullable, "4.2 timestamps are nullable");
    assert_eq!(old.up.len(), 1, "4.2 references are not indexed");
}

#[test]
fn reversible_gives_an_explicit_down_and_data_code_is_opaque() {
    let src = r#"class T < ActiveRecord::Migration[6.1]
  disable_ddl_transaction!
  def change
    add_column :users, :age, :integer
    reversible do |dir|
      dir.up { execute "UPDATE users SET age = 0" }
      dir.down { execute "SELECT 1" }
    end
    User.reset_column_information
    User.find_each { |u| u.touch }
  end
end
"#;
    let mut before = Schema::default();
    let ct = crate::ir::Op::new(
        crate::ir::CreateTable {
            table: "users".into(),
            columns: vec![crate::ir::Column::new("id", crate::ir::DataType::int(64))],
            constraints: Vec::new(),
            if_not_exists: false,
            comment: None,
        },
        Span::file("x"),
    );
    crate::schema::replay(&mut before, &ct, None).unwrap();
    let m = import_source(src, "db/migrate/1_t.rb", Some(SqlDialect::Postgres), &before).unwrap();
    assert!(!m.transactional);
    let kinds: Vec<&str> = m.up.iter().map(|o| o.kind.name()).collect();
    assert_eq!(kinds, ["AddColumn", "Sql", "Opaque", "Opaque"], "{:#?}", m.up);
    // Data code in `change` cannot be inverted: no down, and a warning says why.
    assert!(m.down.is_none());
    assert!(m.diagnostics.iter().any(|d| d.code == "rails-irreversible"));
    let without_data: String = src.lines().filter(|l| !l.contains("User.")).map(|l| format!("{l}\n")).collect();
    let m = import_source(&without_data, "db/migrate/1_t.rb", Some(SqlDialect::Postgres), &before).unwrap();
    let down = m.down.expect("explicit down");
    let kinds: Vec<&str> = down.iter().map(|o| o.kind.name()).collect();
    assert_eq!(kinds, ["Sql", "DropColumn"]);
}

#[test]
fn plain_migration_superclass_reads_as_4_2_and_guards_use_the_state() {
    let src = "class A < ActiveRecord::Migration\n  def change\n    create_table :a do |t|\n      t.timestamps\n    end\n    add_index :a, :created_at unless index_exists?(:a, :created_at)\n    add_index :a, :updated_at if index_exists?(:a, :created_at)\n  end\nend\n";
    let m = import(src, Some(SqlDialect::Postgres));
    let Operation::CreateTable(ct) = &m.up[0].kind else { panic!() };
    assert!(ct.columns[1].nullable, "4.2 timestamps are nullable");
    let kinds: Vec<&str> = m.up.iter().map(|o| o.kind.name()).collect();
    assert_eq!(kinds, ["CreateTable", "CreateIndex", "CreateIndex"], "{:#?}", m.up);
    assert_eq!(m.up[1].span.line, 6);
}

#[test]
fn model_reflection_guards_use_the_state_by_the_naming_convention() {
    let src = "class A < ActiveRecord::Migration[6.1]\n  def up\n    create_table :enumerations do |t|\n      t.string :name\n    end\n    \
               add_column :enumerations, :position, :integer unless Enumeration.column_names.include?('position')\n    \
               add_column :enumerations, :name, :string unless Enumeration.columns_hash.key?('name')\n    \
               drop_table :people if Person.table_exists?\n  end\nend\n";
    let m = import(src, Some(SqlDialect::Postgres));
    let kinds: Vec<&str> = m.up.iter().map(|o| o.kind.name()).collect();
    assert_eq!(kinds, ["CreateTable", "AddColumn"], "{:#?}", m.up);
    assert_eq!(m.up[1].span.line, 6);
}

/// Two files through `import_paths`, as a history.
fn history(files: &[(&str, &str)]) -> Vec<Migration> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let opts = ImportOptions { target: Some(SqlDialect::Postgres), ..Default::default() };
    let (ms, diags) = import_paths(&[dir.path().to_path_buf()], &opts);
    assert!(diags.is_empty(), "{diags:?}");
    ms
}

#[test]
fn revert_of_an_earlier_class_runs_its_down_and_rolls_back_to_its_up() {
    let create = "class CreateThings < ActiveRecord::Migration[6.1]\n  def change\n    create_table :things\n    add_column :things, :size, :integer\n  end\nend\n";
    let revert = "require_relative \"1_create_things\"\nclass Undo < ActiveRecord::Migration[6.1]\n  def change\n    revert CreateThings\n  end\nend\n";
    let ms = history(&[("1_create_things.rb", create), ("2_undo.rb", revert)]);
    let undo = &ms[1];
    let kinds: Vec<&str> = undo.up.iter().map(|o| o.kind.name()).collect();
    assert_eq!(kinds, ["DropColumn", "DropTable"], "{:?}", undo.up);
    assert!(undo.up.iter().all(|o| o.span.line == 4), "spans point at the revert call: {:?}", undo.up);
    let down: Vec<&str> = undo.down.as_ref().expect("a down").iter().map(|o| o.kind.name()).collect();
    assert_eq!(down, ["CreateTable", "AddColumn"]);

    // Several classes: the last named runs backwards first; rolling back runs them in order.
    let parts = "class CreateParts < ActiveRecord::Migration[6.1]\n  def up\n    create_table :parts\n  end\n  def down\n    drop_table :parts\n  end\nend\n";
    let both =
        "class Both < ActiveRecord::Migration[6.1]\n  def change\n    revert CreateThings, CreateParts\n  end\nend\n";
    let ms = history(&[("1_create_things.rb", create), ("2_create_parts.rb", parts), ("3_both.rb", both)]);
    let names = |ops: &[crate::ir::Op]| -> Vec<String> {
        let table = |o: &Operation| match o {
            Operation::CreateTable(x) => x.table.name.clone(),
            Operation::DropTable(x) => x.table.name.clone(),
            Operation::AddColumn(x) => x.table.name.clone(),
            Operation::DropColumn(x) => x.table.name.clone(),
            other => format!("{other:?}"),
        };
        ops.iter().map(|o| format!("{} {}", o.kind.name(), table(&o.kind))).collect()
    };
    assert_eq!(names(&ms[2].up), ["DropTable parts", "DropColumn things", "DropTable things"]);
    assert_eq!(names(ms[2].down.as_ref().unwrap()), ["CreateTable things", "AddColumn things", "CreateTable parts"]);
}

#[test]
fn revert_of_a_class_the_history_lacks_is_opaque_with_the_reason() {
    let src = "class Undo < ActiveRecord::Migration[6.1]\n  def change\n    revert SomeGemMigration\n  end\nend\n";
    let m = import(src, Some(SqlDialect::Postgres));
    let Operation::Opaque(o) = &m.up[0].kind else { panic!("{:?}", m.up) };
    assert!(o.reason.contains("no earlier migration of this history defines `SomeGemMigration`"), "{}", o.reason);
    assert_eq!(m.up[0].span.line, 3);
}

#[test]
fn a_model_table_name_follows_the_convention_and_says_so() {
    let src = "class T < ActiveRecord::Migration[4.2]\n  def up\n    [Board, IssueStatus].each do |klass|\n      change_column klass.table_name, :position, :integer, default: nil\n    end\n  end\nend\n";
    let m = import(src, Some(SqlDialect::Postgres));
    let tables: Vec<&str> =
        m.up.iter()
            .map(|o| match &o.kind {
                Operation::AlterColumn(a) => a.table.name.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
    assert_eq!(tables, ["boards", "issue_statuses"]);
    let notes: Vec<&str> =
        m.diagnostics.iter().filter(|d| d.code == "rails-model-table-name").map(|d| d.message.as_str()).collect();
    assert_eq!(notes.len(), 2, "{:?}", m.diagnostics);
    assert!(notes[1].contains("`IssueStatus.table_name` read as `issue_statuses`"), "{}", notes[1]);
}
