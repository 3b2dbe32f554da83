//! The linter's maps and sets of ids, hashed with FxHash.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (as in rustc): a fast hasher for the linter's maps of ids. SipHash's resistance to
/// crafted collisions buys nothing for a file on one's own disk, and hashing was a fifth of
/// checking a large playbook.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub(super) type Set<K> = HashSet<K, BuildHasherDefault<FxHasher>>;
