import { MigrationInterface, QueryRunner, Table, TableExclusion } from "typeorm";

// Exclusion constraints exist on PostgreSQL only: TypeORM leaves them out of MySQL and SQLite
// tables, and its createExclusionConstraint throws there.
export class Bookings1700000000001 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({
            name: "booking",
            columns: [
                { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
                { name: "room", type: "integer" },
                { name: "during", type: "tsrange" },
            ],
            exclusions: [{ expression: `USING gist ("during" WITH &&)` }],
        }));
        await queryRunner.createExclusionConstraint("booking", new TableExclusion({
            name: "XCL_booking_room_positive",
            expression: `USING gist ("during" WITH &&) WHERE ("room" > 0)`,
        }));
        await queryRunner.dropExclusionConstraint("booking", "XCL_booking_room_positive");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("booking");
    }
}
