-- 0001 orders
-- CreateTable orders
CREATE TABLE "orders" (
  "id" integer NOT NULL,
  "total" numeric(10, 2) NOT NULL,
  PRIMARY KEY ("id")
);
