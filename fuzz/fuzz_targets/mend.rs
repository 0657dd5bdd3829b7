#![no_main]
//! The whole pipeline on any bytes as a text dump: decode, every stage, structure.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let opts = docmend::pipeline::MendOptions {
        from: Some(docmend::read::InputFormat::Text),
        ..Default::default()
    };
    let _ = docmend::pipeline::mend(data, std::path::Path::new("fuzz.txt"), &opts);
});
