-- from sql core/20240101120000_create_customers.sql (source core, version 20240101120000)
-- 0001 create_customers (down)
-- DropTable customers (from core/20240101120000_create_customers.sql:9:1)
DROP TABLE "customers";
