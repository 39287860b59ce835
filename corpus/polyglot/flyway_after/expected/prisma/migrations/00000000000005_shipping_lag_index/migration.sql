-- 0005 shipping lag index
-- CreateIndex orders_shipped_at_idx
CREATE INDEX "orders_shipped_at_idx" ON "orders" ("shipped_at");
