-- from alembic billing/versions/b2_invoice_status.py (source billing, version b2)
-- 0004 invoice status (down)
-- DropIndex invoices_status_idx (from billing/versions/b2_invoice_status.py:22:5)
DROP INDEX "invoices_status_idx";
-- DropColumn invoices.status (from billing/versions/b2_invoice_status.py:23:5)
ALTER TABLE "invoices" DROP COLUMN "status";
