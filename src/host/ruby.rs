//! Ruby (tree-sitter-ruby) → neutral tree.
use tree_sitter::Node as TsNode;

use super::parse::Ctx;
use super::tree::Node;

/// Lower a whole program.
pub(crate) fn lower_module(_root: TsNode, _ctx: Ctx) -> Vec<Node> {
    Vec::new()
}
