//! `crosscheck-bench claims`: the claim comparison on hand-made statement
//! pairs (`data/claims.tsv`), as a confusion matrix. A false `conflict` is
//! the error that matters most.

use anyhow::Result;
use crosscheck_corroborate::{compare, Verdict};

const DATA: &str = include_str!("../data/claims.tsv");
const LABELS: [&str; 3] = ["conflict", "agree", "unrelated"];

fn label(v: Verdict) -> usize {
    match v {
        Verdict::Conflict => 0,
        Verdict::Agree => 1,
        Verdict::Unrelated => 2,
    }
}

pub fn run() -> Result<()> {
    let mut m = [[0usize; 3]; 3];
    let mut errors = Vec::new();
    for (a, b, gold) in crate::common::pairs(DATA) {
        let Some(g) = LABELS.iter().position(|l| *l == gold) else {
            continue;
        };
        let p = label(compare(a, b, "2026-01-15"));
        m[g][p] += 1;
        if g != p {
            errors.push(format!(
                "expected {} got {}: {a} | {b}",
                LABELS[g], LABELS[p]
            ));
        }
    }
    for e in &errors {
        println!("{e}");
    }
    println!(
        "{:<12} {:>9} {:>7} {:>10}   (rows: expected, columns: crosscheck)",
        "", "conflict", "agree", "unrelated"
    );
    for (g, row) in m.iter().enumerate() {
        println!(
            "{:<12} {:>9} {:>7} {:>10}",
            LABELS[g], row[0], row[1], row[2]
        );
    }
    let total: usize = m.iter().flatten().sum();
    let correct: usize = (0..3).map(|i| m[i][i]).sum();
    let false_conflicts = m[1][0] + m[2][0];
    let conflict_recall = m[0][0] as f64 / m[0].iter().sum::<usize>().max(1) as f64;
    println!(
        "pairs={total} accuracy={:.4} false_conflicts={false_conflicts} conflict_recall={conflict_recall:.4}",
        correct as f64 / total.max(1) as f64
    );
    Ok(())
}
