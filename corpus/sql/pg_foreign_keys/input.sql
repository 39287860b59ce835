CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL, region integer NOT NULL, UNIQUE (code, region));
CREATE TABLE children (
    id integer PRIMARY KEY,
    parent_cascade integer REFERENCES parents (id) ON DELETE CASCADE,
    parent_set_null integer REFERENCES parents (id) ON DELETE SET NULL ON UPDATE CASCADE,
    parent_set_default integer DEFAULT 1 REFERENCES parents (id) ON DELETE SET DEFAULT,
    parent_restrict integer REFERENCES parents (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
    parent_no_action integer REFERENCES parents (id) ON DELETE NO ACTION,
    parent_deferred integer REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED,
    parent_immediate integer REFERENCES parents (id) DEFERRABLE INITIALLY IMMEDIATE,
    parent_code text,
    parent_region integer,
    sibling_id integer REFERENCES children (id),
    CONSTRAINT children_parent_composite_fk FOREIGN KEY (parent_code, parent_region)
        REFERENCES parents (code, region) ON UPDATE CASCADE
);
