-- identifier-too-long: does not fire
-- target: pg16
ALTER TABLE users ADD COLUMN xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx int;
