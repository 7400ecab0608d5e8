//! Each subcommand as a function from arguments to an exit status. This is the program's
//! edge: it prints, chooses exit codes and reads the environment; the work itself is in
//! the library.
//!
//! Exit statuses: 0 success; 1 the input data (or a CSV for `spc`) has errors, or the
//! requested month has no file; 2 the command line is wrong; 3 the template failed to
//! compile or export; 4 the output could not be written; 5 (`send`) some messages were
//! not delivered; 6 (`send`) a message is over the size limit, so nothing was sent.

use std::path::{Path, PathBuf};

use scorecard::diag::Problem;
use scorecard::model::{Dataset, Polarity, YearMonth};
use scorecard::pdf::{self, StandardsChoice};
use scorecard::render::{self, RenderSettings, Template};
use scorecard::template_data::Paper;
use scorecard::{export, figures, load, output, spc};

use crate::args::{
    Command, FiguresArgs, PaperArg, PolarityArg, RenderArgs, SendArgs, SpcArgs, TableFormat,
};

const EXIT_DATA: i32 = 1;
const EXIT_USAGE: i32 = 2;
const EXIT_TEMPLATE: i32 = 3;
const EXIT_OUTPUT: i32 = 4;
const EXIT_NOT_DELIVERED: i32 = 5;
const EXIT_TOO_LARGE: i32 = 6;

/// Runs one subcommand and returns the process exit status.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Check(args) => check(&args),
        Command::Figures(args) => figures_command(&args),
        Command::Render(args) => render_command(&args),
        Command::Spc(args) => spc_command(&args),
        Command::Send(args) => send_command(&args),
    };
    match result {
        Ok(()) => 0,
        Err(code) => code,
    }
}

fn usage_error(message: &str, hint: &str) -> i32 {
    eprintln!("error: {message}\n  = hint: {hint}");
    EXIT_USAGE
}

/// Loads the data, printing every problem; `Err` carries the exit status. Also returns
/// how many warnings were printed.
fn load_data(folder: &Path) -> Result<(Dataset, usize), i32> {
    let loaded = load::load(folder);
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    let warnings = loaded.problems.iter().filter(|p| !p.is_error()).count();
    match loaded.dataset {
        Some(dataset) if !loaded.has_errors() => Ok((dataset, warnings)),
        _ => {
            let errors = loaded.problems.len() - warnings;
            eprintln!("{errors} error{} in {}", plural(errors), folder.display());
            Err(EXIT_DATA)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn check(data: &crate::args::DataArgs) -> Result<(), i32> {
    let loaded = load_data(&data.data);
    let report = loaded.as_ref().ok().map(|(dataset, _)| &dataset.report);
    let distribution = check_distribution(&data.data, report);
    let (dataset, warnings) = loaded?;
    let span = |m: Option<&YearMonth>| m.map(|m| m.to_string()).unwrap_or_default();
    println!(
        "{}: {} sections, {} indicators, {} months ({} to {}): no errors, {warnings} warning{}",
        data.data.display(),
        dataset.sections.len(),
        dataset.indicators().count(),
        dataset.months.len(),
        span(dataset.months.keys().next()),
        span(dataset.months.keys().next_back()),
        plural(warnings),
    );
    distribution
}

/// Checks distribution.yaml when it exists, printing every problem.
fn check_distribution(folder: &Path, report: Option<&scorecard::model::Report>) -> Result<(), i32> {
    let loaded = scorecard::send::distribution::load(folder, report, &[]);
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
    let file = folder.join(scorecard::send::distribution::FILE_NAME);
    if errors > 0 {
        eprintln!("{errors} error{} in {}", plural(errors), file.display());
        return Err(EXIT_DATA);
    }
    if let Some(d) = &loaded.distribution {
        let recipients: usize = d.lists.iter().map(|l| l.recipients().len()).sum();
        println!(
            "{}: {} list{}, {recipients} recipient{}: no errors",
            file.display(),
            d.lists.len(),
            plural(d.lists.len()),
            plural(recipients)
        );
    }
    Ok(())
}

/// The requested month, or the latest; a month with no file lists those that exist.
fn choose_month(dataset: &Dataset, requested: Option<&str>) -> Result<YearMonth, i32> {
    let Some(text) = requested else {
        return dataset.latest_month().ok_or(EXIT_DATA);
    };
    let Ok(month) = text.parse::<YearMonth>() else {
        return Err(usage_error(
            &format!("`{text}` is not a month"),
            "write it as YYYY-MM, e.g. 2020-06",
        ));
    };
    if dataset.months.contains_key(&month) {
        return Ok(month);
    }
    let existing: Vec<String> = dataset.months.keys().map(|m| m.to_string()).collect();
    eprintln!(
        "error: {}: there is no file for {month}\n  = hint: add months/{month}.yaml, or choose one of: {}",
        dataset.root.join("months").display(),
        existing.join(", ")
    );
    Err(EXIT_DATA)
}

fn figures_command(args: &FiguresArgs) -> Result<(), i32> {
    let (dataset, _) = load_data(&args.data.data)?;
    let month = choose_month(&dataset, args.month.as_deref())?;
    let figures = figures::figures_for_month(&dataset, month);
    let text = match args.format {
        TableFormat::Csv => export::to_csv(&figures),
        TableFormat::Json => export::to_json(&figures),
    };
    print!("{text}");
    Ok(())
}

/// The creation time: SOURCE_DATE_EPOCH when set, else from the data, never the clock.
fn creation_timestamp(dataset: &Dataset, month: YearMonth) -> Result<i64, i32> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) if !text.trim().is_empty() => match text.trim().parse::<i64>() {
            // PDF dates have four-digit years: 1970 up to the end of 9999.
            Ok(seconds) if (0..=253_402_300_799).contains(&seconds) => Ok(seconds),
            _ => Err(usage_error(
                &format!("SOURCE_DATE_EPOCH is `{text}`, not a Unix time from 0 to 253402300799"),
                "set it to seconds since 1970 such as 1593561600, or unset it",
            )),
        },
        _ => Ok(render::default_timestamp(dataset, month)),
    }
}

