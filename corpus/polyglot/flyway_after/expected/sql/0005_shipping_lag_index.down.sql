-- from alembic reports/versions/r2_shipping.py (source reports, version r2)
-- 0005 shipping lag index (down)
-- DropIndex orders_shipped_at_idx (from reports/versions/r2_shipping.py:21:5)
DROP INDEX "orders_shipped_at_idx";
