-- from alembic reports/versions/r2_shipping.py (source reports, version r2)
-- 0005 shipping lag index
-- CreateIndex orders_shipped_at_idx (from reports/versions/r2_shipping.py:17:5)
CREATE INDEX "orders_shipped_at_idx" ON "orders" ("shipped_at");
