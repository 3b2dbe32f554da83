//! Developer tools, not part of running an incident: deterministic generators of large inputs
//! (the hidden `warroom gen`, the benches) and the entry points the fuzz targets share with the
//! bounded arbitrary-input tests.

pub mod fuzz_entry;
pub mod r#gen;
