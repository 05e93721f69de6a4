//! Phasebill schedule builder: a Leptos (CSR) app that previews invoices live as you edit.
//!
//! The state logic is plain Rust, tested natively: [`draft`] (the editable schedule and its
//! JSON), [`history`] (undo / redo), [`persist`] (saved format, migration, undo snapshots,
//! other drafts, share links), [`messages`] (what the user reads), [`csv`] (invoice export)
//! [`timeline`] (the picture's geometry), [`month_chart`] (the billing-by-month chart) and
//! [`versions`] (saved versions to compare with), [`comparing`] (compare mode keeping the saved
//! version's preview). The browser part (`app/`, one module per part
//! of the page, and `browser`) only binds these to the page.

pub mod comparing;
pub mod csv;
pub mod draft;
pub mod history;
pub mod messages;
pub mod month_chart;
pub mod persist;
pub mod timeline;
pub mod versions;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
