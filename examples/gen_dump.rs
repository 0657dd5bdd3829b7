//! Write a deterministic broken dump for benchmarks: `cargo run --release --example
//! gen_dump -- zh 10 > zh-10mb.txt` (language `zh` or `en`, size in MB).

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let zh = args.next().as_deref() == Some("zh");
    let mb: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let text = docmend::gen::broken_dump(zh, mb * 1_000_000);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()) {
        eprintln!("gen_dump: {e}");
        std::process::exit(1);
    }
}
