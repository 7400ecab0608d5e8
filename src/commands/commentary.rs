//! `scorecard commentary request|status|chase`: one workbook per owner, the commentary
//! still outstanding, and reminders. Requests and reminders go out through exactly what
//! `send` uses (settings, courier, log, `.eml` dry run); the log keeps each owner to one
//! request per month and one reminder per day, however often the command runs.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;
use scorecard::commentary::{self, status, workbook, OwnerSheet};
use scorecard::diag::{did_you_mean, Problem};
use scorecard::error::{count, Error, ErrorKind};
use scorecard::model::{Dataset, YearMonth};
use scorecard::output;
use scorecard::send::distribution::{Distribution, Field, RecipientList};
use scorecard::send::log::{self as send_log, SendLog};
use scorecard::send::message::{self, MessageParts};
use scorecard::send::owners::{CommentarySettings, Owner};
use scorecard::send::template::Values;
use scorecard::send::{self, Planned, Recipient};

use super::{choose_month, load_data};
use crate::args::{CommentaryCommand, DataArgs, StatusFormat};

/// The send log's `pack` for a request (one per owner and month).
const REQUEST: &str = "commentary-request";
/// The send log's `pack` for a reminder (one per owner and day).
const CHASE: &str = "commentary-chase";

pub(super) fn run(command: &CommentaryCommand, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    match command {
        CommentaryCommand::Request(args) => {
            let setup = setup(&args.at.data, args.at.month, warnings)?;
            let owners = chosen(&setup.dist.owners, &args.owners)?;
            let sheets = make_sheets(&setup, &owners)?;
            let written = write_workbooks(&setup, &sheets, &args.out_dir)?;
            if args.send {
                mail(&setup, &written, REQUEST, warnings)?;
            }
            Ok(())
        }
        CommentaryCommand::Status(args) => {
            let setup = setup(&args.at.data, args.at.month, warnings)?;
            let lines = status::status(&setup.dataset, setup.month, &setup.dist.owners);
            match args.format {
                StatusFormat::Csv => {
                    scorecard::say!("{}", status::CSV_HEADER);
                    lines
                        .iter()
                        .for_each(|s| scorecard::say!("{}", status::csv_line(s)));
                }
                StatusFormat::Text => {
                    scorecard::say!("commentary for {}:", setup.month);
                    lines
                        .iter()
                        .for_each(|s| scorecard::say!("{}", status::text_line(s)));
                }
            }
            Ok(())
        }
        CommentaryCommand::Chase(args) => {
            let setup = setup(&args.at.data, args.at.month, warnings)?;
            let outstanding: Vec<String> =
                status::status(&setup.dataset, setup.month, &setup.dist.owners)
                    .into_iter()
                    .filter(|s| !s.outstanding.is_empty())
                    .filter_map(|s| s.owner)
                    .collect();
            let owners: Vec<Owner> = chosen(&setup.dist.owners, &args.owners)?
                .into_iter()
                .filter(|o| outstanding.contains(&o.id))
                .collect();
            if owners.is_empty() {
                scorecard::say!(
                    "nobody to chase: every owner's commentary for {} is in",
                    setup.month
                );
                return Ok(());
            }
            if !args.send {
                for owner in &owners {
                    scorecard::say!("would chase {} ({})", owner.id, owner.name);
                }
                scorecard::say!(
                    "run again with --send to email them a reminder and a fresh workbook"
                );
                return Ok(());
            }
            let sheets = make_sheets(&setup, &owners)?;
            let written = write_workbooks(&setup, &sheets, &args.out_dir)?;
            mail(&setup, &written, CHASE, warnings)
        }
    }
}

/// What every subcommand needs: the data, the month and distribution.yaml with owners.
struct Setup {
    dataset: Dataset,
    month: YearMonth,
    dist: Distribution,
    data: PathBuf,
    timestamp: i64,
}

