use std::io::Read;
fn main() {
    let dir = std::path::Path::new("../shared/bench/extraction/html");
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_string(&mut s).unwrap();
        pages.push(s);
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages { let d = scraper::Html::parse_document(p); n += d.tree.nodes().count(); }
    let parse = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    for p in &pages { let doc = crosscheck_model::Document{source:String::new(),format:crosscheck_model::Format::Html,charset:String::new(),text:p.clone(),warnings:vec![]}; let _ = crosscheck_extract::extract(&doc); }
    let full = t.elapsed().as_secs_f64();
    let bytes: usize = pages.iter().map(|p| p.len()).sum();
    println!("pages={} MB={:.1} parse={:.3}s ({:.0}/s) full={:.3}s ({:.0}/s) nodes={n}", pages.len(), bytes as f64/1e6, parse, pages.len() as f64/parse, full, pages.len() as f64/full);
}
