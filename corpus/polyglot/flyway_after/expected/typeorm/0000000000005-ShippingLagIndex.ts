import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

/** 0005 shipping lag index (exported by polymig from reports/versions/r2_shipping.py) */
export class ShippingLagIndex0000000000005 implements MigrationInterface {
    name = "ShippingLagIndex0000000000005";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createIndex("orders", new TableIndex({ name: "orders_shipped_at_idx", columnNames: ["shipped_at"] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropIndex("orders", "orders_shipped_at_idx");
    }
}
