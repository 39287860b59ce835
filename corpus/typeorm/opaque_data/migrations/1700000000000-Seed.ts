import { MigrationInterface, QueryRunner } from "typeorm";
import { User } from "../entity/User";

export class Seed1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "settings" ("key" varchar(50) NOT NULL PRIMARY KEY, "value" text)`);
        await queryRunner.query(`INSERT INTO "settings" ("key", "value") VALUES ($1, $2)`, ["theme", "dark"]);
        await queryRunner.manager.save(User, { name: "admin" });
        const rows = await queryRunner.query(`SELECT "key" FROM "settings"`);
        for (const row of rows) {
            await queryRunner.query(`UPDATE "settings" SET "value" = upper("value") WHERE "key" = $1`, [row.key]);
        }
        if (await queryRunner.hasTable("legacy")) {
            await queryRunner.dropTable("legacy");
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "settings"`);
    }
}
