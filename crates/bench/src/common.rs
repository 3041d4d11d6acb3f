//! Helpers shared by the benchmark commands: running the benchmark's own
//! Python scripts and reading their `key=value` lines.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Runs `python3 script args…` in `dir` and returns its standard output.
pub fn python(dir: &Path, script: &str, args: &[&str]) -> Result<String> {
    let out = Command::new("python3")
        .current_dir(dir)
        .arg(script)
        .args(args)
        .output()
        .with_context(|| format!("running python3 {script} in {}", dir.display()))?;
    if !out.status.success() {
        bail!("{script} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Value of `key=` in a scorer's line.
pub fn field(line: &str, key: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Byte offset → Python string index (code points).
pub fn char_offsets(text: &str) -> crosscheck_model::CharIndex {
    crosscheck_model::CharIndex::new(text)
}

/// Rows `a <TAB> b <TAB> label` of one of crosscheck's own pair files;
/// `#` lines and blank lines are skipped.
pub fn pairs(data: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut f = line.split('\t');
            Some((f.next()?, f.next()?, f.next()?.trim()))
        })
}
