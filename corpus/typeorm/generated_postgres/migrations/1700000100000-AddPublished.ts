import { MigrationInterface, QueryRunner } from "typeorm";

export class AddPublished1700000100000 implements MigrationInterface {
    name = 'AddPublished1700000100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "post" ADD "published" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "post" ADD "tags" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "user" ALTER COLUMN "email" TYPE character varying(400)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_published_title" ON "post" ("title") WHERE "published" = true`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_published_title"`);
        await queryRunner.query(`ALTER TABLE "user" ALTER COLUMN "email" TYPE character varying(320)`);
        await queryRunner.query(`ALTER TABLE "post" DROP COLUMN "tags"`);
        await queryRunner.query(`ALTER TABLE "post" DROP COLUMN "published"`);
    }
}
