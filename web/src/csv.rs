//! The builder's CSV export: the core's renderer, the one CSV of every front door (the
//! native CLI and `npx phasebill` write the same bytes).

use phasebill::Preview;

/// The CSV text of a preview: a header, then one row per invoice line.
pub fn invoices_csv(preview: &Preview) -> String {
    phasebill::render::csv(preview)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The builder exports the shared file `tests/render/pilot-discount-terms.csv`, which the
    /// native CLI and the npm package's CLI are tested against too.
    #[test]
    fn exports_the_shared_csv() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/render");
        let case: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{dir}/pilot-discount-terms.json")).unwrap(),
        )
        .unwrap();
        let today = phasebill::parse_date("2026-03-15").unwrap();
        let preview = phasebill::preview(&case["schedule"], &case["options"], today).unwrap();
        let want = std::fs::read_to_string(format!("{dir}/pilot-discount-terms.csv")).unwrap();
        assert_eq!(invoices_csv(&preview), want);
    }
}
