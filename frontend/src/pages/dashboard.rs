//! Cijfers: how the firm is doing, without seeing who complained. Received per period (bars),
//! the share of promises kept per clock (lines), category shares, and the tables behind them;
//! counts of 1 to 4 are shown as "< 5" except to directors, who may ask for that form too.
//! Directors download the annual report. The charts are SVG drawn here; the page prints.

use super::letters::save_pdf;
use crate::api::{self, ApiError, statistics as q};
use crate::components::{error_box, error_slot, loading};
use crate::i18n::{I18n, T};
use crate::js::{Js, decimal};
use crate::model::{Capability, Category, Channel, DeclineGround, Granularity};
use crate::session::Session;
use leptos::prelude::*;

/// The charts' drawing area, in SVG units.
const WIDTH: i64 = 640;
const HEIGHT: i64 = 280;

fn this_year() -> i32 {
    i32::try_from(js_sys::Date::new_0().get_full_year()).unwrap_or(0)
}

/// A share as text: "83,3 %", or "–" when there is too little to say.
fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{} %", decimal(v)))
}

/// A count's value, unless withheld.
fn value(count: &Js) -> Option<i64> {
    count.int("value")
}

/// The label of a breakdown key, whichever enum it belongs to.
fn key_label(code: &str) -> T {
    Category::from_code(code)
        .map(Category::label)
        .or_else(|| Channel::from_code(code).map(Channel::label))
        .or_else(|| DeclineGround::from_code(code).map(DeclineGround::label))
        .unwrap_or(T::UnknownValue)
}