fn standards_for(args: &RenderArgs) -> Result<StandardsChoice, i32> {
    let choice = match &args.pdf_standard {
        Some(text) => pdf::parse_standards(text).map_err(|e| {
            usage_error(
                &format!("--pdf-standard {text}: {e}"),
                "for example: --pdf-standard a-2a,ua-1",
            )
        })?,
        None if args.attach_data => {
            pdf::parse_standards("a-3a,ua-1").map_err(|e| usage_error(&e, ""))?
        }
        None => StandardsChoice::default(),
    };
    if args.attach_data && !pdf::allows_attachments(&choice.standards) {
        return Err(usage_error(
            "--attach-data needs PDF/A-3, PDF/A-4f or no PDF/A: PDF/A-1, PDF/A-2 and PDF/A-4 forbid embedded files",
            "use --pdf-standard a-3a,ua-1 (the default with --attach-data)",
        ));
    }
    if !args.attach_data && choice.standards.contains(&typst_pdf::PdfStandard::A_4f) {
        return Err(usage_error(
            "PDF/A-4f is for documents with attached files, and this render attaches none",
            "add --attach-data, or use --pdf-standard a-4",
        ));
    }
    Ok(choice)
}

fn render_command(args: &RenderArgs) -> Result<(), i32> {
    // Check the command line before doing any work.
    let standards = standards_for(args)?;
    let template = match &args.template {
        Some(path) => match load::read_template(path) {
            Ok(source) => Template {
                display_name: path.display().to_string(),
                source,
            },
            Err(problem) => {
                eprintln!("{problem}");
                return Err(EXIT_USAGE);
            }
        },
        None => Template::embedded(),
    };
    let (dataset, _) = load_data(&args.data.data)?;
    let month = choose_month(&dataset, args.month.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("scorecard-{month}.pdf")));
    let settings = RenderSettings {
        month,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::A3 => Paper::A3,
        },
        standards,
        attach_data: args.attach_data,
        timestamp: creation_timestamp(&dataset, month)?,
        template,
    };
    let rendered = render::render(&dataset, &settings).map_err(|diagnostics| {
        eprintln!("{diagnostics}");
        if out.exists() {
            eprintln!(
                "no PDF was written; the existing {} is unchanged",
                out.display()
            );
        } else {
            eprintln!("no PDF was written");
        }
        EXIT_TEMPLATE
    })?;
    if std::env::var_os("SCORECARD_TIMINGS").is_some() {
        for (stage, time) in &rendered.timings {
            eprintln!("timing: {stage}: {:.0} ms", time.as_secs_f64() * 1000.0);
        }
    }
    for warning in &rendered.warnings {
        eprintln!("{warning}");
    }
    let month_file = dataset.root.join("months").join(format!("{month}.yaml"));
    for f in rendered.figures.iter().filter(|f| f.commentary.is_none()) {
        eprintln!(
            "{}",
            Problem::warning(
                &month_file,
                format!(
                    "`{}` has no commentary for {}",
                    f.indicator.id,
                    month.long_name()
                )
            )
            .hint("add it under `commentary:` so the board knows the story behind the number")
        );
    }
    output::write_atomically(&out, &rendered.pdf).map_err(|e| {
        eprintln!("{e}");
        EXIT_OUTPUT
    })?;
    println!(
        "wrote {} ({} page{}, {} KB)",
        out.display(),
        rendered.pages,
        plural(rendered.pages),
        rendered.pdf.len().div_ceil(1024)
    );
    Ok(())
}

