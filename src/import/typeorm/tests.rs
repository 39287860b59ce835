use super::*;
use crate::ir::Operation;

fn import(src: &str, file: &str, target: Option<SqlDialect>) -> Vec<Migration> {
    let opts = ImportOptions { format: None, source_dialect: None, target, ..Default::default() };
    let (ms, diags) = import_source(src, file, &opts);
    assert!(diags.is_empty(), "{diags:#?}");
    ms
}

fn names(ops: &[crate::ir::Op]) -> Vec<&'static str> {
    ops.iter().map(|o| o.kind.name()).collect()
}

const TS: &str = r#"import { MigrationInterface, QueryRunner, Table } from "typeorm";

export class AddUsers1700000000001 implements MigrationInterface {
    name = "AddUsers1700000000001";
    transaction = false as const;

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await this.index(queryRunner, "email");
    }

    private async index(queryRunner: QueryRunner, col: string) {
        await queryRunner.query(`CREATE INDEX "IDX_${col}" ON "users" ("` + col + `")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("users");
    }
}
"#;

#[test]
fn typescript_class_with_sql_and_helper() {
    let ms = import(TS, "1700000000001-AddUsers.ts", None);
    assert_eq!(ms.len(), 1);
    let m = &ms[0];
    assert_eq!((m.id.as_str(), m.name.as_str(), m.transactional), ("1700000000001", "AddUsers", false));
    assert_eq!(names(&m.up), ["CreateTable", "CreateIndex"], "{:#?}", m.up);
    let Operation::CreateTable(t) = &m.up[0].kind else { panic!() };
    assert_eq!(t.constraints[0].name.as_deref(), Some("PK_a3ffb1c0c8416b9fc6f907b7433"));
    let Operation::CreateIndex(i) = &m.up[1].kind else { panic!() };
    assert_eq!(i.index.name.as_deref(), Some("IDX_email"));
    assert_eq!(names(m.down.as_deref().unwrap()), ["DropTable"]);
    assert_eq!(m.up[1].span.line, 13, "the span of the inlined helper's query");
}

const ES5: &str = r#""use strict";
var __awaiter = (this && this.__awaiter) || function () {};
var __generator = (this && this.__generator) || function () {};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Init1700000000000 = void 0;
var Init1700000000000 = /** @class */ (function () {
    function Init1700000000000() {
        this.name = 'Init1700000000000';
    }
    Init1700000000000.prototype.up = function (queryRunner) {
        return __awaiter(this, void 0, void 0, function () {
            return __generator(this, function (_a) {
                switch (_a.label) {
                    case 0: return [4 /*yield*/, queryRunner.query("CREATE TABLE \"a\" (\"id\" integer NOT NULL)")];
                    case 1:
                        _a.sent();
                        return [4 /*yield*/, queryRunner.query("CREATE TABLE \"b\" (\"id\" integer NOT NULL)")];
                    case 2:
                        _a.sent();
                        return [2 /*return*/];
                }
            });
        });
    };
    Init1700000000000.prototype.down = function (queryRunner) {
        return __awaiter(this, void 0, void 0, function () {
            return __generator(this, function (_a) {
                return [2 /*return*/, queryRunner.query("DROP TABLE \"b\"")];
            });
        });
    };
    return Init1700000000000;
}());
exports.Init1700000000000 = Init1700000000000;
"#;

#[test]
fn es5_generator_state_machine_is_flattened() {
    let ms = import(ES5, "dist/1700000000000-Init.js", None);
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].name, "Init");
    assert_eq!(names(&ms[0].up), ["CreateTable", "CreateTable"]);
    assert_eq!(names(ms[0].down.as_deref().unwrap()), ["DropTable"]);
}

const API: &str = r#"import { MigrationInterface, QueryRunner, Table, TableIndex, TableForeignKey } from "typeorm";
export class Api1700000000002 implements MigrationInterface {
    async up(queryRunner: QueryRunner) {
        await queryRunner.createTable(new Table({ name: "authors", columns: [
            { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
            { name: "email", type: "varchar", isUnique: true },
        ] }), true);
        await queryRunner.createIndex("authors", new TableIndex({ columnNames: ["email"] }));
        await queryRunner.createForeignKey("authors", new TableForeignKey({ columnNames: ["id"], referencedTableName: "x", referencedColumnNames: ["id"] }));
        if (queryRunner.connection.driver instanceof PostgresDriver) {
            await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "pgcrypto"`);
        }
        await queryRunner.manager.save(Thing, { a: 1 });
    }
}
"#;

