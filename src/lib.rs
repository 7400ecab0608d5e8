//! scorecard: turns a performance team's monthly numbers into a board-ready PDF scorecard.
//!
//! Data flows one way: [`load`] reads the YAML into a checked [`model`], [`figures`]
//! derives the numbers (pure maths, with [`spc`] for Making Data Count signals),
//! [`sparkline`] draws each trend as SVG, [`template_data`] prepares what the template
//! receives, [`render`] compiles the embedded Typst template in the [`world`] and exports
//! it through [`pdf`], and [`output`] writes the file atomically. [`scaffold`] holds the
//! starting points: the commented data folder of `scorecard init` and the text of the next
//! month's file.
//! it through [`pdf`], and [`output`] writes the file atomically. [`send`] emails the
//! result to the lists in `distribution.yaml`.

pub mod batch;
pub mod diag;
pub mod error;
pub mod export;
pub mod figures;
pub mod fonts;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod pack;
pub mod palette;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod send;
pub mod sparkline;
pub mod spc;
pub mod template_data;
pub mod world;
