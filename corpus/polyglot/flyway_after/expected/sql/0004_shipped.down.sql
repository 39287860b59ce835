-- from sql legacy/V3__shipped.sql (source legacy, version 3)
-- 0004 shipped (down)
-- DropColumn orders.shipped_at (from legacy/V3__shipped.sql:1:1)
ALTER TABLE "orders" DROP COLUMN "shipped_at";
