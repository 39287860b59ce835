import { MigrationInterface, QueryRunner } from "typeorm";

export class Broken1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ok" ("id" integer NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "broken" ("id" integer NOT NULL)`;
        await queryRunner.query(`CREATE TABLE "after" ("id" integer NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "ok"`);
    }
}
