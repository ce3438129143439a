//! Statistics: counts, on-time shares and handling times per period, with the small-count rule
//! ("< 5") in anonymised views, unchanged by the retention purge; the annual report.

use super::purge::resolved_complaint;
use super::{register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, error_code, pdf_text};
use serde_json::{Value, json};

const FIGURES: &str = "query($a: Boolean) { statistics(from: \"2026-11-01\", to: \"2026-11-30\", granularity: MONTH, anonymised: $a) { anonymised periods { label start end figures { received { value display suppressed } } } total { received { value display } byChannel { channel count { value display } } resolved { value display } withdrawn { display } open { display } acknowledgement { met { display } late { display } share } resolution { share } handlingTime { closed { display } median p90 } } openMeasures lateMeasures } }";

fn email_count(body: &Value) -> Value {
    body["data"]["statistics"]["total"]["byChannel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "EMAIL")
        .unwrap()["count"]
        .clone()
}

/// The small-count rule at its edge: four e-mail complaints are "< 5", the fifth shows 5; a
/// director sees the exact count unless asking for the anonymised form.
#[tokio::test]
async fn staff_see_four_as_fewer_than_five_and_five_as_five() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    for _ in 0..4 {
        register(&app, &staff, json!({"channel": "EMAIL"})).await;
    }
    let four = app.as_user(&staff, FIGURES, json!({})).await;
    assert!(four["errors"].is_null(), "{four}");
    assert_eq!(four["data"]["statistics"]["anonymised"], true);
    assert_eq!(email_count(&four), json!({"value": null, "display": "< 5"}));
    assert_eq!(
        four["data"]["statistics"]["periods"][0],
        json!({"label": "2026-11", "start": "2026-11-01", "end": "2026-11-30", "figures": {"received": {"value": null, "display": "< 5", "suppressed": true}}})
    );
    // Zero points at no one and is shown.
    let letters = four["data"]["statistics"]["total"]["byChannel"][0].clone();
    assert_eq!(letters["count"], json!({"value": 0, "display": "0"}));
    let exact = app.as_user(&director, FIGURES, json!({})).await;
    assert_eq!(email_count(&exact), json!({"value": 4, "display": "4"}));
    let printed = app.as_user(&director, FIGURES, json!({"a": true})).await;
    assert_eq!(email_count(&printed)["display"], "< 5");

    register(&app, &staff, json!({"channel": "EMAIL"})).await;
    let five = app.as_user(&staff, FIGURES, json!({})).await;
    assert_eq!(email_count(&five), json!({"value": 5, "display": "5"}));
}

#[tokio::test]
async fn bad_ranges_are_refused_with_a_clear_error() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    for (from, to) in [("2026-12-01", "2026-11-01"), ("1990-01-01", "2026-11-01")] {
        let body = app
            .as_user(
                &staff,
                "query($f: Date!, $t: Date!) { statistics(from: $f, to: $t, granularity: MONTH) { anonymised } }",
                json!({"f": from, "t": to}),
            )
            .await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    }
    let report = app
        .as_user(&staff, "{ annualReportPdf(year: 2026) }", json!({}))
        .await;
    assert_eq!(error_code(&report), Some("FORBIDDEN"));
}

/// Five complaints resolved, on time or not: the shares, the handling time and the counts are
/// the same after the retention purge erased them.
#[tokio::test]
async fn the_figures_are_the_same_after_the_purge() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    for _ in 0..5 {
        resolved_complaint(&app, &staff, &handler, &colleague).await;
    }
    // One more, withdrawn, acknowledged late.
    let late = register(&app, &staff, json!({"receivedOn": "2026-11-02"})).await;
    let late = late["id"].as_str().unwrap().to_owned();
    let ack = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &late,
        ", on: $on",
        json!({"on": "2026-11-16"}),
    )
    .await;
    assert!(ack["errors"].is_null(), "{ack}");
    let withdrawn = step(
        &app,
        &staff,
        "withdrawComplaint",
        &late,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert!(withdrawn["errors"].is_null(), "{withdrawn}");

    let before = app.as_user(&director, FIGURES, json!({})).await;
    let total = &before["data"]["statistics"]["total"];
    assert_eq!(total["received"]["value"], 6, "{before}");
    assert_eq!(total["resolved"]["value"], 5);
    assert_eq!(total["withdrawn"]["display"], "1");
    // Five acknowledgements within 5 working days, one after 10: 83.3 %.
    assert_eq!(total["acknowledgement"]["share"], 83.3);
    assert_eq!(total["acknowledgement"]["late"]["display"], "1");
    // Received 16 November, resolved 20 November: 4 working days; withdrawn after 12.
    assert_eq!(total["handlingTime"]["median"], 4.0);
    assert_eq!(total["handlingTime"]["p90"], 12);
    let anonymised_before = app.as_user(&staff, FIGURES, json!({})).await;

    app.set_today("2027-11-22");
    let report = super::purge::purge_as_of(&app, "2027-11-22", false).await;
    assert_eq!(report.purged.len(), 6);
    let after = app.as_user(&director, FIGURES, json!({})).await;
    assert_eq!(
        after["data"]["statistics"]["total"],
        before["data"]["statistics"]["total"]
    );
    let anonymised_after = app.as_user(&staff, FIGURES, json!({})).await;
    assert_eq!(
        anonymised_after["data"]["statistics"]["total"],
        anonymised_before["data"]["statistics"]["total"]
    );
}

/// The annual report: the year's figures and the year before, per quarter and month, and the
/// measures finished, anonymised.
#[tokio::test]
async fn a_director_downloads_the_annual_report_without_names() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    let id = resolved_complaint(&app, &staff, &handler, &colleague).await;
    let measures = app
        .as_user(
            &handler,
            "query($id: ID!) { measures(filter: {complaintId: $id}) { id } }",
            json!({"id": id}),
        )
        .await;
    let measure = measures["data"]["measures"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for status in ["AGREED", "DONE"] {
        let moved = app.as_user(&director, &format!("mutation($id: ID!) {{ updateMeasureStatus(id: $id, status: {status}) {{ status }} }}"), json!({"id": measure})).await;
        assert!(moved["errors"].is_null(), "{moved}");
    }
    let body = app
        .as_user(&director, "{ annualReportPdf(year: 2026) }", json!({}))
        .await;
    let text = pdf_text(
        body["data"]["annualReportPdf"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}")),
    );
    for expected in [
        "Jaarverslag klachten 2026",
        "Kerncijfers 2026",
        "Ter vergelijking: 2025",
        "2026-K4",
        "November 2026: < 5",
        "Gereed in 2026: 1",
        "[klager] voortaan binnen een dag terugbellen.",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    for canary in super::purge::ERASED {
        assert!(!text.contains(canary), "{canary} in {text}");
    }
    let future = app
        .as_user(&director, "{ annualReportPdf(year: 2030) }", json!({}))
        .await;
    assert_eq!(error_code(&future), Some("VALIDATION"));
}
