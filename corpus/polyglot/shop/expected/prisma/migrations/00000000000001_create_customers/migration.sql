-- 0001 create_customers
-- CreateTable customers
CREATE TABLE "customers" (
  "id" integer NOT NULL,
  "email" varchar(255) NOT NULL,
  "name" varchar(100),
  PRIMARY KEY ("id"),
  UNIQUE ("email")
);
