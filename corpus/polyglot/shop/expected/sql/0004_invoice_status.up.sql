-- from alembic billing/versions/b2_invoice_status.py (source billing, version b2)
-- 0004 invoice status
-- AddColumn invoices.status (from billing/versions/b2_invoice_status.py:17:5)
ALTER TABLE "invoices" ADD COLUMN "status" varchar(20) NOT NULL DEFAULT 'open';
-- CreateIndex invoices_status_idx (from billing/versions/b2_invoice_status.py:18:5)
CREATE INDEX "invoices_status_idx" ON "invoices" ("status");
