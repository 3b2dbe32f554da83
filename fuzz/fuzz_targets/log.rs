//! Fuzz target: the log reader and verifier (`warroom::dev::fuzz_entry::log`, also run bounded by tests/fuzz_bounded.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::dev::fuzz_entry::log(data);
});
