//! `scorecard send`, in four steps: [`plan`] (mail settings, data, distribution.yaml,
//! which packs, where the files go: everything checked before any work), [`render`] (the
//! PDFs, in memory, exactly as `render` makes them), [`write`] (the PDFs and one `.eml`
//! per list, after the size check) and [`deliver`] (what the send log says is missing,
//! through whatever courier the settings chose).

use std::path::{Path, PathBuf};

use scorecard::batch;
use scorecard::diag::{did_you_mean, Problem};
use scorecard::edition::Editions;
use scorecard::error::{count, Error, ErrorKind};
use scorecard::figures::Derivation;
use scorecard::model::{Audience, Dataset, Detail, Format, Pack, Paper, YearMonth};
use scorecard::output;
use scorecard::render::{self, RenderSettings};
use scorecard::send::transport::Courier;
use scorecard::send::{self, distribution, log::SendLog, Event, Stop};
use scorecard::typst_edition::PdfEdition;

use super::{choose_month, load_data};
use crate::args::SendArgs;

/// Where rendered packs and messages are written, as `render` does by default.
const OUT_DIR: &str = "out";

/// Everything decided before any work.
struct Plan {
    dataset: Dataset,
    month: YearMonth,
    dist: distribution::Distribution,
    packs: Vec<Option<Pack>>,
    timestamp: i64,
}

/// One rendered document.
struct Rendered {
    pack: Option<Pack>,
    title: String,
    pdf_path: PathBuf,
    pdf: Vec<u8>,
    pages: usize,
}

pub(super) fn run(args: &SendArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let (plan, mut courier) = plan(args, warnings)?;
    let rendered = render(&plan, warnings)?;
    // A real send locks the log, so that two sends cannot deliver the same copy.
    let log_path = args.data.data.join(send::log::FILE_NAME);
    let opened = match courier {
        Some(_) => SendLog::open_locked(&log_path),
        None => SendLog::open(&log_path),
    };
    let (mut send_log, notes) = opened.map_err(|e| Error::one(ErrorKind::Data, *e))?;
    warnings.extend(notes.into_iter().map(|n| Problem::warning(&log_path, n)));
    let planned = write(&plan, &rendered, &send_log, args.resend)?;
    let pending: usize = planned.iter().map(|m| m.pending(args.resend).count()).sum();
    let Some(courier) = courier.as_deref_mut() else {
        let why = if args.dry_run {
            "dry run"
        } else {
            "SCORECARD_SMTP_URL is not set"
        };
        scorecard::say!(
            "{why}: nothing was sent ({} would receive a message)",
            count(pending, "recipient")
        );
        return Ok(());
    };
    if pending == 0 {
        scorecard::say!(
            "nothing new to send: every recipient already has this PDF (see {}); --resend sends it again",
            send_log.path().display()
        );
        return Ok(());
    }
    let next = NextSteps {
        again: "scorecard send",
        saved_in: Path::new(OUT_DIR),
    };
    deliver(
        &planned,
        args.resend,
        courier,
        &mut send_log,
        pending,
        &next,
    )
}

/// The mail settings, the data, the lists and the packs they need, and the output paths,
/// all checked before anything is rendered, written or sent. The courier is `None` for a
/// dry run (or without `SCORECARD_SMTP_URL`).
fn plan(
    args: &SendArgs,
    warnings: &mut Vec<Problem>,
) -> Result<(Plan, Option<Box<dyn Courier>>), Error> {
    let courier = if args.dry_run {
        None
    } else {
        send::courier_from_env().map_err(|e| Error::one(ErrorKind::Usage, e.problem()))?
    };
    let dataset = load_data(&args.data.data, warnings)?;
    let month = choose_month(&dataset, args.month)?;
    warnings.extend(render::early_data_date(&dataset, month));
    let dist = load_distribution(&args.data.data, &dataset, warnings)?;
    let packs = packs_to_send(&dataset, &dist, &args.packs)?;
    let mut outputs = Vec::new();
    for pack in &packs {
        let pdf = Path::new(OUT_DIR).join(batch::file_name(pack.as_ref(), month, Format::pdf()));
        outputs.push(pdf.with_extension("eml"));
        outputs.push(pdf);
    }
    scorecard::output::refuse_data_inputs(&outputs, &args.data.data)
        .map_err(|e| e.with_summary("nothing was rendered, written or sent"))?;
    let timestamp = args
        .creation_timestamp
        .and_then(|t| t.0)
        .unwrap_or_else(|| render::default_timestamp(&dataset, month));
    let plan = Plan {
        dataset,
        month,
        dist,
        packs,
        timestamp,
    };
    Ok((plan, courier))
}

