#![no_main]
//! The hOCR, ALTO, PAGE and Markdown readers (the first byte picks one) on any bytes.
use docmend::read::InputFormat;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let from = [
        InputFormat::Hocr,
        InputFormat::Alto,
        InputFormat::Page,
        InputFormat::Markdown,
    ][usize::from(pick) % 4];
    let opts = docmend::pipeline::MendOptions {
        from: Some(from),
        ..Default::default()
    };
    let _ = docmend::pipeline::mend(rest, std::path::Path::new("fuzz"), &opts);
});
