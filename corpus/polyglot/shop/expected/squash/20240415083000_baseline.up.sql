-- polymig squash: baseline of 4 migrations for sqlite
-- replaces 20240101120000 create_customers (core core/20240101120000_create_customers.sql)
-- replaces a1 invoices for customers (billing billing/versions/a1_invoices.py)
-- replaces 20240301090000 add_customer_country (core core/20240301090000_add_customer_country.sql)
-- replaces b2 invoice status (billing billing/versions/b2_invoice_status.py)

-- CreateTable customers
CREATE TABLE "customers" (
  "id" INTEGER NOT NULL,
  "email" varchar(255) NOT NULL,
  "name" varchar(100),
  "country" char(2),
  CONSTRAINT "customers_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "customers_email_key" UNIQUE ("email")
);

-- CreateTable invoices
CREATE TABLE "invoices" (
  "id" INTEGER NOT NULL,
  "customer_id" INTEGER NOT NULL,
  "total" numeric(12, 2) NOT NULL DEFAULT '0',
  "status" varchar(20) NOT NULL DEFAULT 'open',
  CONSTRAINT "invoices_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "invoices_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")
);

-- CreateIndex customers_country_idx
CREATE INDEX "customers_country_idx" ON "customers" ("country");

-- CreateIndex invoices_status_idx
CREATE INDEX "invoices_status_idx" ON "invoices" ("status");
