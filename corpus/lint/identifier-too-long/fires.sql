-- identifier-too-long: fires
-- target: pg16
ALTER TABLE users ADD COLUMN xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx int;  -- expect
