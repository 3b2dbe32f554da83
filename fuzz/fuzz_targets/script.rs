//! Fuzz target: the headless script parser (`warroom::dev::fuzz_entry::script`, also run bounded by tests/fuzz_bounded.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::dev::fuzz_entry::script(data);
});
