use crate::host::eval::tests::describe;
use crate::host::tree::{Arg, NodeKind};
use crate::host::{EvalConfig, Evaluator, Language, Module, NodeKind as K, parse};
use crate::ir::SqlDialect;

fn rb(src: &str) -> Module {
    parse(Language::Ruby, "m.rb", src)
}

fn assigned(m: &Module, i: usize) -> &NodeKind {
    match &m.body[i].kind {
        NodeKind::Assign { value, .. } => &value.kind,
        other => panic!("not an assignment: {other:?}"),
    }
}

/// Evaluate the `change` method of the migration class in `src`.
fn change(src: &str, target: Option<SqlDialect>) -> Vec<String> {
    let m = rb(src);
    let K::Class { body, .. } = &m.body[0].kind else { panic!("class") };
    let f = body
        .iter()
        .find_map(|n| match &n.kind {
            K::Function(f) if f.name == "change" => Some(f.clone()),
            _ => None,
        })
        .expect("def change");
    let mut ev = Evaluator::new(&m, EvalConfig::new(target));
    ev.enter_class(body);
    describe(&ev.run_function(&f, Vec::new()))
}

#[test]
fn literals_lower() {
    let m = rb(
        "a = 'x\\'y\\n'\nb = \"x\\ty\"\nc = :sym\nd = %w[p q]\ne = %i[r s]\nf = { a: 1, \"b\" => nil }\ng = 1_000\nh = -2.5\n",
    );
    assert_eq!(assigned(&m, 0), &NodeKind::Str("x'y\\n".into()));
    assert_eq!(assigned(&m, 1), &NodeKind::Str("x\ty".into()));
    assert_eq!(assigned(&m, 2), &NodeKind::Symbol("sym".into()));
    let NodeKind::List(d) = assigned(&m, 3) else { panic!() };
    assert_eq!(d.iter().map(|n| n.as_str().unwrap_or("?")).collect::<Vec<_>>(), ["p", "q"]);
    let NodeKind::List(e) = assigned(&m, 4) else { panic!() };
    assert_eq!(e[1].kind, NodeKind::Symbol("s".into()));
    let NodeKind::Map(f) = assigned(&m, 5) else { panic!() };
    assert_eq!(f[0].0.kind, NodeKind::Symbol("a".into()));
    assert_eq!(f[1].1.kind, NodeKind::Nil);
    assert_eq!(assigned(&m, 6), &NodeKind::Number("1000".into()));
    assert_eq!(assigned(&m, 7), &NodeKind::Number("-2.5".into()));
}

#[test]
fn heredocs_join_their_bodies() {
    let src = "x = <<~SQL\n    CREATE INDEX a\n      ON b (c);\n  SQL\ny = <<-EOS\n  keep\n  EOS\nz = 1\n";
    let m = rb(src);
    assert_eq!(assigned(&m, 0), &NodeKind::Str("CREATE INDEX a\n  ON b (c);\n".into()));
    assert_eq!(assigned(&m, 1), &NodeKind::Str("  keep\n".into()));
    assert_eq!(m.body.len(), 3, "heredoc bodies are not statements");
}

#[test]
fn calls_without_parentheses_take_hash_keywords_and_blocks() {
    let m = rb("create_table :users, id: :uuid do |t|\n  t.string :name, null: false\n  t.timestamps\nend\n");
    let NodeKind::Call(c) = &m.body[0].kind else { panic!() };
    assert_eq!(c.callee.dotted().as_deref(), Some("create_table"));
    assert!(matches!(&c.args[0], Arg::Pos(n) if n.kind == NodeKind::Symbol("users".into())));
    assert!(matches!(&c.args[1], Arg::Kw(k, _) if k == "id"));
    let block = c.block.as_ref().expect("block");
    assert_eq!(block.params[0].name, "t");
    assert_eq!(block.body.len(), 2);
    let NodeKind::Call(ts) = &block.body[1].kind else { panic!() };
    assert!(ts.bare && ts.callee.dotted().as_deref() == Some("t.timestamps"));
}

#[test]
fn migration_class_evaluates_with_blocks_loops_and_dialect_cases() {
    let src = r#"class AddThings < ActiveRecord::Migration[7.1]
  COLS = %w[a b].freeze
  def change
    create_table :things do |t|
      COLS.each { |c| t.string c }
    end
    case connection.adapter_name
    when "PostgreSQL" then enable_extension "pgcrypto"
    when "Mysql2", "Trilogy" then execute "SET x = 1"
    end
    add_index :things, :a unless connection.adapter_name == "SQLite"
    execute <<~SQL
      UPDATE things SET a = '#{COLS.first}'
    SQL
  end
end
"#;
    let pg = change(src, Some(SqlDialect::Postgres));
    assert_eq!(
        pg,
        [
            "create_table(:things)",
            "  do |t|",
            r#"    t.string("a")"#,
            r#"    t.string("b")"#,
            r#"enable_extension("pgcrypto")"#,
            "add_index(:things, :a)",
            "execute(\"UPDATE things SET a = 'a'\\n\")",
        ]
    );
    let sqlite = change(src, Some(SqlDialect::Sqlite));
    assert!(!sqlite.iter().any(|l| l.contains("add_index") || l.contains("enable_extension")), "{sqlite:?}");
    let any = change(src, None);
    assert!(any.contains(&"WHEN postgres".to_string()) && any.contains(&"WHEN mysql".to_string()), "{any:#?}");
}

#[test]
fn broken_ruby_gives_one_diagnostic_and_keeps_the_rest() {
    let m = rb(
        "class X < ActiveRecord::Migration[7.0]\n  def change\n    add_column :t, :c, \n  end\n  def down\n    drop_table :t\n  end\nend\n",
    );
    assert!(!m.diagnostics.is_empty());
    assert!(m.diagnostics.iter().all(|d| d.code == "syntax-error" && d.span.is_some()));
    for src in ["<<~SQL\n", "%w[", "def", "x = {a: }", "\"#{\"", "case\nwhen\n"] {
        let _ = rb(src);
    }
}
