//! scorecard: turns a performance team's monthly numbers into a board-ready PDF scorecard.
//!
//! Data flows one way: [`load`] reads the YAML into a checked [`model`], [`figures`]
//! derives the numbers (pure maths, with [`spc`] for Making Data Count signals),
//! [`sparkline`] draws each trend as SVG, [`template_data`] prepares what the template
//! receives (with [`attention`] saying where the board should look and [`chart`] drawing
//! the detail pages' SPC charts), [`render`] compiles the embedded Typst template in the
//! [`world`] and exports it through [`pdf`], and [`output`] writes the file atomically.
//! At the edges: [`import`] brings spreadsheet extracts into the data folder, [`batch`]
//! renders many packs and months in one run, [`send`] emails the results to the lists in
//! `distribution.yaml`, and [`scaffold`] holds the starting points (the commented data
//! folder of `scorecard init` and the text of the next month's file).

pub mod attention;
pub mod batch;
pub mod chart;
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
pub mod parallel;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod send;
pub mod sparkline;
pub mod spc;
pub mod template_data;
pub mod web;
pub mod world;
