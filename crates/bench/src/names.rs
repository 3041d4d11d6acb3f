//! `crosscheck-bench names`: precision and recall of name merging on the
//! variant pairs in `data/names.tsv` (written for crosscheck).

use anyhow::Result;
use crosscheck_analyze::names::same_entity;

const DATA: &str = include_str!("../data/names.tsv");

pub fn run() -> Result<()> {
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let mut errors = Vec::new();
    for (a, b, gold) in crate::common::pairs(DATA) {
        let gold = gold == "1";
        let pred = same_entity(a, b);
        match (pred, gold) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                errors.push(format!("false merge: {a} / {b}"));
            }
            (false, true) => {
                fn_ += 1;
                errors.push(format!("missed merge: {a} / {b}"));
            }
            (false, false) => tn += 1,
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    for e in &errors {
        println!("{e}");
    }
    println!(
        "pairs={} merges: tp={tp} fp={fp} fn={fn_} tn={tn}",
        tp + fp + fn_ + tn
    );
    println!(
        "precision={p:.4} recall={r:.4} f1={f1:.4} pairs={}",
        tp + fp + fn_ + tn
    );
    Ok(())
}
