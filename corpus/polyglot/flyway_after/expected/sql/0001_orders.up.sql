-- from sql legacy/V1__orders.sql (source legacy, version 1)
-- 0001 orders
-- CreateTable orders (from legacy/V1__orders.sql:1:1)
CREATE TABLE "orders" (
  "id" integer NOT NULL,
  "total" numeric(10, 2) NOT NULL,
  PRIMARY KEY ("id")
);
