import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex, TableForeignKey, TableUnique, TableCheck } from "typeorm";

export class Init1700000000001 implements MigrationInterface {
    name = "Init1700000000001";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({
            name: "authors",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "email", type: "varchar", length: "255", isNullable: false, isUnique: true },
                { name: "name", type: "varchar", length: "100", isNullable: true },
                { name: "score", type: "decimal", precision: 10, scale: 2, default: 0 },
                { name: "active", type: "boolean", default: true },
            ],
            checks: [{ name: "CHK_authors_score", expression: `"score" >= 0` }],
        }), true);
        await queryRunner.createTable(new Table({
            name: "posts",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "title", type: "varchar", length: "200" },
                { name: "body", type: "text", isNullable: true },
                { name: "settings", type: "text", isNullable: true },
            ],
            indices: [{ columnNames: ["title"] }],
        }), true);
        await queryRunner.addColumn("posts", new TableColumn({ name: "author_id", type: "integer", isNullable: true }));
        await queryRunner.createIndex("posts", new TableIndex({ name: "IDX_posts_title_author", columnNames: ["title", "author_id"], isUnique: true }));
        await queryRunner.createForeignKey("posts", new TableForeignKey({
            columnNames: ["author_id"], referencedTableName: "authors",
            referencedColumnNames: ["id"], onDelete: "CASCADE",
        }));
        await queryRunner.renameColumn("posts", "body", "content");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.renameColumn("posts", "content", "body");
        await queryRunner.dropIndex("posts", "IDX_posts_title_author");
        await queryRunner.dropColumn("posts", "author_id");
        await queryRunner.dropTable("posts");
        await queryRunner.dropTable("authors");
    }
}
