-- from alembic reports/versions/r1_daily.py (source reports, version r1)
-- 0003 daily totals
-- CreateTable daily_totals (from reports/versions/r1_daily.py:17:5)
CREATE TABLE "daily_totals" (
  "day" date NOT NULL,
  "total" numeric(12, 2) NOT NULL,
  PRIMARY KEY ("day")
);