/// Bars of received complaints per period; a withheld count is drawn as an outlined bar.
fn bars(periods: &[Js]) -> impl IntoView {
    let name = I18n::get().tr(T::ChartReceived);
    let counts: Vec<Option<i64>> = periods
        .iter()
        .map(|p| value(&p.get("figures").get("received")))
        .collect();
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(5);
    let n = i64::try_from(periods.len()).unwrap_or(1).max(1);
    let step = WIDTH / n;
    // Labels are drawn at a size a phone can read; with many periods, only every so many.
    let widest = periods
        .iter()
        .map(|p| p.str("label").rsplit('-').next().map_or(0, str::len))
        .max()
        .unwrap_or(0);
    let every = label_every(n, widest);
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {}", HEIGHT + 34) role="img" id="chart-received" aria-label=name>
            {periods.iter().zip(counts).enumerate().map(|(i, (p, count))| {
                let height = count.unwrap_or(4) * HEIGHT / max;
                let x = i64::try_from(i).unwrap_or(0) * step + step / 7;
                let class = if count.is_none() { "bar suppressed" } else { "bar" };
                let label = p.str("label");
                let tip = format!("{label}: {}", p.get("figures").get("received").str("display"));
                let short = label.rsplit('-').next().unwrap_or_default().to_owned();
                view! {
                    <g>
                        <rect class=class x=x y=HEIGHT - height width=step * 5 / 7 height=height.max(1)>
                            <title>{tip}</title>
                        </rect>
                        {(i64::try_from(i).unwrap_or(0) % every == 0).then(|| view! {
                            <text class="period" x=x + step * 5 / 14 y=HEIGHT + 26 text-anchor="middle">{short}</text>
                        })}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// The size of the charts' text, in SVG units: a phone draws the charts at about half size,
/// so this is 12 px there (and `style.css` says the same).
const TEXT_UNITS: i64 = 24;

/// Label one period in `every` of `n` so that labels of `chars` characters do not overlap.
fn label_every(n: i64, chars: usize) -> i64 {
    // A digit is about 0.6 of the text size wide; keep half the size between labels.
    let width = i64::try_from(chars).unwrap_or(4) * TEXT_UNITS * 3 / 5 + TEXT_UNITS / 2;
    ((n * width + WIDTH - 1) / WIDTH).max(1)
}

/// Where a share stands on the on-time chart: 100 % at the top, 0 % at the bottom, with room
/// for a dot at either end.
const fn share_y(share: i64) -> i64 {
    // Room above the 100 % line for its label, drawn at the charts' text size.
    const PAD: i64 = TEXT_UNITS * 2 / 3;
    PAD + (100 - share) * (HEIGHT - 2 * PAD) / 100
}

/// Left of the on-time chart: room for its percentages.
const AXIS: i64 = 84;

/// Lines of the share kept per clock over the periods, with a dot on each period that has a
/// share (one period alone is a dot, not an invisible line); gaps where there is too little,
/// and a sentence instead of an empty frame when no period has a share yet.
fn lines(periods: &[Js]) -> impl IntoView {
    let i18n = I18n::get();
    let name = i18n.tr(T::ChartOnTime);
    let n = i64::try_from(periods.len()).unwrap_or(1).max(1);
    let step = (WIDTH - AXIS) / n;
    let series = [
        (T::ClockAcknowledgement, "acknowledgement", "ack"),
        (T::ClockFirstContact, "firstContact", "contact"),
        (T::ClockResolution, "resolution", "resolution"),
    ];
    let drawn: Vec<_> = series
        .into_iter()
        .map(|(label, key, class)| {
            let dots: Vec<(i64, i64, String)> = periods
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let share = p.get("figures").get(key).int("share")?;
                    let x = AXIS + i64::try_from(i).ok()? * step + step / 2;
                    Some((x, share_y(share), format!("{}: {share} %", p.str("label"))))
                })
                .collect();
            (label, class, dots)
        })
        .collect();
    let empty = drawn.iter().all(|(_, _, dots)| dots.is_empty());
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" id="chart-on-time" aria-label=name>
            {[100, 50, 0].into_iter().map(|share| view! {
                <line class="axis" x1=AXIS x2=WIDTH y1=share_y(share) y2=share_y(share)/>
                <text class="tick" x=AXIS - 6 y=share_y(share) + 4 text-anchor="end">{format!("{share} %")}</text>
            }).collect_view()}
            {empty.then(|| view! {
                <text class="empty" x=(WIDTH + AXIS) / 2 y=HEIGHT / 2 text-anchor="middle">{i18n.tr(T::ChartOnTimeEmpty)}</text>
            })}
            {drawn.into_iter().map(|(label, class, dots)| {
                let points: String = dots.iter().map(|(x, y, _)| format!("{x},{y} ")).collect();
                view! {
                    <g>
                        <polyline class=format!("line {class}") points=points>
                            <title>{i18n.tr(label)}</title>
                        </polyline>
                        {dots.into_iter().map(|(x, y, tip)| view! {
                            <circle class=format!("dot {class}") cx=x cy=y r="5"><title>{tip}</title></circle>
                        }).collect_view()}
                    </g>
                }
            }).collect_view()}
        </svg>
        <p class="legend">
            {series.into_iter().map(|(label, _, class)| view! {
                <span class=format!("key {class}")>{i18n.tr(label)}</span>
            }).collect_view()}
        </p>
    }
}

/// Horizontal bars of a breakdown, with its counts as shown. A bar is an SVG rectangle whose
/// width is an attribute: the Content-Security-Policy drops inline `style` widths.
fn shares(id: &'static str, rows: Vec<Js>, key: &'static str) -> impl IntoView {
    let i18n = I18n::get();
    let total: i64 = rows
        .iter()
        .filter_map(|r| value(&r.get("count")))
        .sum::<i64>()
        .max(1);
    view! {
        <ul class="shares" id=id>
            {rows.into_iter().map(|row| {
                let count = row.get("count");
                let width = value(&count).unwrap_or(0) * 100 / total;
                view! {
                    <li>
                        <span class="name">{i18n.tr(key_label(&row.str(key)))}</span>
                        <svg class="track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect class="fill" width=width height="10"/>
                        </svg>
                        <span class="count">{count.str("display")}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The dashboard.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let director = session
        .user()
        .is_some_and(|u| u.may(Capability::EXACT_FIGURES));
    let year = RwSignal::new(this_year().to_string());
    let granularity = RwSignal::new(Granularity::Month.code().to_owned());
    let anonymised = RwSignal::new(false);
    let version = RwSignal::new(String::new());
    let versions = api::load_as::<api::ProcedureVersions, Js>(session, || {
        Some(api::procedure_versions::Variables)
    });
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let stats = api::load_as::<api::Statistics, Js>(session, move || {
        let y = year.get();
        Some(q::Variables {
            from: format!("{y}-01-01"),
            to: format!("{y}-12-31"),
            granularity: Granularity::from_code(&granularity.get()).unwrap_or(Granularity::Month),
            anonymised: Some(anonymised.get()),
            procedure_version: Some(version.get()).filter(|v| !v.is_empty()),
        })
    });
    let report = move |_| {
        error.set(None);
        let y: i64 = year.get_untracked().parse().unwrap_or(0);
        leptos::task::spawn_local(async move {
            match api::call::<api::AnnualReport>(session, api::annual_report::Variables { year: y })
                .await
            {
                Ok(d) => {
                    let _ = save_pdf(
                        &format!("jaarverslag-klachten-{y}.pdf"),
                        &d.annual_report_pdf,
                    );
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let now = this_year();
    view! {
        <section id="dashboard">
            <h1>{i18n.tr(T::NavDashboard)}</h1>
            <div class="filters no-print">
                <label for="stats-year">{i18n.tr(T::Year)}</label>
                <select id="stats-year" bind:value=year>
                    {(0..5).map(|i| (now - i).to_string()).map(|y| view! { <option value=y.clone()>{y.clone()}</option> }).collect_view()}
                </select>
                <label for="stats-granularity">{i18n.tr(T::PeriodLabel)}</label>
                <select id="stats-granularity" bind:value=granularity>
                    {Granularity::ALL.iter().map(|g| view! { <option value=g.code()>{i18n.tr(g.label())}</option> }).collect_view()}
                </select>
                <label for="stats-version">{i18n.tr(T::ProcedureTitle)}</label>
                <select id="stats-version" bind:value=version>
                    <option value="">{i18n.tr(T::All)}</option>
                    {move || versions.js().and_then(Result::ok).map(|d| d.list("procedureVersions")).unwrap_or_default()
                        .into_iter()
                        .map(|v| view! { <option value=v.str("label")>{v.str("label")}</option> })
                        .collect_view()}
                </select>
                {director.then(|| view! {
                    <label class="choice" for="stats-anonymised">
                        <input id="stats-anonymised" type="checkbox" bind:checked=anonymised/>
                        {i18n.tr(T::ShowAnonymised)}
                    </label>
                })}
                <button type="button" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>{i18n.tr(T::Print)}</button>
                {director.then(|| view! {
                    <button type="button" id="annual-report" on:click=report>{i18n.tr(T::AnnualReport)}</button>
                })}
            </div>
            {error_slot(error)}
            {move || match stats.js() {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(data)) => {
                    let s = data.get("statistics");
                    let t = s.get("total");
                    let anonymised = s.flag("anonymised");
                    let shown = |key: &str| t.get(key).str("display");
                    let tiles = [
                        (T::StatReceived, shown("received")),
                        (T::StatusResolved, shown("resolved")),
                        (T::StatusDeclined, shown("declined")),
                        (T::StatusWithdrawn, shown("withdrawn")),
                        (T::StatOpen, shown("open")),
                        (T::StatOpenMeasures, format!(
                            "{} ({} {})",
                            s.int("openMeasures").unwrap_or(0),
                            s.int("lateMeasures").unwrap_or(0),
                            i18n.t(T::ClockLate)
                        )),
                    ];
                    let clocks = [
                        (T::ClockAcknowledgement, t.get("acknowledgement")),
                        (T::ClockFirstContact, t.get("firstContact")),
                        (T::ClockResolution, t.get("resolution")),
                        (T::ClockPrivacy, t.get("privacyResolution")),
                    ];
                    let periods = s.list("periods");
                    let handling = t.get("handlingTime");
                    view! {
                        <p class="hint" data-anonymised=anonymised.to_string()>
                            {i18n.tr(if anonymised { T::StatsAnonymised } else { T::StatsExact })}
                        </p>
                        <ul class="tiles" id="tiles">
                            {tiles.into_iter().map(|(label, value)| view! {
                                <li><span class="count">{value}</span>" "{i18n.tr(label)}</li>
                            }).collect_view()}
                        </ul>
                        <div class="charts">
                            <figure>
                                <figcaption>{i18n.tr(T::ChartReceived)}</figcaption>
                                {bars(&periods)}
                            </figure>
                            <figure>
                                <figcaption>{i18n.tr(T::ChartOnTime)}</figcaption>
                                {lines(&periods)}
                            </figure>
                            <figure>
                                <figcaption>{i18n.tr(T::Category)}</figcaption>
                                {shares("chart-categories", t.list("byCategory"), "category")}
                            </figure>
                            <figure>
                                <figcaption>{i18n.tr(T::Channel)}</figcaption>
                                {shares("chart-channels", t.list("byChannel"), "channel")}
                            </figure>
                        </div>
                        <div class="scroll" tabindex="0" role="region" aria-label=i18n.tr(T::ChartOnTime)>
                            <table id="on-time">
                                <thead><tr>
                                    <th scope="col">{i18n.tr(T::Clock)}</th>
                                    <th scope="col">{i18n.tr(T::ClockMet)}</th>
                                    <th scope="col">{i18n.tr(T::ClockLate)}</th>
                                    <th scope="col">{i18n.tr(T::OnTimeShare)}</th>
                                </tr></thead>
                                <tbody>
                                    {clocks.into_iter().map(|(label, o)| view! {
                                        <tr>
                                            <th scope="row">{i18n.tr(label)}</th>
                                            <td>{o.get("met").str("display")}</td>
                                            <td>{o.get("late").str("display")}</td>
                                            <td>{share(o.num("share"))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p id="handling-time">
                            {i18n.tr(T::HandlingTime)} ": "
                            {match (handling.num("median"), handling.int("p90")) {
                                (Some(m), Some(p)) => format!(
                                    "{} / {p} ({})",
                                    decimal(m),
                                    handling.get("closed").str("display")
                                ),
                                _ => "–".to_owned(),
                            }}
                        </p>
                        <h2>{i18n.tr(T::DeclinedByGround)}</h2>
                        <ul class="plain">
                            {t.list("declinedByGround").into_iter().map(|g| view! {
                                <li>{i18n.tr(key_label(&g.str("ground")))} ": " {g.get("count").str("display")}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
