//! The typst `World` the template is compiled in: it serves the template, the helper
//! library `/lib.typ`, the virtual files we hand it (the figures as JSON, one SVG per sparkline, the input files for
//! attachment) and the report's fonts. Nothing else: a template that asks
//! for any other path, on disk or not, gets "file not found", so no data from the
//! machine can leak into a report and the output is the same everywhere.

use std::collections::{BTreeMap, HashMap};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, PathError, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// The helpers every template can import: the palette and the icons.
pub const HELPERS: &str = include_str!("../templates/lib.typ");
/// Where templates find them.
pub const HELPERS_PATH: &str = "/lib.typ";

/// A closed world: one template, a fixed set of virtual files, embedded fonts.
pub struct ScorecardWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: Source,
    helpers: Source,
    // Only looked up, never iterated, so its order cannot reach the output.
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// Interns a rooted virtual path such as `/data.json`.
pub fn file_id(path: &str) -> Result<FileId, BadVirtualPath> {
    let vpath = VirtualPath::new(path).map_err(|source| BadVirtualPath {
        path: path.to_string(),
        source,
    })?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A virtual file's path that typst refuses (it escapes the root or holds a backslash):
/// a name the program made, so a fault in the program rather than in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadVirtualPath {
    /// The path as given.
    pub path: String,
    /// Why typst refuses it.
    pub source: PathError,
}

impl std::fmt::Display for BadVirtualPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad virtual path {}: {}", self.path, self.source)
    }
}

impl std::error::Error for BadVirtualPath {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl ScorecardWorld {
    /// Builds the world. `template_name` is the path shown in diagnostics (e.g.
    /// `/scorecard.typ`); `files` maps virtual paths to their bytes.
    pub fn new(
        template_name: &str,
        template: String,
        files: BTreeMap<String, Vec<u8>>,
        fonts: FontStore,
        today: Datetime,
    ) -> Result<Self, BadVirtualPath> {
        let main = Source::new(file_id(template_name)?, template);
        let helpers = Source::new(file_id(HELPERS_PATH)?, HELPERS.to_string());
        let mut served = HashMap::new();
        for (path, bytes) in files {
            served.insert(file_id(&path)?, Bytes::new(bytes));
        }
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main,
            helpers,
            files: served,
            today,
        })
    }

    /// The template source, for mapping diagnostics to lines.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for ScorecardWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        [&self.main, &self.helpers]
            .into_iter()
            .find(|source| source.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_with_slash().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_escapes_the_root_is_named_with_the_reason() {
        assert!(file_id("/figures/data.json").is_ok());
        let error = file_id("/../etc/passwd").unwrap_err();
        assert_eq!(error.source, PathError::Escapes);
        assert_eq!(
            error.to_string(),
            "bad virtual path /../etc/passwd: path escapes project root"
        );
        assert_eq!(file_id("/a\\b").unwrap_err().source, PathError::Backslash);
    }
}
