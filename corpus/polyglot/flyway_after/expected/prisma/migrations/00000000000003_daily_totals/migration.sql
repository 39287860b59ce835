-- 0003 daily totals
-- CreateTable daily_totals
CREATE TABLE "daily_totals" (
  "day" date NOT NULL,
  "total" numeric(12, 2) NOT NULL,
  PRIMARY KEY ("day")
);
