//! Statistics from the database, and the annual report. Rule: the figures come from
//! `klachten_core::statistics` over the anonymised facts of each complaint; this module only
//! loads them, and the report applies the small-count rule whoever reads it.

use crate::db::Rules;
use crate::db::complaints as store;
use crate::db::measures;
use crate::db::users;
use crate::dutch;
use crate::letters::pdf::Block;
use chrono::{Datelike, NaiveDate};
use klachten_core::ids::{ComplaintId, MeasureId};
use klachten_core::measures::MeasureStatus;
use klachten_core::policy::ClockOutcomes;
use klachten_core::redaction::{RedactionContext, redact};
use klachten_core::statistics::{self as core, Case, Figures, Granularity, OnTime, Period, Report};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

/// The statistics' view of every complaint received in `[from, until)`.
pub async fn cases(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Case>, DbErr> {
    let received = store::received_in(db, from, until).await?;
    let rules = Rules::load(db).await?;
    let mut out = Vec::with_capacity(received.len());
    for stored in received {
        let deadlines = rules.deadlines_of(&stored, &stored.complaint, today)?;
        let mut case = core::case_of(
            &stored.complaint,
            ClockOutcomes::of(&deadlines),
            rules.calendar_of(&stored)?,
        );
        case.procedure_label = rules
            .procedures
            .get(&stored.procedure_version_id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        out.push(case);
    }
    Ok(out)
}

/// The report for `periods`, optionally for one procedure version.
pub async fn report(
    db: &impl ConnectionTrait,
    periods: Vec<Period>,
    procedure_label: Option<&str>,
    anonymised: bool,
    today: NaiveDate,
) -> Result<Report, DbErr> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok(core::report(&[], periods, procedure_label, anonymised));
    };
    let cases = cases(db, first.start, last.end, today).await?;
    Ok(core::report(&cases, periods, procedure_label, anonymised))
}

