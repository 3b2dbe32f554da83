//! docs/reliability.md stays true: every test it names as proof exists, in the file it names.

use std::path::Path;

#[test]
fn every_test_named_in_the_guarantees_table_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/reliability.md")).unwrap();
    let mut checked = 0;
    for row in doc.lines().filter(|l| l.starts_with("| ")) {
        let proof = row.rsplit(" | ").next().unwrap_or_default();
        // Each `tests/X.rs` is followed by the `test_names` it proves with.
        for part in proof.split("`tests/").skip(1) {
            let Some((file, rest)) = part.split_once('`') else {
                continue;
            };
            if !file.ends_with(".rs") {
                continue;
            }
            let source =
                std::fs::read_to_string(root.join("tests").join(file)).unwrap_or_else(|_| {
                    panic!("docs/reliability.md names tests/{file}, which does not exist")
                });
            let names = rest.split(';').next().unwrap_or_default();
            for name in names.split('`').skip(1).step_by(2) {
                if name.chars().all(|c| c.is_ascii_lowercase() || c == '_') && name.contains('_') {
                    assert!(
                        source.contains(&format!("fn {name}(")),
                        "docs/reliability.md: no test {name} in tests/{file}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked >= 25,
        "only {checked} test names found in the table"
    );
}
