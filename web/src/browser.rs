//! Thin bindings to the browser: IndexedDB, storage persistence, Intl, downloads, clock.

use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// www/browser.js, imported by path from www/pkg/phasebill_web.js so that index.html can
// preload it.
#[wasm_bindgen(raw_module = "../browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = idbGet)]
    fn idb_get(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = idbPut)]
    fn idb_put(key: &str, value: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = requestPersist)]
    fn request_persist() -> js_sys::Promise;
    #[wasm_bindgen(js_name = formatMoney)]
    fn format_money_js(value: &str, currency: &str, digits: u32) -> String;
    #[wasm_bindgen(js_name = formatDate)]
    fn format_date_js(iso: &str) -> String;
    #[wasm_bindgen(js_name = formatMonth)]
    pub fn month(year: i32, month: u32) -> String;
    #[wasm_bindgen(js_name = formatNow)]
    pub fn now_text() -> String;
    #[wasm_bindgen(js_name = download)]
    pub fn download(name: &str, mime: &str, text: &str);
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text_js(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = watchTabs)]
    fn watch_tabs_js(on_message: &js_sys::Function);
    #[wasm_bindgen(js_name = watchPrint)]
    fn watch_print_js(on_change: &js_sys::Function);
    #[wasm_bindgen(js_name = tellTabs)]
    pub fn tell_tabs(kind: &str);
}

/// Calls `on_message` with what other tabs of the app say ("hello", "here", "saved").
pub fn watch_tabs(on_message: impl FnMut(String) + 'static) {
    let callback = Closure::<dyn FnMut(String)>::new(on_message);
    watch_tabs_js(callback.as_ref().unchecked_ref());
    callback.forget();
}

/// Calls `on_change(true)` when the page is about to be printed (or shown as print), and
/// `on_change(false)` after.
pub fn watch_print(on_change: impl FnMut(bool) + 'static) {
    let callback = Closure::<dyn FnMut(bool)>::new(on_change);
    watch_print_js(callback.as_ref().unchecked_ref());
    callback.forget();
}

/// The focused element, if any.
pub fn focused() -> Option<web_sys::HtmlElement> {
    window()
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    window()
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

fn usable(el: &web_sys::HtmlElement) -> bool {
    el.is_connected() && !el.has_attribute("disabled")
}

/// Scrolls to the element `id` and focuses it (it has `tabindex="-1"`).
pub fn show_element(id: &str) {
    if let Some(el) = element(id) {
        // Open the folded year it is in.
        if let Ok(Some(details)) = el.closest("details") {
            let _ = details.set_attribute("open", "");
        }
        el.scroll_into_view();
        let _ = el.focus();
        return;
    }
    // An invoice of a folded year is drawn when its year opens: open it, then show the
    // invoice once it is there (the year's toggle event comes in a later task).
    let Some(year) = id.strip_prefix("invoice-").and_then(|d| d.get(..4)) else {
        return;
    };
    if let Some(details) = element(&format!("year-{year}")) {
        let _ = details.set_attribute("open", "");
        reveal_later(id.to_string(), 10);
    }
}

/// Scrolls to and focuses `id` as soon as it exists (trying `tries` more tasks).
fn reveal_later(id: String, tries: u32) {
    later(move || match element(&id) {
        Some(el) => {
            el.scroll_into_view();
            let _ = el.focus();
        }
        None if tries > 0 => reveal_later(id, tries - 1),
        None => {}
    });
}

/// After the page is updated: focuses the first of `ids` that exists.
pub fn focus_later(ids: Vec<String>) {
    later(move || {
        if let Some(el) = ids.iter().filter_map(|id| element(id)).find(usable) {
            let _ = el.focus();
        }
    });
}

/// After the page is updated: focuses `el` again (a moved element loses focus), or else the
/// first of `fallback` that exists.
pub fn refocus_later(el: Option<web_sys::HtmlElement>, fallback: Vec<String>) {
    later(move || match el.filter(usable) {
        Some(el) => {
            let _ = el.focus();
        }
        None => {
            if let Some(el) = fallback.iter().filter_map(|id| element(id)).find(usable) {
                let _ = el.focus();
            }
        }
    });
}

fn message(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// The saved text under `key`, if any.
pub async fn load(key: &str) -> Result<Option<String>, String> {
    let value = JsFuture::from(idb_get(key)).await.map_err(message)?;
    Ok(value.as_string())
}

pub async fn save(key: &str, text: &str) -> Result<(), String> {
    JsFuture::from(idb_put(key, text)).await.map_err(message)?;
    Ok(())
}

pub async fn persist() -> String {
    JsFuture::from(request_persist())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "not persisted".into())
}

pub async fn copy_text(text: &str) -> Result<(), String> {
    JsFuture::from(copy_text_js(text)).await.map_err(message)?;
    Ok(())
}

/// Most entries kept by each formatting cache (cleared when full).
const CACHE_LIMIT: usize = 4096;

thread_local! {
    static MONEY: RefCell<HashMap<(i128, &'static str), String>> = RefCell::new(HashMap::new());
    static DATES: RefCell<HashMap<NaiveDate, String>> = RefCell::new(HashMap::new());
}

fn cached<K: Eq + Hash + Copy>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<K, String>>>,
    key: K,
    make: impl FnOnce() -> String,
) -> String {
    cache.with(|cache| {
        if let Some(text) = cache.borrow().get(&key) {
            return text.clone();
        }
        let text = make();
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, text.clone());
        text
    })
}

/// An amount in the browser's locale (Intl, exact: formatted from its decimal text).
pub fn money(money: phasebill::Money, currency: phasebill::Currency) -> String {
    cached(&MONEY, (money.minor(), currency.code()), || {
        format_money_js(&money.to_string(), currency.code(), currency.exponent())
    })
}

/// A calendar date in the browser's locale.
pub fn date(date: NaiveDate) -> String {
    cached(&DATES, date, || format_date_js(&date.to_string()))
}

/// Runs `f` in a later task (after the current event and its rendering work).
pub fn later(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    let _ = window().set_timeout_with_callback(callback.unchecked_ref());
}

/// Today's date (UTC), the default as-of.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_utc_full_year() as i32,
        now.get_utc_month() + 1,
        now.get_utc_date(),
    )
    .unwrap_or_default()
}

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// The page's URL fragment, with `#`.
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// Drops the fragment from the address without reloading.
pub fn clear_fragment() {
    let w = window();
    let location = w.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's URL without fragment.
pub fn base_url() -> String {
    let href = window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}
