//! The files of one Prisma schema (a `schema.prisma`, or a folder of `.prisma` files), parsed,
//! with the diagnostics helper that turns a [`Loc`] into `file:line:col`.

use std::path::{Path, PathBuf};

use super::ast::{Block, Loc, SchemaFile};
use super::parse::parse_file;
use crate::diagnostics::Diagnostic;
use crate::ir::{LineIndex, Span};

/// One parsed `.prisma` file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given (or `<memory>`).
    pub path: String,
    /// Its text.
    pub text: String,
    /// Line starts, for spans.
    pub lines: LineIndex,
    /// The syntax tree.
    pub ast: SchemaFile,
}

/// All files of one schema, in path order.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The files.
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// Parse texts given as `(path, text)`; syntax errors become diagnostics.
    pub fn parse(texts: Vec<(String, String)>, diags: &mut Vec<Diagnostic>) -> Sources {
        let mut files = Vec::new();
        for (path, text) in texts {
            let (ast, errors) = parse_file(&text);
            let file = SourceFile { lines: LineIndex::new(&text), path, text, ast };
            for e in errors {
                diags.push(Diagnostic::error("prisma-syntax", e.message).at(file.span(e.loc)));
            }
            files.push(file);
        }
        Sources { files }
    }

    /// Read a `.prisma` file, or every `.prisma` file under a folder (Prisma's multi-file schemas).
    pub fn read(path: &Path, diags: &mut Vec<Diagnostic>) -> Sources {
        let mut paths: Vec<PathBuf> = if path.is_dir() {
            walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
                .collect()
        } else {
            vec![path.to_path_buf()]
        };
        paths.sort();
        if paths.is_empty() {
            diags.push(Diagnostic::error("prisma-no-schema", format!("no .prisma file under {}", path.display())));
        }
        let mut texts = Vec::new();
        for p in paths {
            match std::fs::read_to_string(&p) {
                Ok(t) => texts.push((p.display().to_string(), t)),
                Err(e) => diags.push(Diagnostic::error("read-failed", format!("{}: {e}", p.display()))),
            }
        }
        Sources::parse(texts, diags)
    }

    /// Every block with the file it is in.
    pub fn blocks(&self) -> impl Iterator<Item = (&SourceFile, &Block)> {
        self.files.iter().flat_map(|f| f.ast.blocks.iter().map(move |b| (f, b)))
    }
}

impl SourceFile {
    /// `file:line:col` of a position in this file.
    pub fn span(&self, loc: Loc) -> Span {
        let (line, column) = self.lines.position(&self.text, loc.offset(&self.text));
        Span::at(self.path.clone(), line, column)
    }
}
