//! Readers: bytes in, [`Source`](crate::source::Source) out.

pub mod decode;
pub mod markdown;
pub mod text;

pub use decode::{decode, Decoded};
pub use text::read_text;
