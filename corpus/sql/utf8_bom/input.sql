CREATE TABLE bom (id integer PRIMARY KEY);
CREATE INDEX bom_id_idx ON bom (id);
