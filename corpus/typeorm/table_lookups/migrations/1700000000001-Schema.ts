import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from "typeorm";

export class Schema1700000000001 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({
            name: "author",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "name", type: "varchar", length: "100", isNullable: true },
                { name: "nickname", type: "varchar", length: "40", isNullable: true },
            ],
            uniques: [{ columnNames: ["nickname"] }],
        }));
        await queryRunner.createTable(new Table({
            name: "post",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "title", type: "varchar", length: "200" },
                { name: "authorId", type: "integer", isNullable: true },
                { name: "views", type: "integer", default: 0 },
                { name: "rating", type: "decimal", precision: 5, scale: 2, isNullable: true },
                { name: "slug", type: "varchar", length: "50", isNullable: true },
                { name: "body", type: "text", isNullable: true },
            ],
        }));
        await queryRunner.createForeignKey("post", new TableForeignKey({
            columnNames: ["authorId"], referencedTableName: "author", referencedColumnNames: ["id"], onDelete: "SET NULL",
        }));
        await queryRunner.createIndex("post", new TableIndex({ columnNames: ["title"] }));
        await queryRunner.createTable(new Table({
            name: "tag_link",
            columns: [
                { name: "postId", type: "integer", isPrimary: true },
                { name: "tagId", type: "integer", isPrimary: true },
                { name: "weight", type: "integer", default: 1 },
            ],
        }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("tag_link");
        await queryRunner.dropTable("post");
        await queryRunner.dropTable("author");
    }
}
