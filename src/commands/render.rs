//! `scorecard render`: the PDF for one month, written atomically.

use std::path::PathBuf;

use scorecard::diag::Problem;
use scorecard::error::Error;
use scorecard::output;
use scorecard::render::{self, RenderSettings};

use super::{choose_month, load_data};
use crate::args::RenderArgs;
use crate::config::RenderConfig;

pub(super) fn run(args: &RenderArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let config = RenderConfig::from_args(args)?;
    let dataset = load_data(&config.data, warnings)?;
    let month = choose_month(&dataset, config.month)?;
    let out = config
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("scorecard-{month}.pdf")));
    let settings = RenderSettings {
        month,
        paper: config.paper,
        standards: config.standards,
        attach_data: config.attach_data,
        timestamp: config
            .timestamp
            .unwrap_or_else(|| render::default_timestamp(&dataset, month)),
        template: config.template,
    };
    let rendered = render::render(&dataset, &settings).map_err(|error| {
        error.with_summary(if out.exists() {
            format!(
                "no PDF was written; the existing {} is unchanged",
                out.display()
            )
        } else {
            "no PDF was written".to_string()
        })
    })?;
    if std::env::var_os("SCORECARD_TIMINGS").is_some() {
        for (stage, time) in &rendered.timings {
            eprintln!("timing: {stage}: {:.0} ms", time.as_secs_f64() * 1000.0);
        }
    }
    warnings.extend(rendered.warnings);
    output::write_atomically(&out, &rendered.pdf)?;
    println!(
        "wrote {} ({}, {} KB)",
        out.display(),
        scorecard::error::count(rendered.pages, "page"),
        rendered.pdf.len().div_ceil(1024)
    );
    Ok(())
}
