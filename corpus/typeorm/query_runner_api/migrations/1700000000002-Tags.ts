import { MigrationInterface, QueryRunner, Table, TableCheck, TableColumn, TableIndex, TableUnique } from "typeorm";

const TAG_COLUMNS = [
    { name: "id", type: "integer", isPrimary: true },
    { name: "label", type: "varchar", length: "50" },
];

export class Tags1700000000002 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "tags", columns: TAG_COLUMNS }));
        await queryRunner.addColumns("tags", [
            new TableColumn({ name: "color", type: "varchar", length: "7", isNullable: true }),
            new TableColumn({ name: "weight", type: "int", default: 1 }),
        ]);
        const driver = queryRunner.connection.options.type;
        if (driver === "mysql" || driver === "mariadb") {
            // TypeORM: "MySql does not support unique constraints. Use unique index instead."
            await queryRunner.createIndex("tags", new TableIndex({ columnNames: ["label"], isUnique: true }));
        } else {
            await queryRunner.createUniqueConstraint("tags", new TableUnique({ columnNames: ["label"] }));
            // TypeORM: "MySql does not support check constraints."
            await queryRunner.createCheckConstraint("tags", new TableCheck({ expression: `"weight" > 0` }));
        }
        await queryRunner.dropColumn("tags", "color");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("tags");
    }
}
