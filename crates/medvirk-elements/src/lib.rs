//! The wasm entry point: mounts medvirk's Yew widgets into the elements that `js/medvirk.js` defines.
//!
//! wasm-bindgen cannot subclass `HTMLElement`, so the hand-written loader owns the element classes
//! (and the `<div data-medvirk>` upgrades) and forwards their lifecycle here:
//! connected → [`mount`], attribute changed → [`Handle::update`], disconnected → [`Handle::destroy`].
//! This crate knows tag names, attributes and the DOM; the widgets themselves live in
//! `medvirk-widgets` and know nothing about elements.

// A bundle without widgets would register nothing; say so instead of failing on empty matches.
#[cfg(not(any(feature = "smiley", feature = "case-form", feature = "directory")))]
compile_error!("medvirk-elements needs at least one widget feature, e.g. `--features smiley`");

#[cfg(feature = "case-form")]
mod case_form;
#[cfg(feature = "directory")]
mod directory;
mod events;
mod host;
#[cfg(feature = "smiley")]
mod smiley;
#[cfg(all(test, target_arch = "wasm32", feature = "smiley"))]
mod tests;
#[cfg(any(feature = "smiley", feature = "case-form"))]
mod unicode;

use wasm_bindgen::prelude::*;
use web_sys::Element;

// dlmalloc is about 2 KB of every visitor's download; the widgets allocate little and run on one
// thread. The locked variant is used because it needs no `unsafe` (the workspace forbids it); with
// no threads its lock is one uncontended flag.
#[cfg(all(target_arch = "wasm32", feature = "small-alloc"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A mounted widget, returned to the loader so it can forward later lifecycle callbacks.
#[cfg(not(feature = "mapping"))]
#[wasm_bindgen]
pub struct Handle {
    host: Element,
    app: App,
}

/// A mounted widget, returned to the loader so it can forward later lifecycle callbacks. With
/// `mapping="URL"` the widget starts only once that document is fetched, so it never renders
/// (or sends) without the mapping the page asked for; the slot says where it stands.
#[cfg(feature = "mapping")]
#[wasm_bindgen]
pub struct Handle {
    host: Element,
    slot: std::rc::Rc<std::cell::RefCell<Slot>>,
}

/// A widget waiting for its mapping document, running, or destroyed before it started.
#[cfg(feature = "mapping")]
enum Slot {
    Waiting,
    Running(App),
    Gone,
}

/// The running Yew app of each widget kind this bundle was built with.
enum App {
    #[cfg(feature = "smiley")]
    Smiley(yew::AppHandle<smiley::Component>),
    #[cfg(feature = "directory")]
    Directory(yew::AppHandle<directory::Component>),
    #[cfg(feature = "case-form")]
    CaseForm(yew::AppHandle<case_form::Component>),
}

impl App {
    /// Starts the widget `kind` in `host`'s shadow root.
    fn start(kind: &str, host: &Element) -> Result<App, JsError> {
        #[cfg(any(feature = "smiley", feature = "case-form"))]
        unicode::use_browser_unicode();
        Ok(match kind {
            #[cfg(feature = "smiley")]
            "smiley" => App::Smiley(smiley::mount(host)?),
            #[cfg(feature = "directory")]
            "directory" => App::Directory(directory::mount(host)?),
            #[cfg(feature = "case-form")]
            "case-form" => App::CaseForm(case_form::mount(host)?),
            _ => return Err(unknown(kind)),
        })
    }

    fn update(&mut self, host: &Element) {
        match self {
            #[cfg(feature = "smiley")]
            App::Smiley(app) => app.update(smiley::props(host)),
            #[cfg(feature = "directory")]
            App::Directory(app) => app.update(directory::props(host)),
            #[cfg(feature = "case-form")]
            App::CaseForm(app) => app.update(case_form::props(host)),
        }
    }

    fn destroy(self) {
        match self {
            #[cfg(feature = "smiley")]
            App::Smiley(app) => app.destroy(),
            #[cfg(feature = "directory")]
            App::Directory(app) => app.destroy(),
            #[cfg(feature = "case-form")]
            App::CaseForm(app) => app.destroy(),
        }
    }
}

