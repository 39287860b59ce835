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
