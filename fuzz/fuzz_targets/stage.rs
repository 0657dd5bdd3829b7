#![no_main]
//! One mending stage at a time (the first byte picks it), on any text.
use docmend::stages::{StageCx, STAGES};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let stage = STAGES[usize::from(pick) % STAGES.len()];
    let src = docmend::read::read_text(&text);
    let _ = stage.run(src, &mut StageCx::default());
});