pub(super) fn load_distribution(
    data: &Path,
    dataset: &Dataset,
    warnings: &mut Vec<Problem>,
) -> Result<distribution::Distribution, Error> {
    let pack_ids: Vec<&str> = dataset.report.packs.iter().map(|p| p.id.as_str()).collect();
    let file = data.join(distribution::FILE_NAME);
    let loaded = distribution::load(data, Some(&dataset.report), &pack_ids);
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        loaded.problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    match loaded.distribution {
        Some(dist) if errors.is_empty() => Ok(dist),
        _ if !loaded.present => Err(Error::one(
            ErrorKind::Data,
            Problem::error(&file, "file not found: nobody to send to").hint(
                "create it with `from`, `subject`, `body` and `lists`; see the README's \"Monthly send\" section",
            ),
        )),
        _ => {
            let summary = format!("{} in {}", count(errors.len(), "error"), file.display());
            Err(Error::new(ErrorKind::Data, errors).with_summary(summary))
        }
    }
}

/// The PDFs, exactly as `scorecard render` makes them with its defaults (and each pack's
/// own paper, detail and standards), kept in memory for the messages.
fn render(plan: &Plan, warnings: &mut Vec<Problem>) -> Result<Vec<Rendered>, Error> {
    let dataset = &plan.dataset;
    let board = Derivation::new(dataset, None);
    let public = plan
        .packs
        .iter()
        .flatten()
        .any(|p| p.audience == Audience::Public)
        .then(|| Derivation::new(dataset, dataset.report.suppression.as_ref()));
    let outcomes = scorecard::parallel::map_in_order(&plan.packs, |pack| {
        let derivation = match (pack, &public) {
            (Some(p), Some(public)) if p.audience == Audience::Public => public,
            _ => &board,
        };
        let settings = render_settings(dataset, plan, pack.as_ref());
        let figures = render::document_figures(derivation, pack.as_ref(), plan.month);
        render::render(dataset, &figures, &settings, &PdfEdition::default())
    });
    let mut rendered = Vec::new();
    for (pack, outcome) in plan.packs.iter().zip(outcomes) {
        let done = outcome
            .map_err(|error| error.with_summary("no PDF was written and nothing was sent"))?;
        warnings.extend(done.warnings);
        rendered.push(Rendered {
            pack: pack.clone(),
            title: pack
                .as_ref()
                .and_then(|p| p.title.clone())
                .unwrap_or_else(|| dataset.report.title.clone()),
            pdf_path: Path::new(OUT_DIR).join(batch::file_name(
                pack.as_ref(),
                plan.month,
                Format::pdf(),
            )),
            pdf: done.bytes,
            pages: done.pages.unwrap_or_default(),
        });
    }
    Ok(rendered)
}

/// The settings of one pack's PDF, exactly as `scorecard render` makes it with its
/// defaults.
fn render_settings(dataset: &Dataset, plan: &Plan, pack: Option<&Pack>) -> RenderSettings {
    let defaults = batch::Shared {
        paper: Paper::A4,
        detail: Detail::None,
        timestamp: Some(plan.timestamp),
        editions: Editions::default(),
    };
    defaults.settings(dataset, plan.month, pack)
}

