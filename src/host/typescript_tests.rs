use crate::host::eval::tests::describe;
use crate::host::tree::NodeKind;
use crate::host::{EvalConfig, Evaluator, Language, Module, Value, parse};
use crate::ir::SqlDialect;

fn ts(src: &str) -> Module {
    parse(Language::TypeScript, "m.ts", src)
}

/// Evaluate method `name` of the first class in `src`.
fn method(src: &str, name: &str, target: Option<SqlDialect>) -> Vec<String> {
    let m = ts(src);
    let body = m
        .body
        .iter()
        .find_map(|n| match &n.kind {
            NodeKind::Class { body, .. } => Some(body.clone()),
            NodeKind::Assign { value, .. } => match &value.kind {
                NodeKind::Class { body, .. } => Some(body.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("a class");
    let f = body
        .iter()
        .find_map(|n| match &n.kind {
            NodeKind::Function(f) if f.name == name => Some(f.clone()),
            _ => None,
        })
        .expect("method");
    let mut ev = Evaluator::new(&m, EvalConfig::new(target));
    ev.enter_class(&body);
    describe(&ev.run_function(&f, Vec::new()))
}

const MIGRATION: &str = r#"import { MigrationInterface, QueryRunner, Table } from "typeorm";

const COLS = ["a", "b"];

export class Init1700000000000 implements MigrationInterface {
    name = "Init1700000000000";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "t" ("${COLS[0]}" int, \`q\` text)`);
        await queryRunner.createTable(new Table({ name: "u", columns: [{ name: "id", type: "int", isPrimary: true }] }), true);
        for (const c of COLS) {
            await queryRunner.dropColumn("u", c);
        }
        COLS.forEach((c) => queryRunner.query("SELECT " + c));
        switch (queryRunner.connection.options.type) {
            case "postgres":
                await queryRunner.query("CREATE EXTENSION x");
                break;
            case "mysql":
            case "mariadb":
                await queryRunner.query("SET y");
                break;
            default:
                await queryRunner.query("PRAGMA z");
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("u");
    }
}
"#;

#[test]
fn imports_bind_module_paths() {
    let m = ts(
        "import { Table as T, QueryRunner } from \"typeorm\";\nimport * as path from \"path\";\nimport x from \"y\";\n",
    );
    let NodeKind::Import(pairs) = &m.body[0].kind else { panic!() };
    assert_eq!(pairs[0], ("T".to_string(), "typeorm.Table".to_string()));
    let NodeKind::Import(pairs) = &m.body[1].kind else { panic!() };
    assert_eq!(pairs[0], ("path".to_string(), "path".to_string()));
    let NodeKind::Import(pairs) = &m.body[2].kind else { panic!() };
    assert_eq!(pairs[0], ("x".to_string(), "y".to_string()));
}

#[test]
fn typeorm_migration_evaluates() {
    let got = method(MIGRATION, "up", Some(SqlDialect::Mysql));
    assert_eq!(
        got,
        [
            r#"queryRunner.query("CREATE TABLE \"t\" (\"a\" int, `q` text)")"#,
            r#"queryRunner.createTable(typeorm.Table({"name": "u", "columns": [{"name": "id", "type": "int", "isPrimary": true}]}), true)"#,
            r#"queryRunner.dropColumn("u", "a")"#,
            r#"queryRunner.dropColumn("u", "b")"#,
            r#"queryRunner.query("SELECT a")"#,
            r#"queryRunner.query("SELECT b")"#,
            r#"queryRunner.query("SET y")"#,
        ]
    );
    let any = method(MIGRATION, "up", None);
    assert!(any.contains(&"WHEN postgres".to_string()) && any.contains(&"WHEN mysql".to_string()), "{any:#?}");
    assert_eq!(method(MIGRATION, "down", None), [r#"queryRunner.dropTable("u")"#]);
}

#[test]
fn class_fields_are_visible_to_methods() {
    let m = ts(MIGRATION);
    let NodeKind::Class { body, .. } = &m.body[2].kind else { panic!("{:?}", m.body[2].kind) };
    let mut ev = Evaluator::new(&m, EvalConfig::new(None));
    ev.enter_class(body);
    assert_eq!(ev.global("name"), Some(&Value::Str("Init1700000000000".into())));
}

#[test]
fn compiled_javascript_reads_too() {
    let src = "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nclass X {\n  async up(queryRunner) {\n    await queryRunner.query('DROP TABLE \"x\"');\n  }\n}\nexports.X = X;\n";
    assert_eq!(method(src, "up", None), [r#"queryRunner.query("DROP TABLE \"x\"")"#]);
}

#[test]
fn broken_typescript_gives_diagnostics() {
    let m = ts("export class X {\n  async up(q) {\n    await q.query(`x`;\n  }\n}\n");
    assert!(!m.diagnostics.is_empty());
    assert!(m.diagnostics.iter().all(|d| d.code == "syntax-error"));
    for src in ["`${", "class {", "((((", "import {", "/* unterminated", "x = <T>(y"] {
        let _ = ts(src);
    }
}

/// Answers `db.getTable("t")` with a table of two foreign keys, and records what came before.
struct FakeDb(std::rc::Rc<std::cell::RefCell<Vec<usize>>>);

impl crate::host::Resolver for FakeDb {
    fn resolve(&mut self, call: &crate::host::CallValue, before: &[&crate::host::Effect]) -> Option<Value> {
        if call.path() != "db.getTable" {
            return None;
        }
        self.0.borrow_mut().push(before.len());
        let fk = |name: &str, col: &str| {
            Value::Map(vec![
                (Value::Str("name".into()), Value::Str(name.into())),
                (Value::Str("columnNames".into()), Value::List(vec![Value::Str(col.into())])),
            ])
        };
        Some(Value::Map(vec![(Value::Str("foreignKeys".into()), Value::List(vec![fk("FK_a", "a"), fk("FK_b", "b")]))]))
    }
}

#[test]
fn resolved_lookups_feed_find_filter_some_and_index_of() {
    let src = r#"
async function up(db) {
    await db.query("first");
    const t = await db.getTable("t");
    const fk = t!.foreignKeys.find((fk) => fk.columnNames.indexOf("b") !== -1);
    await db.dropForeignKey("t", fk!.name);
    await db.drop(t.foreignKeys.filter((fk) => fk.columnNames.includes("a")).length);
    await db.drop(t.foreignKeys.some((fk) => fk.name === "FK_z"), t.foreignKeys.findIndex((fk) => fk.name === "FK_b"));
    const none = t.foreignKeys.find((fk) => fk.name === "FK_z");
    await db.drop(none, none.name);
    await db.drop(t.foreignKeys.find((fk) => fk.name === other()));
}
"#;
    let m = ts(src);
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let mut ev = Evaluator::new(&m, EvalConfig::new(None));
    ev.set_resolver(Some(Box::new(FakeDb(seen.clone()))));
    let f = m.function("up").expect("up");
    let out = describe(&ev.run_function(f, Vec::new()));
    assert_eq!(
        out,
        [
            "db.query(\"first\")",
            "db.dropForeignKey(\"t\", \"FK_b\")",
            "db.drop(1)",
            "db.drop(false, 1)",
            "db.drop(nil, ?(`name` of null or undefined (a lookup found nothing)))",
            "db.drop(?(comparison of run-time values))",
        ]
    );
    assert_eq!(*seen.borrow(), [1], "the resolver sees the effects before the lookup");
}

#[test]
fn an_object_s_own_function_is_called_as_a_method() {
    let src = r#"
const helpers = { name: (x) => "t_" + x };
async function up(db) {
    await db.query(helpers.name("a"));
}
"#;
    let m = ts(src);
    let mut ev = Evaluator::new(&m, EvalConfig::new(None));
    let out = describe(&ev.run_function(m.function("up").expect("up"), Vec::new()));
    assert_eq!(out, ["db.query(\"t_a\")"]);
}
