-- 0003 add_customer_country
-- AddColumn customers.country
ALTER TABLE "customers" ADD COLUMN "country" char(2);
-- CreateIndex customers_country_idx
CREATE INDEX "customers_country_idx" ON "customers" ("country");
