-- 0004 shipped
-- AddColumn orders.shipped_at
ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp;
