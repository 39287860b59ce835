-- from sql legacy/V2__order_lines.sql (source legacy, version 2)
-- 0002 order_lines (down)
-- DropTable order_lines (from legacy/V2__order_lines.sql:1:1)
DROP TABLE "order_lines";
