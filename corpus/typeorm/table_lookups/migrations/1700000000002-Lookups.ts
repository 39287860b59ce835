import { MigrationInterface, QueryRunner, Table } from "typeorm";

// Look the foreign key, the index and the column up in the table as the database has it.
export class Lookups1700000000002 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        const table = await queryRunner.getTable("post");
        const foreignKey = table!.foreignKeys.find((fk) => fk.columnNames.indexOf("authorId") !== -1);
        await queryRunner.dropForeignKey("post", foreignKey!);
        const index = table!.indices.find((i) => i.columnNames.includes("title"));
        await queryRunner.dropIndex("post", index!);
        const slug = table!.findColumnByName("slug");
        await queryRunner.dropColumn(table!, slug!);
        if (await queryRunner.hasColumn("post", "legacy")) {
            await queryRunner.dropColumn("post", "legacy");
        }
        if (!(await queryRunner.hasTable("category"))) {
            await queryRunner.createTable(new Table({
                name: "category",
                columns: [{ name: "id", type: "integer", isPrimary: true }, { name: "label", type: "varchar", length: "30" }],
            }));
        }
        const links = await queryRunner.getTable("tag_link");
        if (links!.primaryColumns.length === 2) {
            await queryRunner.dropPrimaryKey("tag_link");
            await queryRunner.createPrimaryKey("tag_link", ["postId", "tagId", "weight"]);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropPrimaryKey("tag_link");
        await queryRunner.createPrimaryKey("tag_link", ["postId", "tagId"]);
        await queryRunner.dropTable("category");
    }
}
