import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";

/** 0003 add_customer_country (exported by polymig from core/20240301090000_add_customer_country.sql) */
export class AddCustomerCountry0000000000003 implements MigrationInterface {
    name = "AddCustomerCountry0000000000003";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.addColumn("customers", new TableColumn({ name: "country", type: "char", length: "2", isNullable: true }));
        await queryRunner.createIndex("customers", new TableIndex({ name: "customers_country_idx", columnNames: ["country"] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropIndex("customers", "customers_country_idx");
        await queryRunner.dropColumn("customers", "country");
    }
}
