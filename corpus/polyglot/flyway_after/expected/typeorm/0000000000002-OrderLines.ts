import { MigrationInterface, QueryRunner, Table } from "typeorm";

/** 0002 order_lines (exported by polymig from legacy/V2__order_lines.sql) */
export class OrderLines0000000000002 implements MigrationInterface {
    name = "OrderLines0000000000002";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "order_lines", columns: [{ name: "id", type: "integer", isPrimary: true, primaryKeyConstraintName: "order_lines_pkey", isNullable: false }, { name: "order_id", type: "integer", isNullable: false }, { name: "qty", type: "integer", isNullable: false, default: 1 }], foreignKeys: [{ columnNames: ["order_id"], referencedTableName: "orders", referencedColumnNames: ["id"] }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("order_lines");
    }
}
