-- from alembic billing/versions/a1_invoices.py (source billing, version a1)
-- 0002 invoices for customers
-- CreateTable invoices (from billing/versions/a1_invoices.py:17:5)
CREATE TABLE "invoices" (
  "id" INTEGER NOT NULL,
  "customer_id" INTEGER NOT NULL,
  "total" numeric(12, 2) NOT NULL DEFAULT '0',
  PRIMARY KEY ("id"),
  FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")
);
