//! Any bytes, as a page: decoding, sniffing, extraction and analysis must
//! return a result or an error, never panic, loop or overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = crosscheck_ingest::document_from_bytes("fuzz".into(), data) else {
        return;
    };
    if let Ok(article) = crosscheck_extract::extract(&doc) {
        let _ = crosscheck_analyze::analyze(&article);
    }
});
