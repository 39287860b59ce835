import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";

/** 0004 invoice status (exported by polymig from billing/versions/b2_invoice_status.py) */
export class InvoiceStatus0000000000004 implements MigrationInterface {
    name = "InvoiceStatus0000000000004";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.addColumn("invoices", new TableColumn({ name: "status", type: "varchar", length: "20", isNullable: false, default: "'open'" }));
        await queryRunner.createIndex("invoices", new TableIndex({ name: "invoices_status_idx", columnNames: ["status"] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropIndex("invoices", "invoices_status_idx");
        await queryRunner.dropColumn("invoices", "status");
    }
}
