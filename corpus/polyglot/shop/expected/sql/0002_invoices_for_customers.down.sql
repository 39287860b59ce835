-- from alembic billing/versions/a1_invoices.py (source billing, version a1)
-- 0002 invoices for customers (down)
-- DropTable invoices (from billing/versions/a1_invoices.py:26:5)
DROP TABLE "invoices";
