-- from sql core/20240301090000_add_customer_country.sql (source core, version 20240301090000)
-- 0003 add_customer_country (down)
-- DropIndex customers_country_idx (from core/20240301090000_add_customer_country.sql:6:1)
DROP INDEX "customers_country_idx";
-- DropColumn customers.country (from core/20240301090000_add_customer_country.sql:7:1)
ALTER TABLE "customers" DROP COLUMN "country";
