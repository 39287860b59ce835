//! A one-line progress bar on stderr for long applies, drawn only when stderr is a terminal and
//! the output is text: `[#######             ] 12/40 0012_add_email`.

use std::io::{IsTerminal, Write};

use super::args::OutputFormat;
use crate::apply::Unit;

/// Cells of the bar between the brackets.
const WIDTH: usize = 20;
/// The longest label shown after the counts.
const LABEL: usize = 40;

/// The bar line for `done` of `total` migrations, the last one being `label`:
/// `[#####               ] 5/20 0005_users`.
pub fn render(done: usize, total: usize, label: &str) -> String {
    let filled = (done.min(total) * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let label: String = if label.chars().count() > LABEL {
        label.chars().take(LABEL - 1).chain(std::iter::once('…')).collect()
    } else {
        label.to_string()
    };
    format!("[{}{}] {done}/{total} {label}", "#".repeat(filled), " ".repeat(WIDTH - filled))
}

/// Draws the bar as migrations finish; does nothing when disabled.
pub struct Progress {
    /// `version` of every migration up to the target, in history order.
    versions: Vec<String>,
    enabled: bool,
}

impl Progress {
    /// A bar over `units` (up to `to`), shown when stderr is a terminal and `format` is text.
    pub fn new(units: &[Unit], to: Option<&str>, format: OutputFormat, dry_run: bool) -> Progress {
        let end = to.and_then(|t| units.iter().position(|u| u.version == t)).map_or(units.len(), |i| i + 1);
        let enabled = format == OutputFormat::Text && !dry_run && std::io::stderr().is_terminal();
        Progress { versions: units[..end].iter().map(|u| u.version.clone()).collect(), enabled }
    }

    /// Clear the bar before other output is printed.
    pub fn clear(&self) {
        if self.enabled {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }

    /// Redraw the bar after migration `version` (`name`) finished.
    pub fn advance(&self, version: &str, name: &str) {
        if !self.enabled {
            return;
        }
        let done = self.versions.iter().position(|v| v == version).map_or(0, |i| i + 1);
        let mut err = std::io::stderr();
        let _ = write!(err, "\r\x1b[K{}", render(done, self.versions.len(), &format!("{version}_{name}")));
        let _ = err.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_bar() {
        assert_eq!(render(0, 4, "0001_a"), "[                    ] 0/4 0001_a");
        assert_eq!(render(1, 4, "0001_a"), "[#####               ] 1/4 0001_a");
        assert_eq!(render(4, 4, "0004_d"), "[####################] 4/4 0004_d");
        assert_eq!(render(12, 40, "0012_x"), "[######              ] 12/40 0012_x");
        assert_eq!(render(0, 0, "x"), "[####################] 0/0 x");
    }

    #[test]
    fn long_names_are_shortened() {
        let line = render(1, 2, &"n".repeat(100));
        assert!(line.ends_with('…') && line.chars().count() == 23 + 4 + LABEL, "{line}");
    }
}
