import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";

// A column joins the primary key and gets a comment; the new column copies the type and length
// the database reports, so the change is made in place on every driver.
export class Keys1700000000005 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        const category = await queryRunner.getTable("category");
        const label = category!.findColumnByName("label")!;
        await queryRunner.changeColumn("category", label, new TableColumn({
            name: "label", type: label.type, length: label.length, isPrimary: true, comment: "shown to readers",
        }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const category = await queryRunner.getTable("category");
        const label = category!.findColumnByName("label")!;
        await queryRunner.changeColumn("category", label, new TableColumn({
            name: "label", type: label.type, length: label.length, comment: label.comment,
        }));
    }
}