/// Open and late measures and proposals today.
pub async fn open_measures(
    db: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<(u32, u32), DbErr> {
    let open = [
        MeasureStatus::Proposed,
        MeasureStatus::Agreed,
        MeasureStatus::InProgress,
    ];
    let rows = measures::with_status(db, &open).await?;
    let late = rows.iter().filter(|m| m.measure.due_on < today).count();
    Ok((
        u32::try_from(rows.len()).unwrap_or(u32::MAX),
        u32::try_from(late).unwrap_or(u32::MAX),
    ))
}

/// The measures finished (done) in `[from, until)`, descriptions redacted.
async fn done_measures(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<String>, DbErr> {
    let ids: Vec<MeasureId> = measures::moves_to(db, MeasureStatus::Done)
        .await?
        .into_iter()
        .filter(|(_, at)| {
            let on = klachten_core::time::amsterdam_date(*at);
            from <= on && on < until
        })
        .map(|(id, _)| id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = measures::find_many(db, &ids).await?;
    let staff_names = users::names(db).await?;
    let complaint_ids: Vec<ComplaintId> = rows.iter().filter_map(|r| r.complaint_id).collect();
    let hydrated = store::load_many(db, &complaint_ids).await?;
    let contexts: HashMap<ComplaintId, (String, RedactionContext)> = hydrated
        .iter()
        .map(|s| {
            (
                s.complaint.id,
                (
                    s.complaint.reference.to_string(),
                    RedactionContext::for_complaint(&s.complaint, &staff_names),
                ),
            )
        })
        .collect();
    let staff = RedactionContext::for_staff(&staff_names);
    // The report is read anonymised: a description nobody reviewed is not printed.
    let mut out: Vec<(String, String)> = rows
        .iter()
        .map(|m| {
            let found = m.complaint_id.and_then(|c| contexts.get(&c));
            let context = found.map_or(&staff, |(_, c)| c);
            let source = found.map_or("los voorstel", |(r, _)| r.as_str());
            let text = if m.description_reviewed {
                redact(
                    &m.measure
                        .description
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    context,
                )
            } else {
                "(beschrijving nog niet nagelezen)".to_owned()
            };
            (source.to_owned(), text)
        })
        .collect();
    out.sort();
    Ok(out
        .into_iter()
        .map(|(source, text)| format!("{text} ({source})"))
        .collect())
}

fn on_time_text(o: &OnTime) -> String {
    o.share.map_or_else(
        || "te weinig gegevens".to_owned(),
        |s| {
            format!(
                "{s:.1} % op tijd (op tijd {}, te laat {})",
                o.met.display(),
                o.late.display()
            )
        },
    )
}

fn figure_lines(f: &Figures) -> Vec<String> {
    let handling = match (f.handling_time.median, f.handling_time.p90) {
        (Some(median), Some(p90)) => format!(
            "mediaan {median:.1} werkdagen, 90 % binnen {p90} werkdagen (over {} gesloten klachten)",
            f.handling_time.closed.display()
        ),
        _ => "te weinig gesloten klachten".to_owned(),
    };
    vec![
        format!(
            "Ontvangen: {} · afgehandeld: {} · niet in behandeling: {} · ingetrokken: {} · nog open: {}",
            f.received.display(),
            f.resolved.display(),
            f.declined.display(),
            f.withdrawn.display(),
            f.open.display()
        ),
        format!(
            "Ontvangstbevestiging binnen 5 werkdagen: {}",
            on_time_text(&f.acknowledgement)
        ),
        format!(
            "Contact binnen 7 werkdagen: {}",
            on_time_text(&f.first_contact)
        ),
        format!(
            "Afhandeling binnen 30 werkdagen: {}",
            on_time_text(&f.resolution)
        ),
        format!(
            "Privacyklachten binnen een maand: {}",
            on_time_text(&f.privacy_resolution)
        ),
        format!("Doorlooptijd: {handling}"),
    ]
}

/// The annual report for `year` as PDF: the figures against the year before, per quarter and
/// per month, the breakdowns, and the measures taken. Cells under 5 are always suppressed: the
/// report goes to quality auditors too.
pub async fn annual_report(
    db: &impl ConnectionTrait,
    year: i32,
    firm: &str,
    today: NaiveDate,
) -> Result<Vec<u8>, DbErr> {
    let start = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| DbErr::Custom("year out of range".into()))?;
    let end = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| DbErr::Custom("year out of range".into()))?;
    let previous_start = NaiveDate::from_ymd_opt(year - 1, 1, 1)
        .ok_or_else(|| DbErr::Custom("year out of range".into()))?;
    let all = cases(db, previous_start, end.succ_opt().unwrap_or(end), today).await?;
    let periods = |g, from, to| core::periods(from, to, g).unwrap_or_default();
    let this_year = core::report(&all, periods(Granularity::Year, start, end), None, true);
    let last_year = core::report(
        &all,
        periods(
            Granularity::Year,
            previous_start,
            start.pred_opt().unwrap_or(start),
        ),
        None,
        true,
    );
    let quarters = core::report(&all, periods(Granularity::Quarter, start, end), None, true);
    let months = core::report(&all, periods(Granularity::Month, start, end), None, true);
    let (open, late) = open_measures(db, today).await?;
    let done = done_measures(db, start, end.succ_opt().unwrap_or(end)).await?;

    let mut blocks = vec![
        Block::Heading(format!("Jaarverslag klachten {year} — {firm}")),
        Block::Paragraph(format!(
            "Opgesteld op {}. Geanonimiseerd: aantallen van 1 tot en met 4 klachten staan er als \
             \"< 5\", zodat niemand herkenbaar is. Klachten tellen mee in de periode waarin zij \
             zijn ontvangen; termijnen volgen de klachtenregeling.",
            dutch::date(today)
        )),
        Block::Heading(format!("Kerncijfers {year}")),
        Block::Lines(figure_lines(&this_year.total)),
        Block::Heading(format!("Ter vergelijking: {}", year - 1)),
        Block::Lines(figure_lines(&last_year.total)),
        Block::Heading("Per kwartaal".to_owned()),
    ];
    blocks.push(Block::Lines(
        quarters
            .periods
            .iter()
            .map(|(p, f)| {
                format!(
                    "{}: ontvangen {}, afgehandeld {}, afhandeling op tijd: {}",
                    p.label,
                    f.received.display(),
                    f.resolved.display(),
                    f.resolution
                        .share
                        .map_or_else(|| "te weinig gegevens".to_owned(), |s| format!("{s:.1} %"))
                )
            })
            .collect(),
    ));
    blocks.push(Block::Heading("Ontvangen per maand".to_owned()));
    blocks.push(Block::Lines(
        months
            .periods
            .iter()
            .map(|(p, f)| {
                format!(
                    "{}: {}",
                    dutch::capital(&dutch::month(&p.label)),
                    f.received.display()
                )
            })
            .collect(),
    ));
    let t = &this_year.total;
    blocks.push(Block::Heading("Per categorie en kanaal".to_owned()));
    let mut lines: Vec<String> = t
        .by_category
        .iter()
        .map(|(c, n)| format!("Categorie {}: {}", dutch::category(*c), n.display()))
        .collect();
    lines.extend(
        t.by_channel
            .iter()
            .map(|(c, n)| format!("Kanaal {}: {}", dutch::channel(*c), n.display())),
    );
    lines.extend(t.declined_by_ground.iter().map(|(g, n)| {
        format!(
            "Niet in behandeling, {}: {}",
            dutch::ground(*g),
            n.display()
        )
    }));
    blocks.push(Block::Lines(lines));
    blocks.push(Block::Heading("Maatregelen".to_owned()));
    blocks.push(Block::Paragraph(format!(
        "Gereed in {year}: {}. Nu nog open: {open}, waarvan {late} over de streefdatum.",
        done.len()
    )));
    blocks.extend(done.into_iter().map(|d| Block::Paragraph(format!("• {d}"))));
    if start.year() == today.year() {
        blocks.push(Block::Paragraph(
            "Het jaar loopt nog: de cijfers zijn voorlopig.".to_owned(),
        ));
    }
    Ok(crate::letters::pdf::render(
        &format!("Jaarverslag klachten {year}"),
        &blocks,
        today.and_time(chrono::NaiveTime::MIN).and_utc(),
    )?)
}
