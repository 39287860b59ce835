import { MigrationInterface, QueryRunner } from "typeorm";
import { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";

const TABLE = "events";

function idColumn(type: string): string {
    switch (type) {
        case "postgres":
            return `"id" SERIAL NOT NULL PRIMARY KEY`;
        case "mysql":
        case "mariadb":
            return "`id` int NOT NULL AUTO_INCREMENT PRIMARY KEY";
        default:
            return `"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL`;
    }
}

export class Branches1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        const type = queryRunner.connection.options.type;
        const q = type === "mysql" || type === "mariadb" ? "`" : '"';
        await queryRunner.query(`CREATE TABLE ${q}${TABLE}${q} (${idColumn(type)}, ${q}kind${q} varchar(40) NOT NULL)`);
        if (queryRunner.connection.driver instanceof PostgresDriver) {
            await queryRunner.query(`CREATE INDEX "IDX_events_kind" ON "events" USING hash ("kind")`);
        } else {
            await queryRunner.query(`CREATE INDEX ${q}IDX_events_kind${q} ON ${q}${TABLE}${q} (${q}kind${q})`);
        }
        for (const col of ["source", "target"]) {
            await queryRunner.query(`ALTER TABLE ${q}${TABLE}${q} ADD ${q}${col}${q} varchar(100) NULL`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable(TABLE);
    }
}
