#![no_main]
//! Decoding any bytes: an error or text, never a panic.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = docmend::read::decode(data, std::path::Path::new("fuzz"));
});
