//! Phasebill schedule builder: a Leptos (CSR) app that previews invoices live as you edit.
//!
//! The state logic is plain Rust, tested natively: [`draft`] (the editable schedule and its
//! JSON), [`history`] (undo / redo), [`persist`] (saved format, migration, share links),
//! [`csv`] (invoice export) and [`timeline`] (the picture's geometry). The browser part
//! (`app`, `browser`) only binds these to the page.

pub mod csv;
pub mod draft;
pub mod history;
pub mod messages;
pub mod persist;
pub mod timeline;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
