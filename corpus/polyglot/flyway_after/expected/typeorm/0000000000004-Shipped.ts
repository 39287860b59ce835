import { MigrationInterface, QueryRunner } from "typeorm";

/** 0004 shipped (exported by polymig from legacy/V3__shipped.sql) */
export class Shipped0000000000004 implements MigrationInterface {
    name = "Shipped0000000000004";

    public async up(queryRunner: QueryRunner): Promise<void> {
        switch (queryRunner.connection.options.type) {
            case "postgres":
                await queryRunner.query(`ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp`);
                break;
            case "mysql":
            case "mariadb":
                await queryRunner.query(`ALTER TABLE \`orders\` ADD COLUMN \`shipped_at\` datetime`);
                break;
            default:
                await queryRunner.query(`ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp`);
                break;
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropColumn("orders", "shipped_at");
    }
}
