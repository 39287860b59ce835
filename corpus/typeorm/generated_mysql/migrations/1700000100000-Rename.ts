import { MigrationInterface, QueryRunner } from "typeorm";

export class Rename1700000100000 implements MigrationInterface {
    name = 'Rename1700000100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`post\` CHANGE \`body\` \`content\` text NULL`);
        await queryRunner.query(`ALTER TABLE \`post\` ADD \`slug\` varchar(120) NOT NULL DEFAULT ''`);
        await queryRunner.query(`ALTER TABLE \`user\` MODIFY \`email\` varchar(320) NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`user\` MODIFY \`email\` varchar(255) NOT NULL`);
        await queryRunner.query(`ALTER TABLE \`post\` DROP COLUMN \`slug\``);
        await queryRunner.query(`ALTER TABLE \`post\` CHANGE \`content\` \`body\` text NULL`);
    }
}
