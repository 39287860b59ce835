-- from sql legacy/V1__orders.sql (source legacy, version 1)
-- 0001 orders (down)
-- DropTable orders (from legacy/V1__orders.sql:1:1)
DROP TABLE "orders";