fn setup(
    data: &DataArgs,
    month: Option<YearMonth>,
    warnings: &mut Vec<Problem>,
) -> Result<Setup, Error> {
    let dataset = load_data(&data.data, warnings)?;
    let month = choose_month(&dataset, month)?;
    let dist = super::send::load_distribution(&data.data, &dataset, warnings)?;
    let problems = commentary::owners_problems(&dataset, Some(&dist));
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    if !errors.is_empty() {
        let summary = format!(
            "{} in {}",
            count(errors.len(), "error"),
            data.data.display()
        );
        return Err(Error::new(ErrorKind::Data, errors).with_summary(summary));
    }
    if dist.owners.is_empty() {
        return Err(Error::one(
            ErrorKind::Data,
            Problem::error(&dist.path, "there are no owners, so nobody to ask for commentary")
                .field("owners")
                .hint("add `owners:` with `- id: mash-lead`, `name:` and `email:`, and `owner: mash-lead` on sections or indicators in indicators.yaml"),
        ));
    }
    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| scorecard::render::default_timestamp(&dataset, month));
    Ok(Setup {
        dataset,
        month,
        dist,
        data: data.data.clone(),
        timestamp,
    })
}

/// The owners named with --owner (each must be listed), or all of them.
fn chosen(owners: &[Owner], asked: &[String]) -> Result<Vec<Owner>, Error> {
    if asked.is_empty() {
        return Ok(owners.to_vec());
    }
    let mut out = Vec::new();
    for id in asked {
        match owners.iter().find(|o| &o.id == id) {
            Some(o) => out.push(o.clone()),
            None => {
                let hint =
                    did_you_mean(id, owners.iter().map(|o| o.id.as_str())).unwrap_or_else(|| {
                        "the owners are listed under `owners:` in distribution.yaml".into()
                    });
                return Err(Error::usage(format!("there is no owner `{id}`"), &hint));
            }
        }
    }
    Ok(out)
}

fn make_sheets(setup: &Setup, owners: &[Owner]) -> Result<Vec<OwnerSheet>, Error> {
    commentary::sheets(
        &setup.dataset,
        setup.month,
        owners,
        setup.dist.commentary.due_day,
    )
    .map_err(|e| {
        let problem = Problem::error(setup.dataset.root.join("indicators.yaml"), e.to_string())
            .field(e.indicator.clone())
            .hint("check the indicator's values: every figure must be a finite number");
        Error::one(ErrorKind::Template, problem)
    })
}

/// A written workbook and who it is for.
struct Written {
    sheet: OwnerSheet,
    path: PathBuf,
    bytes: Vec<u8>,
}

/// Every output checked against the data folder first, then each workbook written.
fn write_workbooks(
    setup: &Setup,
    sheets: &[OwnerSheet],
    out_dir: &Path,
) -> Result<Vec<Written>, Error> {
    let paths: Vec<PathBuf> = sheets
        .iter()
        .map(|s| out_dir.join(commentary::file_name(setup.month, &s.owner.id)))
        .collect();
    let mut outputs = paths.clone();
    outputs.extend(paths.iter().map(|p| p.with_extension("eml")));
    guard_outputs(&setup.dataset, out_dir, &outputs)?;
    let mut written = Vec::new();
    for (sheet, path) in sheets.iter().zip(paths) {
        let bytes = workbook::write(sheet, setup.timestamp).map_err(|e| {
            Error::one(
                ErrorKind::Output,
                Problem::error(&path, format!("the workbook cannot be made: {e}")),
            )
        })?;
        output::write_atomically(&path, &bytes)?;
        scorecard::say!(
            "wrote {} ({}, {})",
            path.display(),
            sheet.owner.name,
            count(sheet.rows.len(), "indicator")
        );
        written.push(Written {
            sheet: sheet.clone(),
            path,
            bytes,
        });
    }
    Ok(written)
}

/// The one place outputs are checked against the data folder (the output guard).
fn guard_outputs(dataset: &Dataset, out_dir: &Path, outputs: &[PathBuf]) -> Result<(), Error> {
    output::check_output_folder(out_dir, &dataset.root)?;
    output::refuse_data_inputs(outputs, &dataset.root)
}