#[test]
fn query_runner_api_gets_typeorm_names_and_driver_types() {
    let ms = import(API, "1700000000002-Api.ts", Some(SqlDialect::Mysql));
    let up = &ms[0].up;
    assert_eq!(names(up), ["CreateTable", "CreateIndex", "AddConstraint", "Opaque"]);
    let Operation::CreateTable(t) = &up[0].kind else { panic!() };
    assert_eq!(t.columns[1].data_type, crate::ir::DataType::varchar(Some(255)));
    let Operation::CreateIndex(i) = &up[1].kind else { panic!() };
    assert_eq!(i.index.name.as_deref(), Some(naming::index("authors", &["email".into()], None).as_str()));
    let ms = import(API, "1700000000002-Api.ts", Some(SqlDialect::Postgres));
    assert_eq!(names(&ms[0].up), ["CreateTable", "CreateIndex", "AddConstraint", "CreateExtension", "Opaque"]);
    let Operation::CreateTable(t) = &ms[0].up[0].kind else { panic!() };
    assert_eq!(t.columns[1].data_type, crate::ir::DataType::varchar(None));
    assert!(t.constraints.iter().any(|c| {
        c.name.as_deref()
            == Some(
                "PK_d2ed02fabd9b52847ccb85e6b88"
                    .replace("d2ed02fabd9b52847ccb85e6b88", &naming::primary_key("authors", &["id".into()])[3..])
                    .as_str(),
            )
    }));
}

#[test]
fn broken_file_reports_position() {
    let src = "export class X1700000000003 {\n  async up(queryRunner) {\n    await queryRunner.query(`CREATE TABLE \"a\" (\"id\" int)`;\n  }\n}\n";
    let opts = ImportOptions::default();
    let (ms, diags) = import_source(src, "1700000000003-X.ts", &opts);
    let all: Vec<String> = diags.iter().chain(ms.iter().flat_map(|m| &m.diagnostics)).map(|d| d.to_string()).collect();
    assert!(all.iter().any(|d| d.starts_with("1700000000003-X.ts:3:")), "{all:#?}");
}

/// `tsc`'s ES5 output of an `if`/`else` on the driver and of an `if` on a query's result.
const ES5_BRANCHES: &str = r#""use strict";
var Branchy1700000000009 = /** @class */ (function () {
    function Branchy1700000000009() {}
    Branchy1700000000009.prototype.up = function (queryRunner) {
        return __awaiter(this, void 0, void 0, function () {
            var found;
            return __generator(this, function (_a) {
                switch (_a.label) {
                    case 0:
                        if (!(queryRunner.connection.options.type === "postgres")) return [3 /*break*/, 2];
                        return [4 /*yield*/, queryRunner.query("CREATE TABLE \"pg_only\" (\"id\" integer)")];
                    case 1:
                        _a.sent();
                        return [3 /*break*/, 4];
                    case 2: return [4 /*yield*/, queryRunner.query("CREATE TABLE \"other\" (\"id\" integer)")];
                    case 3:
                        _a.sent();
                        _a.label = 4;
                    case 4: return [4 /*yield*/, queryRunner.query("SELECT 1 AS present")];
                    case 5:
                        found = _a.sent();
                        if (!found[0].present) return [3 /*break*/, 7];
                        return [4 /*yield*/, queryRunner.query("CREATE TABLE \"maybe\" (\"id\" integer)")];
                    case 6:
                        _a.sent();
                        _a.label = 7;
                    case 7: return [2 /*return*/];
                }
            });
        });
    };
    return Branchy1700000000009;
}());
exports.Branchy1700000000009 = Branchy1700000000009;
"#;

#[test]
fn es5_forward_jumps_are_branches_and_a_run_time_one_stays_opaque() {
    let opts = ImportOptions { target: Some(SqlDialect::Postgres), ..Default::default() };
    let (ms, _) = import_source(ES5_BRANCHES, "dist/1700000000009-Branchy.js", &opts);
    let up = &ms[0].up;
    assert_eq!(names(up), ["CreateTable", "Opaque"], "the SELECT only feeds the branch: {up:#?}");
    let Operation::CreateTable(t) = &up[0].kind else { unreachable!() };
    assert_eq!(t.table.name, "pg_only");
    let Operation::Opaque(o) = &up[1].kind else { unreachable!() };
    assert!(o.source.contains("CREATE TABLE \\\"maybe\\\""), "the skipped step is kept: {}", o.source);
    let (ms, _) = import_source(
        ES5_BRANCHES,
        "dist/1700000000009-Branchy.js",
        &ImportOptions { target: Some(SqlDialect::Sqlite), ..Default::default() },
    );
    let Operation::CreateTable(t) = &ms[0].up[0].kind else { unreachable!() };
    assert_eq!(t.table.name, "other", "the else branch on another driver");
}

fn up_of(src: &str, target: SqlDialect) -> (Vec<crate::ir::Op>, Vec<String>) {
    let opts = ImportOptions { format: None, source_dialect: None, target: Some(target), ..Default::default() };
    let (ms, diags) = import_source(src, "1700000000000-X.ts", &opts);
    assert!(diags.is_empty(), "{diags:#?}");
    let m = ms.into_iter().last().expect("a migration");
    (m.up, m.diagnostics.iter().map(|d| d.message.clone()).collect())
}

fn sql_of(ops: &[crate::ir::Op], d: SqlDialect) -> Vec<String> {
    let m = Migration { up: ops.to_vec(), ..Migration::new("1", "x") };
    let opts = crate::export::sql::ExportOptions { dialect: d, with_down: false, allow_lossy: true };
    let r = crate::export::sql::render_migration(&m, &mut crate::schema::Schema::default(), &opts);
    r.up.into_iter().map(|s| s.sql).collect()
}

