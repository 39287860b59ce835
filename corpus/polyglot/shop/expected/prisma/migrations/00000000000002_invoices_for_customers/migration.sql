-- 0002 invoices for customers
-- CreateTable invoices
CREATE TABLE "invoices" (
  "id" serial NOT NULL,
  "customer_id" integer NOT NULL,
  "total" numeric(12, 2) NOT NULL DEFAULT '0',
  PRIMARY KEY ("id"),
  FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")
);
