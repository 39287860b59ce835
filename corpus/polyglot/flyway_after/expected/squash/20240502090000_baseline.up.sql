-- polymig squash: baseline of 5 migrations for postgres
-- replaces 1 orders (legacy legacy/V1__orders.sql)
-- replaces 2 order_lines (legacy legacy/V2__order_lines.sql)
-- replaces r1 daily totals (reports reports/versions/r1_daily.py)
-- replaces 3 shipped (legacy legacy/V3__shipped.sql)
-- replaces r2 shipping lag index (reports reports/versions/r2_shipping.py)

-- CreateTable daily_totals
CREATE TABLE "daily_totals" (
  "day" date NOT NULL,
  "total" numeric(12, 2) NOT NULL,
  CONSTRAINT "daily_totals_pkey" PRIMARY KEY ("day")
);

-- CreateTable orders
CREATE TABLE "orders" (
  "id" integer NOT NULL,
  "total" numeric(10, 2) NOT NULL,
  "shipped_at" timestamp,
  CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable order_lines
CREATE TABLE "order_lines" (
  "id" integer NOT NULL,
  "order_id" integer NOT NULL,
  "qty" integer NOT NULL DEFAULT 1,
  CONSTRAINT "order_lines_pkey" PRIMARY KEY ("id")
);

-- AddConstraint order_lines.order_lines_order_id_fkey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders" ("id");

-- CreateIndex orders_shipped_at_idx
CREATE INDEX "orders_shipped_at_idx" ON "orders" ("shipped_at");