/// Two classes in one file: the second looks up what the first created.
const LOOKUPS: &str = r#"
export class Create1700000000001 {
    async up(queryRunner) {
        await queryRunner.query(`CREATE TABLE "a" ("id" integer PRIMARY KEY, "b_id" integer, "n" varchar(10) NOT NULL)`);
        await queryRunner.query(`ALTER TABLE "a" ADD CONSTRAINT "a_b_fk" FOREIGN KEY ("b_id") REFERENCES "a" ("id")`);
    }
}
export class Use1700000000002 {
    async up(queryRunner) {
        const t = await queryRunner.getTable("a");
        const fk = t.foreignKeys.find((fk) => fk.columnNames.indexOf("b_id") !== -1);
        await queryRunner.dropForeignKey(t, fk);
        await queryRunner.dropPrimaryKey("a");
        const missing = t.foreignKeys.find((fk) => fk.name === "nope");
        await queryRunner.dropForeignKey("a", missing);
        const other = await queryRunner.getTable(this.tableName());
        await queryRunner.dropColumn("a", other.findColumnByName("n"));
        if (await queryRunner.hasColumn("a", "n")) {
            await queryRunner.changeColumn("a", "n", new TableColumn({ name: "n", type: "character varying", length: "10", isNullable: true }));
        }
    }
}
"#;

#[test]
fn lookups_read_the_state_the_earlier_migrations_built() {
    let (up, diags) = up_of(LOOKUPS, SqlDialect::Postgres);
    let sql = sql_of(&up, SqlDialect::Postgres).join("\n");
    assert!(sql.contains("DROP CONSTRAINT \"a_b_fk\""), "{sql}");
    assert!(sql.contains("DROP CONSTRAINT \"a_pkey\""), "the real name, not PK_<hash>: {sql}");
    assert!(sql.contains("ALTER COLUMN \"n\" DROP NOT NULL"), "changed in place: {sql}");
    assert!(!sql.contains("DROP COLUMN \"n\""), "{sql}");
    assert_eq!(names(&up), ["DropConstraint", "DropConstraint", "Opaque", "Opaque", "AlterColumn"]);
    assert!(diags[0].contains("the foreign key is undefined"), "{diags:#?}");
    assert!(diags[1].contains("known only at run time"), "{diags:#?}");
}

#[test]
fn change_column_follows_typeorm_s_comparison() {
    let src = r#"
export class Create1700000000001 {
    async up(queryRunner) {
        await queryRunner.query(`CREATE TABLE "a" ("id" integer, "n" varchar(10) NOT NULL, "m" integer)`);
    }
}
export class Change1700000000002 {
    async up(queryRunner) {
        // varchar is not the character varying the catalog reports: dropped and added again.
        await queryRunner.changeColumn("a", "n", new TableColumn({ name: "n", type: "varchar", length: "10" }));
        // same type and length: only the default.
        await queryRunner.changeColumn("a", "m", new TableColumn({ name: "m", type: "integer", isNullable: true, default: 1 }));
        await queryRunner.changeColumn("a", "gone", new TableColumn({ name: "gone", type: "integer" }));
    }
}
"#;
    let (up, diags) = up_of(src, SqlDialect::Postgres);
    assert_eq!(names(&up), ["DropColumn", "AddColumn", "AlterColumn", "Opaque"]);
    assert!(
        diags[0].contains("drops column `n` of `a`") && diags[0].contains("\"character varying\" is not \"varchar\"")
    );
    assert!(diags[1].contains("column `gone` is not in `a`"), "{diags:#?}");
    let (up, _) = up_of(src, SqlDialect::Mysql);
    // MySQL reports `varchar` (nothing to change) and `int` (not `integer`: dropped and added).
    assert_eq!(names(&up), ["DropColumn", "AddColumn", "Opaque"], "{up:#?}");
}

#[test]
fn mysql_names_unnamed_table_uniques_as_indexes() {
    let src = r#"
export class Create1700000000001 {
    async up(queryRunner) {
        await queryRunner.createTable(new Table({ name: "t", columns: [{ name: "a", type: "int" }, { name: "b", type: "int", isUnique: true }], uniques: [{ columnNames: ["a"] }] }));
    }
}
"#;
    let (up, _) = up_of(src, SqlDialect::Mysql);
    let Operation::CreateTable(t) = &up[0].kind else { panic!("{up:#?}") };
    let names: Vec<&str> = t.constraints.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(names, [naming::index("t", &["a".into()], None), naming::unique("t", &["b".into()])]);
}

#[test]
fn a_query_whose_result_is_kept_still_runs() {
    let src = "import { MigrationInterface, QueryRunner } from \"typeorm\";\nexport class T1700000000011 implements MigrationInterface {\n    async up(queryRunner: QueryRunner) {\n        const r = await queryRunner.query(`CREATE TABLE \"x\" (\"id\" integer)`);\n    }\n    async down(queryRunner: QueryRunner) {}\n}\n";
    let ms = import(src, "1700000000011-T.ts", Some(SqlDialect::Postgres));
    assert_eq!(names(&ms[0].up), ["CreateTable"]);
}
