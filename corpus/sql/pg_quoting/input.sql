CREATE TABLE "select" (
    "from" integer PRIMARY KEY,
    "a""b" text,
    "MixedCase" text,
    UnquotedMixed text,
    "order" integer,
    "group" text,
    "user" text,
    "naïve café" text,
    "semi;colon" text,
    "back`tick" text
);
CREATE INDEX "select index" ON "select" ("order", "MixedCase");
ALTER TABLE "select" ADD CONSTRAINT "check" CHECK ("order" > 0);
ALTER TABLE "select" RENAME COLUMN "a""b" TO "c""d";
COMMENT ON COLUMN "select"."user" IS 'the "user"';
CREATE TABLE "Table" ("Id" integer PRIMARY KEY, "select_from" integer REFERENCES "select" ("from"));
