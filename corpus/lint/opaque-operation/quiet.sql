-- opaque-operation: quiet
-- target: pg16
CREATE SCHEMA archive;
