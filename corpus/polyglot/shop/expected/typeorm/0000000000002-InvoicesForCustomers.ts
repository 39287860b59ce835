import { MigrationInterface, QueryRunner, Table } from "typeorm";

/** 0002 invoices for customers (exported by polymig from billing/versions/a1_invoices.py) */
export class InvoicesForCustomers0000000000002 implements MigrationInterface {
    name = "InvoicesForCustomers0000000000002";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "invoices", columns: [{ name: "id", type: "integer", isPrimary: true, primaryKeyConstraintName: "invoices_pkey", isGenerated: true, generationStrategy: "increment", isNullable: false }, { name: "customer_id", type: "integer", isNullable: false }, { name: "total", type: "decimal", precision: 12, scale: 2, isNullable: false, default: "'0'" }], foreignKeys: [{ columnNames: ["customer_id"], referencedTableName: "customers", referencedColumnNames: ["id"] }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("invoices");
    }
}
