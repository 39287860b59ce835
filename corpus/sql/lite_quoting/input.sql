CREATE TABLE "select" (
    "from" INTEGER PRIMARY KEY,
    [where] TEXT,
    `group` TEXT,
    "a""b" TEXT,
    "a`b" TEXT,
    MixedCase TEXT,
    "naïve" TEXT
);
CREATE INDEX "select idx" ON "select" ([where], `group`);
ALTER TABLE "select" RENAME COLUMN "a""b" TO "c""d";
INSERT INTO "select" ("from", [where]) VALUES (1, 'it''s; fine');
