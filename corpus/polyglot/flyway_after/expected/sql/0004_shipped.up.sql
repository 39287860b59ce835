-- from sql legacy/V3__shipped.sql (source legacy, version 3)
-- 0004 shipped
-- AddColumn orders.shipped_at (from legacy/V3__shipped.sql:1:1)
ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp;
