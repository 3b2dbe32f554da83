//! Fuzz target: post detection, the feed's line reader and the CSV reader with each shipped profile (`warroom::dev::fuzz_entry::intake`, also run bounded by tests/intake_never_panics.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::dev::fuzz_entry::intake(data);
});