fn spc_command(args: &SpcArgs) -> Result<(), i32> {
    let text = load::read_series_file(&args.file).map_err(|problem| {
        eprintln!("{problem}");
        EXIT_DATA
    })?;
    let series = spc::parse_series_csv(&text).map_err(|e| {
        eprintln!("error: {}: {e}", args.file.display());
        EXIT_DATA
    })?;
    if args.target.is_some_and(|t| !t.is_finite()) {
        return Err(usage_error(
            "--target must be a finite number",
            "for example --target 85",
        ));
    }
    let n = series.values.len();
    if let Some(b) = args.baseline {
        if b < 2 || b > n {
            return Err(usage_error(
                &format!("--baseline {b} is outside the series of {n} points"),
                "give a baseline from 2 to the number of points",
            ));
        }
    }
    for &r in &args.recalc_at {
        if r < 2 || r > n {
            return Err(usage_error(
                &format!("--recalc-at {r} is outside the series of {n} points"),
                "points are numbered from 1; a recalculation starts at point 2 or later",
            ));
        }
    }
    let mut recalculate_at: Vec<usize> = args.recalc_at.iter().map(|r| r - 1).collect();
    recalculate_at.sort_unstable();
    recalculate_at.dedup();
    let settings = spc::SpcSettings {
        polarity: match args.polarity {
            PolarityArg::Up => Polarity::Up,
            PolarityArg::Down => Polarity::Down,
            PolarityArg::Neutral => Polarity::Neutral,
        },
        target: args.target,
        baseline: args.baseline,
        recalculate_at,
    };
    let analysis = spc::analyse(&series.values, &settings);
    match args.format {
        TableFormat::Csv => print!("{}", spc::to_csv(&series, &analysis)),
        TableFormat::Json => println!("{}", spc::to_json(&series, &analysis)),
    }
    Ok(())
}

/// The SMTP settings from the environment; `None` when SCORECARD_SMTP_URL is not set.
fn smtp_settings() -> Option<scorecard::send::smtp::Settings> {
    let read = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Some(scorecard::send::smtp::Settings {
        url: read("SCORECARD_SMTP_URL")?,
        user: read("SCORECARD_SMTP_USER"),
        password: read("SCORECARD_SMTP_PASSWORD").map(scorecard::send::smtp::Secret::new),
        ca: read("SCORECARD_SMTP_CA").map(PathBuf::from),
    })
}

