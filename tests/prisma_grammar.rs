//! `grammars/prisma.ebnf` stays in step with the corpus: every production it defines is listed
//! here with a corpus schema and a snippet of it that exercises the production, and the snippet
//! must occur in that file. A new production without a corpus case fails this test.

use std::collections::BTreeSet;
use std::path::Path;

/// (production, corpus file, snippet that uses it).
const COVERAGE: &[(&str, &str, &str)] = &[
    ("schema", "basic/schema.prisma", "generator client"),
    ("block", "basic/schema.prisma", "model Post {"),
    ("block_keyword", "composite_type/schema.prisma", "view UserInfo {"),
    ("member", "basic/schema.prisma", "email String  @unique"),
    ("property", "basic/schema.prisma", "provider = \"prisma-client-js\""),
    ("field", "basic/schema.prisma", "title     String"),
    ("field_type", "basic/schema.prisma", "author    User?"),
    ("unsupported_type", "postgres_native/schema.prisma", "Unsupported(\"circle\")?"),
    ("arity", "postgres_native/schema.prisma", "String[]"),
    ("enum_value", "scalars_defaults/schema.prisma", "PUBLISHED @map(\"published\")"),
    ("field_attribute", "basic/schema.prisma", "@default(autoincrement())"),
    ("block_attribute", "explicit_m2m/schema.prisma", "@@id([studentId, courseId])"),
    (
        "arguments",
        "naming_map/schema.prisma",
        "(fields: [accountId], references: [accountId], map: \"sessions_account_fk\")",
    ),
    ("argument", "relations/schema.prisma", "onDelete: SetNull"),
    ("value", "scalars_defaults/schema.prisma", "@default(-1)"),
    ("list", "postgres_native/schema.prisma", "@default([1, 2])"),
    ("call", "naming_map/schema.prisma", "lastName(sort: Desc)"),
    ("path", "postgres_native/schema.prisma", "@db.VarChar(200)"),
    ("identifier", "basic/schema.prisma", "viewCount"),
    ("number", "scalars_defaults/schema.prisma", "@default(0.5)"),
    ("string", "scalars_defaults/schema.prisma", "@default(\"it's\")"),
    ("escape", "scalars_defaults/schema.prisma", "say \\\"hi"),
    ("doc_comment", "basic/schema.prisma", "/// A person who writes posts."),
    ("comment", "basic/schema.prisma", "// The quick-start schema"),
];

#[test]
fn every_production_has_a_corpus_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let grammar = std::fs::read_to_string(root.join("grammars/prisma.ebnf")).unwrap();
    let productions: BTreeSet<&str> = grammar
        .lines()
        .filter_map(|l| l.split_once(" = ").or_else(|| l.split_once(" =")))
        .map(|(name, _)| name.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    let covered: BTreeSet<&str> = COVERAGE.iter().map(|(p, ..)| *p).collect();
    let missing: Vec<_> = productions.difference(&covered).collect();
    assert!(missing.is_empty(), "productions without a corpus case: {missing:?}");
    let stale: Vec<_> = covered.difference(&productions).collect();
    assert!(stale.is_empty(), "COVERAGE names productions the grammar no longer has: {stale:?}");
    for (production, file, snippet) in COVERAGE {
        let text = std::fs::read_to_string(root.join("corpus/prisma").join(file)).unwrap();
        assert!(text.contains(snippet), "{production}: `{snippet}` not found in corpus/prisma/{file}");
    }
}