/// Writes each PDF, builds each list's message and checks its size, then writes the
/// messages as `.eml` and prints what each would do.
fn write(
    plan: &Plan,
    rendered: &[Rendered],
    send_log: &SendLog,
    resend: bool,
) -> Result<Vec<send::Planned>, Error> {
    for document in rendered {
        output::write_atomically(&document.pdf_path, &document.pdf)
            .map_err(|e| e.with_summary("nothing was sent"))?;
        scorecard::say!(
            "wrote {} ({}, {} KB)",
            document.pdf_path.display(),
            count(document.pages, "page"),
            document.pdf.len().div_ceil(1024)
        );
    }
    let names: Vec<String> = rendered
        .iter()
        .map(|d| batch::file_name(d.pack.as_ref(), plan.month, Format::pdf()))
        .collect();
    let documents: Vec<send::Document> = rendered
        .iter()
        .zip(&names)
        .map(|(d, name)| send::Document {
            pack: d.pack.as_ref().map(|p| p.id.as_str()),
            title: &d.title,
            file_name: name,
            pdf: &d.pdf,
            timestamp: plan.timestamp,
        })
        .collect();
    let dist = &plan.dist;
    let planned = send::plan(&plan.dataset, dist, plan.month, &documents, send_log)
        .map_err(|e| Error::one(ErrorKind::Data, Problem::error(&dist.path, e.to_string())))?;
    let too_big: Vec<Problem> = send::oversize(&planned, dist.max_message_bytes)
        .into_iter()
        .map(|o| {
            Problem::error(
                &dist.path,
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
    for message in &planned {
        let eml = Path::new(OUT_DIR).join(format!("{}.eml", message.stem));
        output::write_atomically(&eml, &message.built.bytes)
            .map_err(|e| e.with_summary("nothing was sent"))?;
        scorecard::say!(
            "message {}\n{}",
            eml.display(),
            message.describe(resend, dist.max_message_bytes)
        );
    }
    Ok(planned)
}

/// Delivers every pending copy, reporting each; failures do not stop the rest, and the
/// summary names `again`, the command that retries only those.
pub(super) fn deliver(
    planned: &[send::Planned],
    resend: bool,
    courier: &mut dyn Courier,
    send_log: &mut SendLog,
    pending: usize,
    next: &NextSteps<'_>,
) -> Result<(), Error> {
    let again = next.again;
    let started = std::time::Instant::now();
    let mut failures: Vec<Problem> = Vec::new();
    let log_path = send_log.path().to_path_buf();
    let result = send::deliver(
        planned,
        resend,
        courier,
        send_log,
        &mut |event| match event {
            Event::Delivered(_, r) => {
                scorecard::say!("sent to {} ({})", r.mailbox.email, r.field.name())
            }
            Event::Failed(_, r, e) => failures.push(Problem::general(format!(
                "not delivered to {}: {e}",
                r.mailbox.email
            ))),
            Event::Unconfirmed(m, r, e) => {
                failures.push(unconfirmed(&log_path, next.saved_in, m, r, &e))
            }
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
    scorecard::say!(
        "delivered {} of {pending} in {:.1} s; logged in {}",
        summary.delivered,
        started.elapsed().as_secs_f64(),
        send_log.path().display()
    );
    let missed = summary.failed + summary.not_attempted;
    let unsure = match summary.unconfirmed {
        0 => String::new(),
        n => format!("{n} unconfirmed (not sent again); "),
    };
    if missed > 0 {
        return Err(Error::new(ErrorKind::Mail, failures).with_summary(format!(
            "{unsure}{missed} not delivered; run `{again}` again to retry only those"
        )));
    }
    if summary.unconfirmed > 0 {
        return Err(Error::new(ErrorKind::Mail, failures).with_summary(format!(
            "{} unconfirmed; ask before sending again",
            summary.unconfirmed
        )));
    }
    Ok(())
}

/// What a user is told to do after a send that did not fully succeed.
pub(super) struct NextSteps<'a> {
    /// The command that retries only the copies not delivered.
    pub(super) again: &'a str,
    /// The folder holding each message's `.eml`, to forward by hand.
    pub(super) saved_in: &'a Path,
}

/// A copy the server took whole but never answered for: it may have arrived, so it is
/// logged and never sent again by itself; the user asks, and forwards the saved message
/// if it did not.
fn unconfirmed(
    log: &Path,
    saved_in: &Path,
    message: &send::Planned,
    recipient: &send::Recipient,
    error: &scorecard::send::transport::DeliveryError,
) -> Problem {
    Problem::general(format!(
        "unconfirmed for {}: the server took the whole message but {error}; it has probably arrived, so it is logged in {} as unconfirmed and will not be sent again",
        recipient.mailbox.email,
        log.display()
    ))
    .hint(format!(
        "ask {} whether \"{}\" arrived; if it did not, forward them the saved copy, {}",
        recipient.mailbox.email,
        message.built.subject,
        saved_in.join(format!("{}.eml", message.stem)).display()
    ))
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
