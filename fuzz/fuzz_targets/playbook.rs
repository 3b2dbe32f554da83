//! Fuzz target: the playbook loader and linter (`warroom::fuzz_entry::playbook`, also run bounded by tests/fuzz_bounded.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    warroom::fuzz_entry::playbook(data);
});
