-- from sql legacy/V2__order_lines.sql (source legacy, version 2)
-- 0002 order_lines
-- CreateTable order_lines (from legacy/V2__order_lines.sql:1:1)
CREATE TABLE "order_lines" (
  "id" integer NOT NULL,
  "order_id" integer NOT NULL,
  "qty" integer NOT NULL DEFAULT 1,
  PRIMARY KEY ("id"),
  FOREIGN KEY ("order_id") REFERENCES "orders" ("id")
);
