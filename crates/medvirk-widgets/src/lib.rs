//! Yew components of the medvirk widgets, plus the only HTTP (`client`) and browser-storage
//! (`storage`) code of the bundle.
//!
//! Each widget module renders what its state machine in `medvirk-core` decides and executes the
//! effects it asks for; the custom-element layer (`medvirk-elements`) mounts the components.

pub mod case_form;
pub mod client;
pub mod directory;
pub mod hooks;
pub mod outbox;
pub mod smiley;
pub mod storage;
