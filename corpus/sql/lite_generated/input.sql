CREATE TABLE rect (
    id INTEGER PRIMARY KEY,
    w REAL NOT NULL,
    h REAL NOT NULL,
    area REAL GENERATED ALWAYS AS (w * h) STORED,
    perimeter REAL AS (2 * (w + h)) VIRTUAL,
    label TEXT AS ('rect ' || id)
);
ALTER TABLE rect ADD COLUMN half_w REAL AS (w / 2);