/// Emails each workbook to its owner (those with an address) through send's courier and
/// log; `kind` is [`REQUEST`] or [`CHASE`]. Without mail settings, a dry run: the `.eml`
/// beside each workbook and nothing sent.
fn mail(
    setup: &Setup,
    written: &[Written],
    kind: &str,
    warnings: &mut Vec<Problem>,
) -> Result<(), Error> {
    let mut courier =
        send::courier_from_env().map_err(|e| Error::one(ErrorKind::Usage, e.problem()))?;
    let log_path = setup.data.join(send_log::FILE_NAME);
    let opened = match courier {
        Some(_) => SendLog::open_locked(&log_path),
        None => SendLog::open(&log_path),
    };
    let (mut log, notes) = opened.map_err(|e| Error::one(ErrorKind::Data, *e))?;
    warnings.extend(notes.into_iter().map(|n| Problem::warning(&log_path, n)));
    let today = send_log::now_utc().chars().take(10).collect::<String>();
    let mut planned = Vec::new();
    for w in written {
        let Some(mailbox) = &w.sheet.owner.email else {
            scorecard::say!(
                "{}: no email address in distribution.yaml; the workbook is only written",
                w.sheet.owner.id
            );
            continue;
        };
        let key = format!("{kind}:{}", w.sheet.owner.id);
        let already = log.records().iter().any(|r| {
            r.month == setup.month.to_string()
                && r.pack.as_deref() == Some(key.as_str())
                && r.recipient.eq_ignore_ascii_case(mailbox.email.as_ref())
                && (kind == REQUEST || r.sent_at.starts_with(&today))
        });
        let message = build(setup, w, mailbox, &key)?;
        let eml = w.path.with_extension("eml");
        output::write_atomically(&eml, &message.built.bytes)?;
        let note = if already { " (already sent)" } else { "" };
        scorecard::say!("wrote {}: to {mailbox}{note}", eml.display());
        let mut message = message;
        message.recipients[0].already_sent = already;
        planned.push(message);
    }
    let pending: usize = planned.iter().map(|m| m.pending(false).count()).sum();
    let Some(courier) = courier.as_deref_mut() else {
        scorecard::say!(
            "SCORECARD_SMTP_URL is not set: nothing was sent ({} would receive a message)",
            count(pending, "owner")
        );
        return Ok(());
    };
    if pending == 0 {
        let what = if kind == REQUEST {
            "this month's request"
        } else {
            "today's reminder"
        };
        scorecard::say!(
            "nothing new to send: every owner already has {what} (see {})",
            log.path().display()
        );
        return Ok(());
    }
    let again = if kind == REQUEST {
        "scorecard commentary request --send"
    } else {
        "scorecard commentary chase --send"
    };
    let saved_in = written
        .first()
        .and_then(|w| w.path.parent())
        .unwrap_or(Path::new("out"));
    let next = super::send::NextSteps { again, saved_in };
    super::send::deliver(&planned, false, courier, &mut log, pending, &next)
}

/// The message carrying one owner's workbook.
fn build(setup: &Setup, w: &Written, mailbox: &Mailbox, key: &str) -> Result<Planned, Error> {
    let dist = &setup.dist;
    let report = &setup.dataset.report;
    let month_name = scorecard::view::words::ENGLISH.long(setup.month);
    let values = Values {
        organisation: &report.organisation,
        title: &report.title,
        month: &month_name,
        pack: &report.title,
    };
    let expand = |template: &str| {
        CommentarySettings::expand(template, &values, &w.sheet.owner.name, &w.sheet.due).map_err(
            |e| {
                Error::usage(
                    format!("distribution.yaml's commentary: {e}"),
                    "fix the placeholder",
                )
            },
        )
    };
    let subject = expand(&dist.commentary.subject)?;
    let body = expand(&dist.commentary.body)?;
    let list = RecipientList {
        pack: Some(key.to_string()),
        to: vec![mailbox.clone()],
        cc: Vec::new(),
        bcc: Vec::new(),
    };
    let name = commentary::file_name(setup.month, &w.sheet.owner.id);
    let sha = message::sha256_hex(&w.bytes);
    let month = setup.month.to_string();
    let built = message::build(&MessageParts {
        from: &dist.from,
        reply_to: dist.reply_to.as_ref(),
        list: &list,
        subject: &subject,
        body: &body,
        month: &month,
        pdf_name: &name,
        pdf: &w.bytes,
        pdf_sha256: &sha,
        revised: false,
        date: setup.timestamp,
    })
    .map_err(|e| Error::one(ErrorKind::Data, Problem::error(&dist.path, e.to_string())))?;
    Ok(Planned {
        pack: Some(key.to_string()),
        month: setup.month,
        stem: name.trim_end_matches(".xlsx").to_string(),
        pdf_sha256: sha,
        revised: false,
        built,
        from: dist.from.clone(),
        recipients: vec![Recipient {
            field: Field::To,
            mailbox: mailbox.clone(),
            already_sent: false,
        }],
    })
}
