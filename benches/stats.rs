//! `warroom stats`: streaming over generated logs (the 1M-event comparison with jq is
//! `benches/compare.sh`).

mod common;

fn main() {
    divan::main();
}

#[divan::bench(args = common::sizes(), sample_count = 5, sample_size = 1)]
fn stats(bencher: divan::Bencher, events: u64) {
    let path = common::log(events);
    bencher.bench_local(|| {
        let (s, read) = warroom::commands::stats::compute(&path).unwrap();
        assert!(read.problem.is_none());
        s.events
    });
}
