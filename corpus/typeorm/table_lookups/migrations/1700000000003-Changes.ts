import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

// changeColumn with the old column read from the table: TypeORM compares it with the new one
// field by field, and drops and re-adds the column when the type or length differs from what
// the database reports (`character varying` on PostgreSQL, `int` on MySQL, …).
export class Changes1700000000003 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        // PostgreSQL: same type, so nullability and default are altered in place; MySQL: `int` is
        // not `integer`, so the column is dropped and added again.
        await queryRunner.changeColumn("post", "views", new TableColumn({
            name: "views", type: "integer", isNullable: true, default: 1,
        }));
        // PostgreSQL: only the precision differs; MySQL reports `decimal`.
        await queryRunner.changeColumn("post", "rating", new TableColumn({
            name: "rating", type: "numeric", precision: 7, scale: 2, isNullable: true,
        }));
        // The old column taken from the table: a longer varchar, unique now.
        const author = await queryRunner.getTable("author");
        await queryRunner.changeColumn("author", author!.findColumnByName("name")!, new TableColumn({
            name: "name", type: "varchar", length: "120", isUnique: true,
        }));
        // A rename carries the default-named unique constraint (UQ_<hash>) along.
        await queryRunner.renameColumn("author", "nickname", "alias");
        await queryRunner.renameColumn("post", "body", "content");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.renameColumn("post", "content", "body");
        await queryRunner.renameColumn("author", "alias", "nickname");
    }
}
