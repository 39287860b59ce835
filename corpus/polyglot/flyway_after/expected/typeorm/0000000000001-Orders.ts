import { MigrationInterface, QueryRunner, Table } from "typeorm";

/** 0001 orders (exported by polymig from legacy/V1__orders.sql) */
export class Orders0000000000001 implements MigrationInterface {
    name = "Orders0000000000001";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "orders", columns: [{ name: "id", type: "integer", isPrimary: true, primaryKeyConstraintName: "orders_pkey", isNullable: false }, { name: "total", type: "decimal", precision: 10, scale: 2, isNullable: false }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("orders");
    }
}
