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
#[wasm_bindgen]
pub struct Handle {
    host: Element,
    app: App,
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

/// Mounts the widget `kind` (the tag without `medvirk-`, or the value of `data-medvirk`) into an
/// open shadow root of `host`, reading its configuration from the host's attributes.
///
/// Fails when this bundle was built without that widget, or when the host cannot take a shadow
/// root (a closed one is already attached).
#[wasm_bindgen]
pub fn mount(kind: &str, host: Element) -> Result<Handle, JsError> {
    let app = match kind {
        #[cfg(feature = "smiley")]
        "smiley" => App::Smiley(smiley::mount(&host)?),
        #[cfg(feature = "directory")]
        "directory" => App::Directory(directory::mount(&host)?),
        #[cfg(feature = "case-form")]
        "case-form" => App::CaseForm(case_form::mount(&host)?),
        _ => {
            // Concatenation rather than format!: it keeps core::fmt's machinery out of the wasm.
            let mut msg = String::from("medvirk: this bundle has no widget named ");
            msg.push_str(kind);
            return Err(JsError::new(&msg));
        }
    };
    Ok(Handle { host, app })
}

#[wasm_bindgen]
impl Handle {
    /// Re-reads the host's attributes and passes them to the widget as new props.
    pub fn update(&mut self) {
        match &mut self.app {
            #[cfg(feature = "smiley")]
            App::Smiley(app) => app.update(smiley::props(&self.host)),
            #[cfg(feature = "directory")]
            App::Directory(app) => app.update(directory::props(&self.host)),
            #[cfg(feature = "case-form")]
            App::CaseForm(app) => app.update(case_form::props(&self.host)),
        }
    }

    /// Tears the widget down (its DOM, listeners and pending work). The shadow root stays, so
    /// the same host can be mounted again when it is re-attached.
    pub fn destroy(self) {
        match self.app {
            #[cfg(feature = "smiley")]
            App::Smiley(app) => app.destroy(),
            #[cfg(feature = "directory")]
            App::Directory(app) => app.destroy(),
            #[cfg(feature = "case-form")]
            App::CaseForm(app) => app.destroy(),
        }
    }
}