/// The error for a widget kind this bundle lacks.
fn unknown(kind: &str) -> JsError {
    // Concatenation rather than format!: it keeps core::fmt's machinery out of the wasm.
    let mut msg = String::from("medvirk: this bundle has no widget named ");
    msg.push_str(kind);
    JsError::new(&msg)
}

/// Whether this bundle has the widget `kind`.
#[cfg(feature = "mapping")]
fn known(kind: &str) -> bool {
    (cfg!(feature = "smiley") && kind == "smiley")
        || (cfg!(feature = "directory") && kind == "directory")
        || (cfg!(feature = "case-form") && kind == "case-form")
}

/// Mounts the widget `kind` (the tag without `medvirk-`, or the value of `data-medvirk`) into an
/// open shadow root of `host`, reading its configuration from the host's attributes.
///
/// Fails when this bundle was built without that widget, or when the host cannot take a shadow
/// root (a closed one is already attached).
#[cfg(not(feature = "mapping"))]
#[wasm_bindgen]
pub fn mount(kind: &str, host: Element) -> Result<Handle, JsError> {
    let app = App::start(kind, &host)?;
    Ok(Handle { host, app })
}

/// Mounts the widget `kind` (the tag without `medvirk-`, or the value of `data-medvirk`) into an
/// open shadow root of `host`, reading its configuration from the host's attributes; with
/// `mapping="URL"`, once that document is fetched (a failed fetch is tried again on a new mount).
///
/// Fails when this bundle was built without that widget, or when the host cannot take a shadow
/// root (a closed one is already attached).
#[cfg(feature = "mapping")]
#[wasm_bindgen]
pub fn mount(kind: &str, host: Element) -> Result<Handle, JsError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let Some(url) = events::mapping_to_fetch(&host, true) else {
        let app = App::start(kind, &host)?;
        let slot = Rc::new(RefCell::new(Slot::Running(app)));
        return Ok(Handle { host, slot });
    };
    if !known(kind) {
        return Err(unknown(kind));
    }
    let slot = Rc::new(RefCell::new(Slot::Waiting));
    let (waiting, kind, target) = (Rc::clone(&slot), kind.to_owned(), host.clone());
    yew::platform::spawn_local(async move {
        events::fetch_mapping(url).await;
        if !matches!(*waiting.borrow(), Slot::Waiting) {
            return; // destroyed meanwhile
        }
        match App::start(&kind, &target) {
            Ok(app) => *waiting.borrow_mut() = Slot::Running(app),
            Err(e) => web_sys::console::error_1(&wasm_bindgen::JsValue::from(e)),
        }
    });
    Ok(Handle { host, slot })
}

#[wasm_bindgen]
impl Handle {
    /// Re-reads the host's attributes and passes them to the widget as new props (after
    /// fetching a `mapping` URL that changed).
    pub fn update(&mut self) {
        #[cfg(not(feature = "mapping"))]
        self.app.update(&self.host);
        #[cfg(feature = "mapping")]
        {
            let (slot, host) = (std::rc::Rc::clone(&self.slot), self.host.clone());
            let apply = move || {
                if let Slot::Running(app) = &mut *slot.borrow_mut() {
                    app.update(&host);
                }
            };
            match events::mapping_to_fetch(&self.host, false) {
                None => apply(),
                Some(url) => yew::platform::spawn_local(async move {
                    events::fetch_mapping(url).await;
                    apply();
                }),
            }
        }
    }

    /// Tears the widget down (its DOM, listeners and pending work). The shadow root stays, so
    /// the same host can be mounted again when it is re-attached.
    pub fn destroy(self) {
        #[cfg(not(feature = "mapping"))]
        self.app.destroy();
        #[cfg(feature = "mapping")]
        if let Slot::Running(app) = self.slot.replace(Slot::Gone) {
            app.destroy();
        }
    }
}
