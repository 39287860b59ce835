CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT,
    score REAL DEFAULT 0.0,
    avatar BLOB,
    balance NUMERIC,
    anything
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    CONSTRAINT sessions_token_uq UNIQUE (token)
);
CREATE TABLE pairs (
    a TEXT,
    b TEXT,
    PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS strict_t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;
