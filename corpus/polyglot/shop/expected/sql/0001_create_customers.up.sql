-- from sql core/20240101120000_create_customers.sql (source core, version 20240101120000)
-- 0001 create_customers
-- CreateTable customers (from core/20240101120000_create_customers.sql:2:1)
CREATE TABLE "customers" (
  "id" INTEGER NOT NULL,
  "email" varchar(255) NOT NULL,
  "name" varchar(100),
  PRIMARY KEY ("id"),
  UNIQUE ("email")
);
