//! Fuzz target: the scenario loader and checker (`warroom::dev::fuzz_entry::scenario`, also run bounded by tests/fuzz_bounded.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::dev::fuzz_entry::scenario(data);
});
