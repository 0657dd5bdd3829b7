#![no_main]
//! Structure and every writer on the tree any text mends to.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(m) = docmend::pipeline::mend_str(&text, &Default::default()) else {
        return;
    };
    let _ = docmend::write::markdown::write_markdown(&m.doc, &Default::default());
    let _ = docmend::write::docx::write_docx(&m.doc, &Default::default());
    if text.len() < 4096 {
        let _ = docmend::write::pdf::write_pdf(&m.doc, &Default::default());
    }
});
