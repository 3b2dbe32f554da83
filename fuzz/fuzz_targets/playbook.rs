//! Fuzz target: the playbook loader and linter (`warroom::dev::fuzz_entry::playbook`, also run bounded by tests/fuzz_bounded.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::dev::fuzz_entry::playbook(data);
});
