CREATE TABLE d (
    id INTEGER PRIMARY KEY,
    local_ts TEXT DEFAULT (datetime('now', 'localtime')),
    rnd INTEGER DEFAULT (abs(random()) % 100),
    blob_default BLOB DEFAULT x'00ff'
);
