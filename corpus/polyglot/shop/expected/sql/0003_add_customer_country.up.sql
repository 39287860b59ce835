-- from sql core/20240301090000_add_customer_country.sql (source core, version 20240301090000)
-- 0003 add_customer_country
-- AddColumn customers.country (from core/20240301090000_add_customer_country.sql:2:1)
ALTER TABLE "customers" ADD COLUMN "country" char(2);
-- CreateIndex customers_country_idx (from core/20240301090000_add_customer_country.sql:3:1)
CREATE INDEX "customers_country_idx" ON "customers" ("country");
