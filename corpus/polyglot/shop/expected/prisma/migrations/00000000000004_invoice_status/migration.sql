-- 0004 invoice status
-- AddColumn invoices.status
ALTER TABLE "invoices" ADD COLUMN "status" varchar(20) NOT NULL DEFAULT 'open';
-- CreateIndex invoices_status_idx
CREATE INDEX "invoices_status_idx" ON "invoices" ("status");
