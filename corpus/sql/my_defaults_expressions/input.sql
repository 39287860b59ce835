CREATE TABLE sessions (
  id char(36) NOT NULL DEFAULT (uuid()) PRIMARY KEY,
  data json DEFAULT (json_object()),
  expires_at datetime DEFAULT (now() + INTERVAL 1 DAY)
);
