"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Es20171700000000000 = void 0;
const typeorm_1 = require("typeorm");
class Es20171700000000000 {
    constructor() {
        this.name = 'Es20171700000000000';
    }
    async up(queryRunner) {
        await queryRunner.query(`CREATE TABLE "accounts" ("id" integer NOT NULL, "owner" varchar(80) NOT NULL, CONSTRAINT "PK_accounts" PRIMARY KEY ("id"))`);
        await queryRunner.createIndex("accounts", new typeorm_1.TableIndex({ name: "IDX_accounts_owner", columnNames: ["owner"] }));
    }
    async down(queryRunner) {
        await queryRunner.dropIndex("accounts", "IDX_accounts_owner");
        await queryRunner.query(`DROP TABLE "accounts"`);
    }
}
exports.Es20171700000000000 = Es20171700000000000;
