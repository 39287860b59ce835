-- TypeORM's migration for a changed enum: rename the old type, create the new one, move the
-- column over with a cast, drop the old type.
CREATE TYPE "order_status_enum" AS ENUM ('pending', 'paid');
CREATE TABLE "order" ("id" serial PRIMARY KEY, "status" "order_status_enum" NOT NULL DEFAULT 'pending');
ALTER TYPE "order_status_enum" RENAME TO "order_status_enum_old";
CREATE TYPE "order_status_enum" AS ENUM ('pending', 'paid', 'refunded');
ALTER TABLE "order" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "order" ALTER COLUMN "status" TYPE "order_status_enum" USING "status"::"text"::"order_status_enum";
ALTER TABLE "order" ALTER COLUMN "status" SET DEFAULT 'pending';
DROP TYPE "order_status_enum_old";
