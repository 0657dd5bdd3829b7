//! One stable hash for the whole crate: 64-bit FNV-1a, the same across runs, Rust
//! versions and platforms (unlike `DefaultHasher`), for shards, statistics keys, PDF
//! ids and subset tags.

/// 64-bit FNV-1a of `bytes`, continuing from `seed` (0 to start afresh).
pub fn fnv1a(seed: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// A fast multiplicative hash for the packed keys (SipHash is built for untrusted
/// keys; these are character codes).
#[derive(Default)]
pub struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, k: u64) {
        // Mixed into what came before (from a fresh hasher, the key alone is mixed,
        // as the statistics' packed keys are).
        let k = k ^ self.0.rotate_left(23);
        let x = (k ^ (k >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 = x ^ (x >> 32);
    }
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(0, *b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(0, *b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(0, *b"foobar"), 0x8594_4171_f739_67e8);
    }
}
