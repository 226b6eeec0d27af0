//! Section 1: the bytes a page pays, from the build's manifest, choosing bundles the way the
//! loader (crates/medvirk-elements/js/medvirk.js) does.
//!
//! The loader handles elements in document order. For an element whose kind no started bundle
//! covers, it takes the first bundle (the list is smallest first) that covers every kind present
//! on the page, else the first that has this kind. A page therefore pays the loader plus the glue
//! and wasm of each bundle it starts. Widget CSS is compiled into the wasm (adopted stylesheets),
//! so there is no separate CSS file to add.

use crate::build::{BuildOutput, LOADER};
use serde::Serialize;

/// What one page downloads for medvirk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PageBytes {
    /// The widget kinds on the page, in document order.
    pub kinds: Vec<String>,
    /// The bundles the loader starts for them.
    pub bundles: Vec<String>,
    pub files: Vec<String>,
    pub gzip: u64,
    pub brotli: u64,
}

/// The bytes of a page holding one element of each of `kinds` (document order), or None when the
/// build has no bundle for one of them.
pub fn page_bytes(build: &BuildOutput, kinds: &[&str]) -> Option<PageBytes> {
    let covers = |b: &crate::build::BuiltBundle, k: &str| b.widgets.iter().any(|w| w == k);
    let mut started: Vec<&crate::build::BuiltBundle> = Vec::new();
    for kind in kinds {
        if started.iter().any(|b| covers(b, kind)) {
            continue;
        }
        let bundle = build
            .bundles
            .iter()
            .find(|b| kinds.iter().all(|k| covers(b, k)))
            .or_else(|| build.bundles.iter().find(|b| covers(b, kind)))?;
        started.push(bundle);
    }
    let mut files = vec![LOADER.to_string()];
    for b in &started {
        files.push(b.js.clone());
        files.push(b.wasm.clone());
    }
    let (mut gzip, mut brotli) = (0, 0);
    for name in &files {
        let f = build.file(name)?;
        gzip += f.gzip;
        brotli += f.brotli;
    }
    Some(PageBytes {
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        bundles: started.iter().map(|b| b.name.clone()).collect(),
        files,
        gzip,
        brotli,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuiltBundle, ShippedFile, Toolchain};

    fn build(bundles: &[(&str, &[&str], u64)]) -> BuildOutput {
        let file = |name: String, brotli: u64| ShippedFile {
            name,
            raw: brotli * 3,
            gzip: brotli + 10,
            brotli,
            integrity: String::new(),
        };
        let mut files = vec![file(LOADER.into(), 1)];
        let mut built = Vec::new();
        for (name, widgets, wasm) in bundles {
            built.push(BuiltBundle {
                name: name.to_string(),
                widgets: widgets.iter().map(|w| w.to_string()).collect(),
                mapping: false,
                js: format!("{name}.js"),
                wasm: format!("{name}.wasm"),
            });
            files.push(file(format!("{name}.js"), 10));
            files.push(file(format!("{name}.wasm"), *wasm));
        }
        BuildOutput {
            out_dir: Default::default(),
            toolchain: Toolchain::Nightly,
            bundles: built,
            files,
            pages: vec![],
            previous_pages: vec![],
        }
    }

    #[test]
    fn one_kind_pays_its_own_bundle_and_several_share_the_combined_one() {
        let b = build(&[
            ("smiley", &["smiley"], 100),
            ("directory", &["directory"], 200),
            ("all", &["smiley", "case-form", "directory"], 400),
        ]);
        let smiley = page_bytes(&b, &["smiley"]).unwrap();
        assert_eq!(smiley.bundles, ["smiley"]);
        assert_eq!(smiley.brotli, 1 + 10 + 100);
        assert_eq!(smiley.gzip, 11 + 20 + 110);
        let all = page_bytes(&b, &["smiley", "case-form", "directory"]).unwrap();
        assert_eq!(all.bundles, ["all"]);
        assert_eq!(all.brotli, 1 + 10 + 400);
        // No bundle with the case form alone: the loader takes the first that has it.
        assert_eq!(page_bytes(&b, &["case-form"]).unwrap().bundles, ["all"]);
    }

    #[test]
    fn without_a_combined_bundle_each_kind_starts_its_own_or_is_unavailable() {
        let b = build(&[
            ("smiley", &["smiley"], 100),
            ("directory", &["directory"], 200),
        ]);
        let both = page_bytes(&b, &["smiley", "directory"]).unwrap();
        assert_eq!(both.bundles, ["smiley", "directory"]);
        assert_eq!(both.brotli, 1 + 10 + 100 + 10 + 200);
        assert_eq!(both.files.len(), 5);
        assert!(page_bytes(&b, &["smiley", "case-form"]).is_none());
    }
}