/// `scorecard send`: render as `render` does, build one message per list, write each as
/// out/*.eml, and (with SMTP settings and without --dry-run) deliver what the send log
/// says is missing.
fn send_command(args: &SendArgs) -> Result<(), i32> {
    use scorecard::send::{self, distribution, log::SendLog, smtp, Event, Stop};
    // SMTP settings are checked before any work, and before anything is sent.
    let settings = if args.dry_run { None } else { smtp_settings() };
    let mut mailer = match &settings {
        Some(s) => Some(smtp::Mailer::new(s).map_err(|e| {
            usage_error(
                &e,
                "see the README's \"Monthly send\" section for the SMTP settings",
            )
        })?),
        None => None,
    };
    let (dataset, _) = load_data(&args.data.data)?;
    let month = choose_month(&dataset, args.month.as_deref())?;
    if let Some(pack) = args.packs.first() {
        return Err(usage_error(
            &format!("--pack {pack}: report.yaml defines no packs"),
            "leave --pack out: the scorecard goes to the list in distribution.yaml",
        ));
    }
    let loaded = distribution::load(&args.data.data, Some(&dataset.report), &[]);
    let file = args.data.data.join(distribution::FILE_NAME);
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    let Some(dist) = loaded.distribution else {
        if loaded.present {
            let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
            eprintln!("{errors} error{} in {}", plural(errors), file.display());
        } else {
            eprintln!(
                "{}",
                Problem::error(&file, "file not found: nobody to send to")
                    .hint("create it with `from`, `subject`, `body` and `lists`; see the README's \"Monthly send\" section")
            );
        }
        return Err(EXIT_DATA);
    };

    // The PDF, exactly as `scorecard render` makes it with its defaults.
    let timestamp = creation_timestamp(&dataset, month)?;
    let render_settings = RenderSettings {
        month,
        paper: Paper::A4,
        standards: StandardsChoice::default(),
        attach_data: false,
        timestamp,
        template: Template::embedded(),
    };
    let rendered = render::render(&dataset, &render_settings).map_err(|diagnostics| {
        eprintln!("{diagnostics}\nno PDF was written and nothing was sent");
        EXIT_TEMPLATE
    })?;
    for warning in &rendered.warnings {
        eprintln!("{warning}");
    }
    let file_name = format!("scorecard-{month}.pdf");
    let out = PathBuf::from("out");
    let write = |path: &Path, bytes: &[u8]| {
        output::write_atomically(path, bytes).map_err(|e| {
            eprintln!("{e}\nnothing was sent");
            EXIT_OUTPUT
        })
    };
    write(&out.join(&file_name), &rendered.pdf)?;
    println!(
        "wrote {} ({} page{}, {} KB)",
        out.join(&file_name).display(),
        rendered.pages,
        plural(rendered.pages),
        rendered.pdf.len().div_ceil(1024)
    );

    // A real send locks the log, so that two sends cannot deliver the same copy.
    let log_path = args.data.data.join(send::log::FILE_NAME);
    let opened = match mailer {
        Some(_) => SendLog::open_locked(&log_path),
        None => SendLog::open(&log_path),
    };
    let (mut send_log, warnings) = opened.map_err(|e| {
        eprintln!("{e}");
        EXIT_DATA
    })?;
    for warning in warnings {
        eprintln!("{warning}");
    }
    let documents = [send::Document {
        pack: None,
        file_name: &file_name,
        pdf: &rendered.pdf,
        timestamp,
    }];
    let planned = send::plan(&dataset, &dist, month, &documents, &send_log).map_err(|e| {
        eprintln!("error: {}: {e}", file.display());
        EXIT_DATA
    })?;
    let megabytes = |bytes: u64| bytes as f64 / 1e6;
    let too_big = send::oversize(&planned, dist.max_message_bytes);
    for o in &too_big {
        eprintln!(
            "error: the message {} would be {:.1} MB after encoding, over the {:.1} MB limit\n  = hint: send a smaller document (a pack with fewer sections, no detail pages), or raise `max_message_mb` in {} if your mail server accepts more",
            o.stem,
            megabytes(o.bytes as u64),
            megabytes(o.limit),
            file.display()
        );
    }
    if !too_big.is_empty() {
        eprintln!("nothing was sent");
        return Err(EXIT_TOO_LARGE);
    }
    let mut pending = 0;
    for message in &planned {
        let eml = out.join(format!("{}.eml", message.stem));
        write(&eml, &message.built.bytes)?;
        println!(
            "message {}\n{}",
            eml.display(),
            message.describe(args.resend, dist.max_message_bytes)
        );
        pending += message.pending(args.resend).count();
    }
    let Some(mailer) = mailer.as_mut() else {
        let why = if args.dry_run {
            "dry run"
        } else {
            "SCORECARD_SMTP_URL is not set"
        };
        println!(
            "{why}: nothing was sent ({pending} recipient{} would receive a message)",
            plural(pending)
        );
        return Ok(());
    };
    if pending == 0 {
        println!(
            "nothing new to send: every recipient already has this PDF (see {}); --resend sends it again",
            send_log.path().display()
        );
        return Ok(());
    }
    let started = std::time::Instant::now();
    let mut problems: Vec<String> = Vec::new();
    let result =
        send::deliver(
            &planned,
            args.resend,
            mailer,
            &mut send_log,
            &mut |event| match event {
                Event::Delivered(_, r) => {
                    println!("sent to {} ({})", r.mailbox.email, r.field.name())
                }
                Event::Failed(_, r, e) => {
                    problems.push(format!("not delivered to {}: {e}", r.mailbox.email))
                }
                Event::NotAttempted(_, r) => problems.push(format!(
                    "not attempted: {} (the session had failed)",
                    r.mailbox.email
                )),
            },
        );
    let summary = match result {
        Ok(summary) => summary,
        Err(Stop::Session(e)) => {
            eprintln!("error: cannot send: {e}\nnothing was sent");
            return Err(EXIT_NOT_DELIVERED);
        }
        Err(Stop::Log(e)) => {
            eprintln!("{e}");
            return Err(EXIT_OUTPUT);
        }
    };
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    println!(
        "delivered {} of {pending} in {:.1} s; logged in {}",
        summary.delivered,
        started.elapsed().as_secs_f64(),
        send_log.path().display()
    );
    if summary.failed + summary.not_attempted > 0 {
        eprintln!(
            "{} not delivered; run `scorecard send` again to retry only those",
            summary.failed + summary.not_attempted
        );
        return Err(EXIT_NOT_DELIVERED);
    }
    Ok(())
}
