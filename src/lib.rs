//! scorecard: turns a performance team's monthly numbers into a board-ready PDF scorecard.
//!
//! Data flows one way: [`load`] reads the YAML into a checked [`model`] (with [`expr`]
//! parsing expression formulas), [`figures`] derives the numbers (pure maths, with
//! [`spc`] for Making Data Count signals and [`attention`] saying where the board should
//! look), [`view`] builds the format-neutral view of one document (every word from one
//! table, every figure written by [`format`](mod@format), every icon from [`icon`], every
//! sparkline and chart drawn by [`plot`]), and an edition lays the view out:
//! [`typst_edition`] serialises it for the embedded Typst template, compiled in the
//! [`world`] and exported through [`pdf`] to the [`standards`] asked for, and [`web`]
//! writes it as one accessible HTML page. [`render`] runs that pipeline and returns the
//! bytes; [`output`] writes the file atomically.
//! At the edges: [`import`] brings spreadsheet extracts into the data folder, [`batch`]
//! renders many packs and months in one run, [`send`] emails the results to the lists in
//! `distribution.yaml`, and [`scaffold`] holds the starting points (the commented data
//! folder of `scorecard init` and the text of the next month's file); [`terminal`] prints
//! every message, escaped, and survives a closed pipe.

pub mod attention;
pub mod batch;
pub mod commentary;
pub mod diag;
pub mod docx_edition;
pub mod edition;
pub mod error;
pub mod export;
pub mod expr;
pub mod figures;
pub mod fonts;
pub mod format;
pub mod icon;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod pack;
pub mod palette;
pub mod parallel;
pub mod pdf;
pub mod placeholder;
pub mod plausible;
pub mod plot;
pub mod render;
pub mod scaffold;
pub mod send;
pub mod spc;
pub mod standards;
pub mod terminal;
pub mod typst_edition;
pub mod value;
pub mod view;
pub mod web;
pub mod world;
