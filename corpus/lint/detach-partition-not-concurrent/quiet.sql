-- detach-partition-not-concurrent: does not fire
-- target: pg16
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
