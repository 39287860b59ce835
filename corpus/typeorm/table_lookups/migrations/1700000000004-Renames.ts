import { MigrationInterface, QueryRunner, Table, TableColumn } from "typeorm";

// Renaming columns that carry default-named keys: TypeORM gives the primary key, the index and
// the foreign key the names their new columns would get.
export class Renames1700000000004 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({
            name: "reply",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "postId", type: "integer" },
                { name: "text", type: "varchar", length: "100", isUnique: true },
            ],
            indices: [{ columnNames: ["postId"] }],
            foreignKeys: [{ columnNames: ["postId"], referencedTableName: "post", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
        }), true);
        await queryRunner.renameColumn("reply", "postId", "threadId");
        await queryRunner.renameColumn("reply", "id", "replyId");
        // No longer unique: the unique constraint (MySQL: the unique index) is dropped by its name.
        const reply = await queryRunner.getTable("reply");
        const text = reply!.findColumnByName("text")!;
        await queryRunner.changeColumn(reply!, text, new TableColumn({
            name: "text", type: text.type, length: text.length, isUnique: false,
        }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("reply");
    }
}
