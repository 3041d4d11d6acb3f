use std::io::Read;
fn main() {
    let dir = std::path::Path::new("../shared/bench/extraction/html");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        docs.push(crosscheck_model::Document {
            source: String::new(),
            format: crosscheck_model::Format::Html,
            charset: String::new(),
            text: s,
            warnings: vec![],
        });
    }
    let rounds = 20;
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            let _ = crosscheck_extract::extract(d);
        }
    }
    let full = t.elapsed().as_secs_f64();
    println!("pages/s={:.0}", (docs.len() * rounds) as f64 / full);
}
