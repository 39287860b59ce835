import { MigrationInterface, QueryRunner, Table } from "typeorm";

/** 0003 daily totals (exported by polymig from reports/versions/r1_daily.py) */
export class DailyTotals0000000000003 implements MigrationInterface {
    name = "DailyTotals0000000000003";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "daily_totals", columns: [{ name: "day", type: "date", isPrimary: true, primaryKeyConstraintName: "daily_totals_pkey", isNullable: false }, { name: "total", type: "decimal", precision: 12, scale: 2, isNullable: false }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("daily_totals");
    }
}
