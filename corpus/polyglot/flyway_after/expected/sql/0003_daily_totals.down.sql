-- from alembic reports/versions/r1_daily.py (source reports, version r1)
-- 0003 daily totals (down)
-- DropTable daily_totals (from reports/versions/r1_daily.py:25:5)
DROP TABLE "daily_totals";
