import { MigrationInterface, QueryRunner, Table } from "typeorm";

/** 0001 create_customers (exported by polymig from core/20240101120000_create_customers.sql) */
export class CreateCustomers0000000000001 implements MigrationInterface {
    name = "CreateCustomers0000000000001";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "customers", columns: [{ name: "id", type: "integer", isPrimary: true, primaryKeyConstraintName: "customers_pkey", isNullable: false }, { name: "email", type: "varchar", length: "255", isNullable: false }, { name: "name", type: "varchar", length: "100", isNullable: true }], uniques: [{ columnNames: ["email"] }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("customers");
    }
}
