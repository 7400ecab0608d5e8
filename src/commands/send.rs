//! `scorecard send`: render the packs the distribution lists need (exactly as `render`
//! does), build one message per list, write each as `out/*.eml`, and with SMTP settings
//! (and without `--dry-run`) deliver what the send log says is missing.

use std::path::{Path, PathBuf};

use scorecard::batch::{self, Job, Shared};
use scorecard::diag::{did_you_mean, Problem};
use scorecard::error::{count, Error, ErrorKind};
use scorecard::model::{Dataset, Detail, Pack, Paper};
use scorecard::output;
use scorecard::pdf::StandardsChoice;
use scorecard::render::{self, Template};
use scorecard::send::{self, distribution, log::SendLog, smtp, Event, Stop};

use super::{choose_month, load_data};
use crate::args::SendArgs;

/// Where rendered packs and messages are written, as `render` does by default.
const OUT_DIR: &str = "out";

pub(super) fn run(args: &SendArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    // SMTP settings are checked before any work, and before anything is sent.
    let settings = if args.dry_run { None } else { smtp_settings() };
    let mut mailer = match &settings {
        Some(s) => Some(smtp::Mailer::new(s).map_err(|e| {
            Error::usage(
                e,
                "see the README's \"Monthly send\" section for the SMTP settings",
            )
        })?),
        None => None,
    };
    let dataset = load_data(&args.data.data, warnings)?;
    let month = choose_month(&dataset, args.month)?;
    warnings.extend(scorecard::render::early_data_date(&dataset, month));
    let pack_ids: Vec<&str> = dataset.report.packs.iter().map(|p| p.id.as_str()).collect();
    let file = args.data.data.join(distribution::FILE_NAME);
    let loaded = distribution::load(&args.data.data, Some(&dataset.report), &pack_ids);
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        loaded.problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    let dist = match loaded.distribution {
        Some(dist) if errors.is_empty() => dist,
        _ if !loaded.present => {
            return Err(Error::one(
                ErrorKind::Data,
                Problem::error(&file, "file not found: nobody to send to").hint(
                    "create it with `from`, `subject`, `body` and `lists`; see the README's \"Monthly send\" section",
                ),
            ))
        }
        _ => {
            let summary = format!("{} in {}", count(errors.len(), "error"), file.display());
            return Err(Error::new(ErrorKind::Data, errors).with_summary(summary));
        }
    };
    let packs = packs_to_send(&dataset, &dist, &args.packs)?;

    // The PDFs, exactly as `scorecard render` makes them with its defaults.
    let shared = Shared {
        paper: Paper::A4,
        detail: Detail::None,
        standards: StandardsChoice::default(),
        attach_data: false,
        timestamp: args.creation_timestamp.and_then(|t| t.0),
        template: Template::embedded(),
        html_template: scorecard::web::HtmlTemplate::embedded(),
    };
    let timestamp = shared
        .timestamp
        .unwrap_or_else(|| render::default_timestamp(&dataset, month));
    let jobs: Vec<Job> = packs
        .iter()
        .map(|pack| Job {
            month,
            pack: pack.clone(),
            format: scorecard::model::Format::Pdf,
            out: Path::new(OUT_DIR).join(batch::file_name(
                pack.as_ref(),
                month,
                scorecard::model::Format::Pdf,
            )),
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let outcomes = batch::run(&dataset, jobs, &shared, threads, &|_| {});
    let mut rendered: Vec<(Option<String>, String, String, Vec<u8>)> = Vec::new();
    for outcome in outcomes {
        warnings.extend(outcome.warnings);
        let written = outcome
            .result
            .map_err(|error| error.with_summary("no PDF was written and nothing was sent"))?;
        println!(
            "wrote {} ({}, {} KB)",
            outcome.job.out.display(),
            count(written.pages.unwrap_or_default(), "page"),
            written.bytes.div_ceil(1024)
        );
        let pdf = std::fs::read(&outcome.job.out).map_err(|e| {
            Error::one(
                ErrorKind::Output,
                Problem::error(&outcome.job.out, format!("cannot read back the PDF: {e}")),
            )
        })?;
        let name = outcome
            .job
            .out
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let title = outcome
            .job
            .pack
            .as_ref()
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| dataset.report.title.clone());
        rendered.push((outcome.job.pack.map(|p| p.id), title, name, pdf));
    }
    let documents: Vec<send::Document> = rendered
        .iter()
        .map(|(pack, title, name, pdf)| send::Document {
            pack: pack.as_deref(),
            title,
            file_name: name,
            pdf,
            timestamp,
        })
        .collect();

    // A real send locks the log, so that two sends cannot deliver the same copy.
    let log_path = args.data.data.join(send::log::FILE_NAME);
    let opened = match mailer {
        Some(_) => SendLog::open_locked(&log_path),
        None => SendLog::open(&log_path),
    };
    let (mut send_log, notes) = opened.map_err(|e| Error::one(ErrorKind::Data, *e))?;
    warnings.extend(notes.into_iter().map(|n| Problem::warning(&log_path, n)));
    let planned = send::plan(&dataset, &dist, month, &documents, &send_log)
        .map_err(|e| Error::one(ErrorKind::Data, Problem::error(&file, e)))?;
    let too_big: Vec<Problem> = send::oversize(&planned, dist.max_message_bytes)
        .into_iter()
        .map(|o| {
            Problem::error(
                &file,
                format!(
                    "the message {} would be {:.1} MB after encoding, over the {:.1} MB limit",
                    o.stem,
                    megabytes(o.bytes as u64),
                    megabytes(o.limit)
                ),
            )
            .hint("send a smaller document (a pack with fewer sections), or raise `max_message_mb` if your mail server accepts more")
        })
        .collect();
    if !too_big.is_empty() {
        return Err(Error::new(ErrorKind::Oversize, too_big).with_summary("nothing was sent"));
    }
    let mut pending = 0;
    for message in &planned {
        let eml = Path::new(OUT_DIR).join(format!("{}.eml", message.stem));
        output::write_atomically(&eml, &message.built.bytes)
            .map_err(|e| e.with_summary("nothing was sent"))?;
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
            "{why}: nothing was sent ({} would receive a message)",
            count(pending, "recipient")
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
    deliver(&planned, args.resend, mailer, &mut send_log, pending)
}

/// Delivers every pending copy, reporting each; failures do not stop the rest.
fn deliver(
    planned: &[send::Planned],
    resend: bool,
    mailer: &mut smtp::Mailer,
    send_log: &mut SendLog,
    pending: usize,
) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let mut failures: Vec<Problem> = Vec::new();
    let result = send::deliver(
        planned,
        resend,
        mailer,
        send_log,
        &mut |event| match event {
            Event::Delivered(_, r) => println!("sent to {} ({})", r.mailbox.email, r.field.name()),
            Event::Failed(_, r, e) => failures.push(Problem::general(format!(
                "not delivered to {}: {e}",
                r.mailbox.email
            ))),
            Event::NotAttempted(_, r) => failures.push(Problem::general(format!(
                "not attempted: {} (the session had failed)",
                r.mailbox.email
            ))),
        },
    );
    let summary = match result {
        Ok(summary) => summary,
        Err(Stop::Session(e)) => {
            return Err(Error::one(
                ErrorKind::Mail,
                Problem::general(format!("cannot send: {e}")),
            )
            .with_summary("nothing was sent"))
        }
        Err(Stop::Log(e)) => return Err(Error::one(ErrorKind::Output, *e)),
    };
    println!(
        "delivered {} of {pending} in {:.1} s; logged in {}",
        summary.delivered,
        started.elapsed().as_secs_f64(),
        send_log.path().display()
    );
    let missed = summary.failed + summary.not_attempted;
    if missed > 0 {
        return Err(Error::new(ErrorKind::Mail, failures).with_summary(format!(
            "{} not delivered; run `scorecard send` again to retry only those",
            missed
        )));
    }
    Ok(())
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The documents the lists need: each list's pack (or the one scorecard without packs),
/// narrowed to `--pack` when given.
fn packs_to_send(
    dataset: &Dataset,
    dist: &distribution::Distribution,
    asked: &[String],
) -> Result<Vec<Option<Pack>>, Error> {
    let defined = &dataset.report.packs;
    for id in asked {
        if !dist
            .lists
            .iter()
            .any(|l| l.pack.as_deref() == Some(id.as_str()))
        {
            let ids = dist.lists.iter().filter_map(|l| l.pack.as_deref());
            let hint = did_you_mean(id, ids.clone()).unwrap_or_else(|| {
                if defined.is_empty() {
                    "report.yaml defines no packs: leave --pack out".to_string()
                } else {
                    format!(
                        "lists in distribution.yaml are for: {}",
                        ids.collect::<Vec<_>>().join(", ")
                    )
                }
            });
            return Err(Error::usage(
                format!("--pack {id}: no list in distribution.yaml receives it"),
                hint,
            ));
        }
    }
    let mut packs: Vec<Option<Pack>> = Vec::new();
    for list in &dist.lists {
        let pack = list
            .pack
            .as_ref()
            .and_then(|id| defined.iter().find(|p| &p.id == id))
            .cloned();
        let wanted = asked.is_empty() || list.pack.as_ref().is_some_and(|id| asked.contains(id));
        if wanted && !packs.contains(&pack) {
            packs.push(pack);
        }
    }
    Ok(packs)
}

/// The SMTP settings from the environment; `None` when SCORECARD_SMTP_URL is not set.
fn smtp_settings() -> Option<smtp::Settings> {
    let read = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Some(smtp::Settings {
        url: read("SCORECARD_SMTP_URL")?,
        user: read("SCORECARD_SMTP_USER"),
        password: read("SCORECARD_SMTP_PASSWORD").map(smtp::Secret::new),
        ca: read("SCORECARD_SMTP_CA").map(PathBuf::from),
    })
}
