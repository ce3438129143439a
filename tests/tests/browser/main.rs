//! Browser tests: the built app in headless Chromium (driven through ChromeDriver) against the
//! real server on port 0 with a fresh database. Chromium missing is a failure, never a skip.
#![expect(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use fantoccini::{Client, ClientBuilder, Locator};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// A headless Chromium with its own ChromeDriver and profile.
struct Browser {
    client: Client,
    /// Dropped after the client: stops ChromeDriver and its Chromium even when a test panics.
    _driver: Driver,
    base: String,
}

/// A running ChromeDriver and the profile folder of the Chromium it starts. Dropping it stops
/// both, so a failing test leaves no browser behind.
struct Driver {
    child: Child,
    profile: std::path::PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Chromium outlives a killed ChromeDriver; its command line names the profile folder.
        let _ = Command::new("pkill")
            .args(["-f", "--"])
            .arg(format!("--user-data-dir={}", self.profile.display()))
            .status();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Opens a browser window of `width` × `height` on the app at `app`.
    async fn open(app: &TestApp, width: u32, height: u32) -> Self {
        let chromium =
            std::env::var("KLACHTEN_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let chromedriver =
            std::env::var("KLACHTEN_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {chromedriver} ({e}): install Chromium and ChromeDriver with \
                     apt-get install -y chromium chromium-driver"
                )
            });
        let profile = std::env::temp_dir().join(format!("klachten-chromium-{port}"));
        let _ = std::fs::remove_dir_all(&profile);
        let driver = Driver {
            child: driver,
            profile: profile.clone(),
        };
        let mut options = json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                // A Dutch browser, as the firm's staff have: date fields read dd-mm-jjjj.
                "--lang=nl-NL",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        // A desktop window cannot be narrower than about 500 px: phones are emulated.
        if width < 500 {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}
            });
        }
        let capabilities = json!({"browserName": "chrome", "goog:chromeOptions": options});
        let capabilities = capabilities.as_object().cloned().expect("an object");
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    // The refresh cookie is Secure; browsers accept that on localhost over http.
                    let base = app.address.replace("127.0.0.1", "localhost");
                    return Self {
                        client,
                        _driver: driver,
                        base,
                    };
                }
                Err(e) => {
                    last = Some(e.to_string());
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("ChromeDriver did not start a browser: {last:?}");
    }

    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    /// The element `css` once it appears within `within`, or nothing.
    async fn wait_for(&self, css: &str, within: Duration) -> Option<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(within)
            .for_element(Locator::Css(css))
            .await
            .ok()
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.wait_for(css, WAIT).await {
            Some(element) => element,
            None => panic!("no element {css}; the page shows:\n{}", self.text().await),
        }
    }

    /// Waits until the page's text contains `text`.
    async fn see(&self, text: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let body = self.text().await;
            if body.contains(text) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the page never showed {text:?}; it shows:\n{body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn text(&self) -> String {
        self.client
            .execute("return document.body.innerText;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input.clear().await.expect("clear");
        input.send_keys(text).await.expect("type");
    }

    /// Sets a date or select value the way a person's choice does (input and change events).
    async fn set(&self, css: &str, value: &str) {
        self.find(css).await;
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1];\
                 e.dispatchEvent(new Event('input', {bubbles: true}));\
                 e.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![json!(css), json!(value)],
            )
            .await
            .expect("set value");
    }

    /// Clicks an element (through the DOM: emulated phones misplace WebDriver's pointer).
    async fn click(&self, css: &str) {
        self.find(css).await;
        self.client
            .execute(
                "document.querySelector(arguments[0]).click();",
                vec![json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn login(&self, user: &TestUser) {
        self.goto("/login").await;
        self.type_into("#email", &user.email).await;
        self.type_into("#password", &user.password).await;
        self.click("form button[type=submit]").await;
        if self.wait_for("#logout", WAIT).await.is_none() {
            panic!(
                "{} could not log in; the page shows:\n{}",
                user.email,
                self.text().await
            );
        }
    }

    async fn logout(&self) {
        self.click("#logout").await;
        self.find("#password").await;
    }

    /// Takes one step on the open complaint and waits for the status it leads to.
    async fn step(&self, action: &str, status: &str) {
        self.open_form(action).await;
        self.click("#step-submit").await;
        self.find(&format!(".badge[data-status={status}]")).await;
    }

    /// Opens the form of a step (again, if a re-render swallowed the click).
    async fn open_form(&self, action: &str) {
        let form = format!("form[data-form={action}]");
        for _ in 0..5 {
            self.click(&format!("button[data-action={action}]")).await;
            if self.wait_for(&form, Duration::from_secs(3)).await.is_some() {
                return;
            }
        }
        panic!(
            "the form of {action} did not open; the page shows:\n{}",
            self.text().await
        );
    }

    /// Waits until the JavaScript expression `condition` holds on the page.
    async fn until(&self, condition: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let held = self
                .client
                .execute(&format!("return !!({condition});"), vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool());
            if held == Some(true) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{condition} never held; the page shows:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Goes back one page, as the browser's Back button does.
    async fn back(&self) {
        self.client
            .execute("history.back();", vec![])
            .await
            .expect("back");
    }

    /// Saves a PNG of the page when `KLACHTEN_SCREENSHOTS` names a folder (for the docs).
    async fn screenshot(&self, name: &str) {
        self.screenshot_at(name, "body").await;
    }

    /// [`Self::screenshot`] with `css` at the top of the screen.
    async fn screenshot_at(&self, name: &str, css: &str) {
        if let Ok(dir) = std::env::var("KLACHTEN_SCREENSHOTS") {
            self.client
                .execute(
                    "window.scrollTo(0, 0); const e = document.querySelector(arguments[0]); if (e && e !== document.body) e.scrollIntoView();",
                    vec![json!(css)],
                )
                .await
                .expect("scroll");
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(std::path::Path::new(&dir).join(name), png).expect("write screenshot");
        }
    }

    async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

const CANARIES: &[&str] = &[
    "Wietske",
    "Kanarie",
    "06-12345678",
    "teruggebeld",
    "tegoedbon",
];

#[tokio::test]
async fn staff_registers_a_phone_complaint_the_handler_settles_it_on_a_phone_and_others_see_it_anonymised()
 {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let handler = app.user("Henk Handelaar", &[Role::Handler]).await;
    let other = app.user("Olga Overig", &[Role::Staff]).await;

    // Staff, at a desk: registers a phone complaint from the navigation.
    let desk = Browser::open(&app, 1200, 900).await;
    desk.login(&staff).await;
    desk.see("Mijn werk").await;
    desk.click("a[href='/klachten/nieuw']").await;
    desk.click("#channel-phone").await;
    desk.type_into("#name", "Wietske Kanarie").await;
    desk.type_into("#phone", "06-12345678").await;
    // Inline validation before anything is sent.
    desk.click("#register").await;
    desk.find("#facts-error").await;
    desk.type_into("#facts", "Niet teruggebeld na de afspraak van vorige week.")
        .await;
    desk.click("#register").await;
    let reference = desk.find("#reference").await.text().await.unwrap();
    assert!(reference.starts_with("KL-2026-"), "{reference}");
    // The form sent its own request id, so a retry after a lost answer cannot register twice.
    {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let remembered = klachten::db::entities::registration_requests::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(remembered, 1);
    }
    // Received Monday 23 November: the acknowledgement is due five working days later.
    desk.see("30-11-2026").await;
    let url = desk.client.current_url().await.unwrap();
    let path = url.path().to_owned();
    desk.close().await;

    // The handler, on a phone: every step from the complaint's own page (a full page load:
    // the session comes back through the refresh cookie).
    let phone = Browser::open(&app, 360, 740).await;
    phone.login(&handler).await;
    phone.goto(&path).await;
    phone.find("[data-view=identified]").await;
    phone.step("ACKNOWLEDGE", "ACKNOWLEDGED").await;
    phone.step("RECORD_CONTACT", "IN_TREATMENT").await;
    phone.open_form("RECORD_CONVERSATION").await;
    phone
        .type_into(
            "#talk-summary",
            "Excuses gemaakt; terugbelafspraak besproken.",
        )
        .await;
    phone
        .type_into(
            "#agreements",
            "Wij bellen voortaan binnen een werkdag terug.",
        )
        .await;
    phone.click("#step-submit").await;
    phone.find(".badge[data-status=DISCUSSED]").await;
    phone
        .see("Wij bellen voortaan binnen een werkdag terug.")
        .await;
    phone.screenshot("klacht-telefoon.png").await;
    phone.open_form("RESOLVE").await;
    phone
        .type_into("#outcome", "Excuses aanvaard; tegoedbon toegezegd.")
        .await;
    phone.click("#step-submit").await;
    phone.find(".badge[data-status=RESOLVED]").await;
    phone.see("Afgehandeld").await;
    phone.see("Excuses aanvaard; tegoedbon toegezegd.").await;
    let overflow = phone
        .client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap();
    let wide = phone
        .client
        .execute(
            "return [...document.querySelectorAll('body *')]\
               .filter(e => e.getBoundingClientRect().right > 361)\
               .slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ');",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_u64().unwrap() <= 360,
        "the page is {overflow} px wide on a 360 px phone; too wide: {wide}"
    );
    // Two more complaints, so the list on the phone is a list; the handler takes them on.
    for (name, category, facts, received) in [
        (
            "Bram Kanarie",
            "EMPLOYEE",
            "Coach kwam twee keer niet opdagen.",
            "2026-11-20",
        ),
        (
            "Fenna Kanarie",
            "PERSONAL_DATA",
            "Mijn cv is zonder toestemming gedeeld.",
            "2026-11-23",
        ),
    ] {
        let body = app
            .as_user(
                &handler,
                "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { __typename } }",
                json!({"i": {"receivedOn": received, "channel": "EMAIL", "category": category,
                    "complainant": {"name": name, "email": "kanarie@voorbeeld.nl"}, "facts": facts}}),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    phone.click("a[href='/klachten']").await;
    phone
        .find(&format!("li[data-reference='{reference}']"))
        .await;
    // On the phone the filters are folded away, so the list comes first.
    let folded = phone
        .find("#more-filters")
        .await
        .attr("open")
        .await
        .unwrap();
    assert_eq!(folded, None, "the filters take a phone's whole screen");
    phone
        .until("document.querySelectorAll('li[data-reference]').length === 3")
        .await;
    phone.screenshot("klachten-telefoon.png").await;
    phone.click("#more-filters summary").await;
    phone.set("#f-status", "RESOLVED").await;
    phone.click("form.filters button[type=submit]").await;
    phone
        .until("document.querySelectorAll('li[data-reference]').length === 1")
        .await;
    phone
        .find(&format!("li[data-reference='{reference}']"))
        .await;
    phone.close().await;

    // A colleague who is not involved sees the anonymised complaint only.
    let colleague = Browser::open(&app, 1200, 900).await;
    colleague.login(&other).await;
    colleague.goto(&path).await;
    colleague.find("[data-view=anonymised]").await;
    colleague.see(&reference).await;
    let source = colleague.client.source().await.unwrap();
    for canary in CANARIES {
        assert!(
            !source.contains(canary),
            "{canary} reached a colleague who is not involved"
        );
    }
    // At a desk the filters are shown without unfolding them.
    colleague.click("a[href='/klachten']").await;
    colleague
        .until("document.querySelector('#f-status').checkVisibility()")
        .await;
    colleague.close().await;
}

#[tokio::test]
async fn admin_adds_a_closure_day_and_the_next_complaint_is_due_a_day_later_in_dutch_and_english() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let browser = Browser::open(&app, 1200, 900).await;

    // Dutch by default, English on request, on the login page and inside.
    browser.goto("/login").await;
    browser.see("Inloggen").await;
    browser.click("#lang-en").await;
    browser.see("Log in with your").await;
    browser.login(&admin).await;
    browser.see("My work").await;
    browser.see("Administration").await;
    browser.click("#lang-nl").await;
    browser.see("Mijn werk").await;

    browser.click("a[href='/beheer']").await;
    browser.find("#calendar-form").await;
    // In-app links keep the history: back and forward move between the pages, and the
    // navigation marks where you are.
    browser.find("a[href='/beheer'][aria-current=page]").await;
    browser.back().await;
    browser.see("Welkom, Bert Beheer").await;
    browser.find("a[href='/'][aria-current=page]").await;
    browser
        .client
        .execute("history.forward();", vec![])
        .await
        .unwrap();
    browser.find("#calendar-form").await;
    browser.see("Komende feest- en sluitingsdagen").await;
    browser.see("25-12-2026").await;
    browser.type_into("#cal-label", "Verhuizing november").await;
    browser.set("#closure-date", "2026-11-25").await;
    browser.type_into("#closure-text", "Verhuizing").await;
    browser.click("#add-closure").await;
    browser.click("#save-calendar").await;
    browser.find("#calendar-saved").await;
    let coming = browser.find("#coming-holidays").await.text().await.unwrap();
    assert!(coming.contains("25-11-2026"), "{coming}");

    // A new version of the procedure from next year: the form starts from the current one.
    browser.find("[data-effective-from='2022-06-01']").await;
    browser.type_into("#proc-label", "1 januari 2027").await;
    browser.set("#proc-from", "2027-01-04").await;
    browser.set("#proc-ack", "3").await;
    browser.click("#save-procedure").await;
    browser.find("#procedure-saved").await;
    let version = browser
        .find("[data-effective-from='2027-01-04']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        version.contains("1 januari 2027") && version.contains("3 werkdagen"),
        "{version}"
    );
    browser.logout().await;

    // A complaint received the same day now counts the closure day out.
    browser.login(&staff).await;
    browser.click("a[href='/klachten/nieuw']").await;
    browser.click("#channel-email").await;
    browser.type_into("#email", "klant@voorbeeld.nl").await;
    browser.type_into("#facts", "Factuur klopt niet.").await;
    browser.click("#register").await;
    browser.find("#reference").await;
    browser.see("01-12-2026").await;
    browser.click("#lang-en").await;
    browser.see("Deadlines").await;
    browser.see("acknowledgement").await;
    browser.close().await;
}

#[tokio::test]
async fn director_downloads_a_letter_holds_the_file_and_finds_both_in_the_audit_log() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let id = registered(&app, &handler, "receivedOn: \"2026-11-23\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\", email: \"wietske@voorbeeld.nl\"}, facts: \"Niet teruggebeld.\"").await;
    let acknowledged = app
        .as_user(&handler, "mutation($id: ID!) { acknowledgeComplaint(id: $id, on: \"2026-11-23\") { __typename } }", json!({"id": id}))
        .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");

    let browser = Browser::open(&app, 1200, 900).await;
    browser.login(&director).await;
    browser.goto(&format!("/klachten/{id}")).await;
    // The acknowledgement the step produced, downloaded as a PDF.
    browser.find("[data-letter=ACKNOWLEDGEMENT]").await;
    browser
        .click("[data-letter=ACKNOWLEDGEMENT] button.download")
        .await;
    // A legal hold, with its reason.
    browser.type_into("#hold-reason", "Rechtszaak loopt").await;
    browser.click("#place-hold").await;
    let hold = browser.find("#hold-state").await.text().await.unwrap();
    assert!(
        hold.contains("Rechtszaak loopt") && hold.contains("23-11-2026"),
        "{hold}"
    );

    // Oversight: the audit log shows both, filtered by the complaint.
    browser.click("a[href='/toezicht']").await;
    browser.find("#audit-entries").await;
    browser.type_into("#audit-reference", "KL-2026-0001").await;
    browser.click("#audit-filter button[type=submit]").await;
    browser
        .find("#audit-entries tr[data-action=LEGAL_HOLD_PLACED]")
        .await;
    browser
        .find("#audit-entries tr[data-action=LETTER_READ]")
        .await;
    // The outbox lists the handler's notification, still waiting (no worker runs here).
    let outbox = browser.find("#outbox").await.text().await.unwrap();
    assert!(outbox.contains("Nieuwe klacht KL-2026-0001"), "{outbox}");
    browser.close().await;
}

/// The learning half of the procedure in the browser: a director moves a late measure on the
/// board, prepares, publishes, decides on and minutes a meeting; a staff member reads the
/// agenda without a name in it and sees the figures drawn; the owner finds the new measure.
#[tokio::test]
async fn director_holds_a_meeting_staff_reads_the_agenda_and_the_dashboard_draws_the_figures() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let owner = app.user("Otto Eigenaar", &[Role::Staff]).await;
    let register = |facts: &'static str| {
        let (app, handler) = (&app, handler.clone());
        async move {
            let body = app
                .as_user(&handler, "mutation($f: String!) { registerComplaint(input: {receivedOn: \"2026-11-16\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\", phone: \"06-12345678\"}, facts: $f}) { ... on IdentifiedComplaint { id reference } } }", json!({"f": facts}))
                .await;
            let c = body["data"]["registerComplaint"].clone();
            (
                c["id"].as_str().expect("id").to_owned(),
                c["reference"].as_str().expect("ref").to_owned(),
            )
        }
    };
    let (first, first_ref) = register("Niet teruggebeld.").await;
    let (second, second_ref) = register("Tegoedbon kwijt.").await;
    for (query, variables) in [
        (
            "mutation($id: ID!) { updateAnonymisedSummary(id: $id, text: \"Wietske Kanarie werd niet teruggebeld.\", reviewed: true) { __typename } }",
            json!({"id": first}),
        ),
        (
            "mutation($id: ID!) { recordRootCause(id: $id, category: \"communicatie\", text: \"Kanarie stond niet in de terugbellijst.\") { __typename } }",
            json!({"id": first}),
        ),
        (
            "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }",
            json!({"input": {"complaintId": first, "kind": "MEASURE", "description": "Terugbellijst dagelijks nalopen.", "ownerId": owner.id, "dueOn": "2026-11-20"}}),
        ),
    ] {
        let body = app.as_user(&handler, query, variables).await;
        assert!(body["errors"].is_null(), "{body}");
    }

    let browser = Browser::open(&app, 1200, 900).await;
    browser.login(&director).await;
    // The board: the late measure, moved on to agreed.
    browser.click("a[href='/maatregelen']").await;
    browser.find("[data-column=PROPOSED] .chip.late").await;
    // Its description awaits review: the director reads the redacted form and approves it.
    let redacted = browser
        .find("[data-column=PROPOSED] .preview .text")
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(redacted, "Terugbellijst dagelijks nalopen.");
    browser.click("[data-column=PROPOSED] button.approve").await;
    browser
        .until("!document.querySelector('[data-column=PROPOSED] button.approve')")
        .await;
    browser
        .click("[data-column=PROPOSED] button[data-to=AGREED]")
        .await;
    browser.find("[data-column=AGREED] li.card").await;
    // A proposal that stands alone.
    browser.set("#measure-kind", "IMPROVEMENT_PROPOSAL").await;
    browser
        .type_into("#measure-description", "Wachttijd aan de telefoon meten.")
        .await;
    browser
        .until("document.querySelector('#measure-preview').innerText === 'Wachttijd aan de telefoon meten.'")
        .await;
    browser.click("#measure-reviewed").await;
    browser
        .find(&format!("#measure-owner option[value='{}']", owner.id))
        .await;
    browser.set("#measure-owner", &owner.id).await;
    browser.set("#measure-due", "2027-02-01").await;
    browser.click("#new-measure button[type=submit]").await;
    browser.see("Wachttijd aan de telefoon meten.").await;

    // A meeting with both complaints and the proposal on its agenda.
    browser.click("a[href='/overleg']").await;
    browser
        .type_into("#meeting-title", "Directieoverleg december")
        .await;
    browser.set("#meeting-date", "2026-12-10").await;
    browser.click("#new-meeting button[type=submit]").await;
    browser.find("#add-items").await;
    for id in [&first, &second] {
        browser
            .find(&format!("#pick-complaint option[value='{id}']"))
            .await;
        browser.set("#pick-complaint", id).await;
        browser.click("#add-complaint").await;
    }
    browser.find("ol.agenda li.card:nth-child(2)").await;
    // The same complaint again: refused in so many words, right below the button used.
    browser.set("#pick-complaint", &first).await;
    browser.click("#add-complaint").await;
    let twice = browser
        .find("#add-items .error[data-code=CONFLICT]")
        .await
        .text()
        .await
        .expect("text");
    assert!(twice.contains("Dit staat al op de agenda."), "{twice}");
    browser.find("#pick-measure option:nth-child(2)").await;
    browser
        .client
        .execute("const s = document.querySelector('#pick-measure'); s.value = [...s.options].find(o => o.text.includes('Wachttijd')).value; s.dispatchEvent(new Event('change', {bubbles: true}));", vec![])
        .await
        .expect("choose the proposal");
    browser.click("#add-measure").await;
    browser.find("ol.agenda li.card:nth-child(3)").await;
    // The second complaint has no reviewed summary: the director is told, publishing waits.
    let notice = browser
        .find("#unsummarised")
        .await
        .text()
        .await
        .expect("text");
    assert!(notice.contains(&second_ref), "{notice}");
    // Publishing asks first; nothing happens until the director confirms.
    browser.click("button.publish").await;
    browser.find(".confirm .confirm-yes").await;
    assert!(
        browser
            .wait_for("#publish-error .error", Duration::from_millis(500))
            .await
            .is_none()
    );
    browser.click(".confirm .confirm-yes").await;
    browser
        .find("#publish-error .error[data-code=SUMMARY_MISSING]")
        .await;
    // Off the agenda it goes (after a question); the proposal moves up; then the agenda is
    // published.
    browser
        .click("ol.agenda li.card:nth-child(2) .row button.remove")
        .await;
    browser
        .click("ol.agenda li.card:nth-child(2) .confirm .confirm-yes")
        .await;
    browser
        .until("document.querySelectorAll('ol.agenda li.card').length === 2")
        .await;
    browser
        .click("ol.agenda li.card:nth-child(2) button[aria-label]")
        .await;
    browser
        .until(
            "document.querySelector('ol.agenda li.card h2').innerText.includes('Verbetervoorstel')",
        )
        .await;
    browser.click("button.publish").await;
    browser.click(".confirm .confirm-yes").await;
    browser.find("[data-meeting-status=PUBLISHED]").await;
    // The decision on the complaint creates a measure for its owner.
    let form = "ol.agenda li.card:nth-child(2) .decision-form";
    browser
        .type_into(
            &format!("{form} .decision-text"),
            "Terugbellijst invoeren; excuses aan Wietske Kanarie.",
        )
        .await;
    // The preview shows what the agenda's readers will read; the director approves it.
    browser
        .until(&format!(
            "document.querySelector('{form} .preview .text').innerText.includes('excuses aan [klager]')"
        ))
        .await;
    browser
        .click(&format!("{form} input[type=checkbox][id$='-reviewed']"))
        .await;
    browser
        .click(&format!("{form} .decision-new-measure"))
        .await;
    browser
        .type_into(
            &format!("{form} .decision-measure-description"),
            "Terugbellijst invoeren.",
        )
        .await;
    browser
        .click(&format!(
            "{form} input[id^='decision-measure-'][id$='-reviewed']"
        ))
        .await;
    browser
        .find(&format!(
            "{form} .decision-measure-owner option[value='{}']",
            owner.id
        ))
        .await;
    browser
        .set(&format!("{form} .decision-measure-owner"), &owner.id)
        .await;
    browser
        .set(&format!("{form} .decision-measure-due"), "2027-01-15")
        .await;
    browser.click(&format!("{form} button[type=submit]")).await;
    // Saved once the agenda shows it as a decision (the form's preview showed it before).
    browser
        .until("[...document.querySelectorAll('p.decision')].some(p => p.innerText.includes('excuses aan [klager]'))")
        .await;
    browser
        .type_into(
            "#minutes-text",
            "Besproken met Dirk Directeur; Kanarie krijgt een brief.",
        )
        .await;
    browser
        .until("document.querySelector('#minutes-preview').innerText.includes('Besproken met [medewerker]')")
        .await;
    browser.click("#minutes-reviewed").await;
    browser.click("#minutes button[type=submit]").await;
    browser.see("Besproken met [medewerker]").await;
    browser.click("#export-pdf").await;
    browser.click("#export-md").await;
    assert!(
        browser
            .wait_for(".error", Duration::from_secs(1))
            .await
            .is_none(),
        "an export failed"
    );
    browser.close().await;

    // A staff member reads the published agenda: anonymised, nothing planted in it.
    let reader = Browser::open(&app, 1200, 900).await;
    reader.login(&staff).await;
    reader.click("a[href='/overleg']").await;
    reader.click("#meetings a").await;
    reader.see(&first_ref).await;
    reader.see("[klager] werd niet teruggebeld.").await;
    // The reviewed decision and minutes, redacted.
    reader.see("excuses aan [klager]").await;
    reader.see("Besproken met [medewerker]").await;
    let source = reader.client.source().await.expect("source");
    for canary in [
        "Wietske",
        "Kanarie",
        "06-12345678",
        "Tegoedbon kwijt",
        &second_ref,
    ] {
        assert!(!source.contains(canary), "{canary} on the agenda");
    }
    assert!(
        reader
            .wait_for(".decision-form", Duration::from_secs(1))
            .await
            .is_none()
    );
    // Its PDF export works for staff too (the API tests read its text for planted strings).
    reader.click("#export-pdf").await;
    assert!(
        reader
            .wait_for(".error", Duration::from_secs(1))
            .await
            .is_none(),
        "the staff member's export failed"
    );
    // The dashboard: a bar per month, two complaints shown as "< 5", the category shares.
    reader.click("a[href='/cijfers']").await;
    reader.find("#chart-received rect.bar.suppressed").await;
    let bars = reader
        .client
        .execute(
            "return document.querySelectorAll('#chart-received rect').length;",
            vec![],
        )
        .await
        .expect("bars");
    assert_eq!(bars, json!(12));
    let tiles = reader.find("#tiles").await.text().await.expect("text");
    assert!(tiles.contains("< 5"), "{tiles}");
    reader.find("#chart-categories li").await;
    // Per procedure version: the one in force holds both complaints.
    reader.find("#stats-version option:nth-child(2)").await;
    reader
        .client
        .execute("const s = document.querySelector('#stats-version'); s.value = s.options[1].value; s.dispatchEvent(new Event('change', {bubbles: true}));", vec![])
        .await
        .expect("choose the version");
    reader.find("#chart-received rect.bar.suppressed").await;
    reader.find("#on-time").await;
    reader.close().await;

    // The owner finds both measures on Mijn werk, the late one first.
    let own = Browser::open(&app, 360, 740).await;
    own.login(&owner).await;
    own.see("Mijn maatregelen").await;
    own.see("Terugbellijst invoeren.").await;
    let first_card = own
        .find("ul.measures li.card")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        first_card.contains("Terugbellijst dagelijks nalopen."),
        "{first_card}"
    );
    own.close().await;
}

/// An admin gives a third-party system access in a minute: the key is shown once, reads
/// anonymised complaints, and stops working when the admin revokes it.
#[tokio::test]
async fn admin_creates_an_integration_whose_key_reads_anonymised_complaints_until_revoked() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let body = app
        .as_user(&staff, "mutation { registerComplaint(input: {receivedOn: \"2026-11-23\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\"}, facts: \"Niet teruggebeld.\"}) { __typename } }", json!({}))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let browser = Browser::open(&app, 1200, 900).await;
    browser.login(&admin).await;
    browser.click("a[href='/beheer']").await;
    browser.type_into("#client-name", "CRM").await;
    browser.type_into("#client-purpose", "Klantcontacten").await;
    browser.click("#scope-read_statistics").await;
    browser.click("#new-client button[type=submit]").await;
    let key = browser.find("#new-key").await.text().await.expect("key");
    assert!(key.starts_with("kl_"), "{key}");
    browser.find("#api-clients li.card").await;
    // The key, as an integrator would send it.
    let complaints =
        "{ complaints { edges { node { __typename ... on AnonymisedComplaint { reference } } } } }";
    let seen = app.gql(Some(&key), complaints, json!({})).await;
    assert_eq!(
        seen["data"]["complaints"]["edges"][0]["node"]["__typename"], "AnonymisedComplaint",
        "{seen}"
    );
    assert!(!seen.to_string().contains("Kanarie"));
    let figures = app
        .gql(Some(&key), "{ statistics(from: \"2026-11-01\", to: \"2026-11-30\", granularity: MONTH) { total { received { display } } } }", json!({}))
        .await;
    assert_eq!(
        figures["data"]["statistics"]["total"]["received"]["display"],
        "< 5"
    );
    // Its webhook, made through the API, is listed with its failed deliveries and can be
    // switched off in the app.
    let clients = app
        .as_user(&admin, "{ apiClients { id } }", json!({}))
        .await;
    let client_id = clients["data"]["apiClients"][0]["id"]
        .as_str()
        .expect("a client");
    let made = app
        .as_user(&admin, "mutation($c: ID!) { createWebhook(input: {clientId: $c, url: \"https://hooks.example.nl/crm\", events: [COMPLAINT_REGISTERED]}) { webhook { id } } }", json!({"c": client_id}))
        .await;
    let webhook = made["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{made}"))
        .to_owned();
    app.as_user(
        &admin,
        "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
        json!({"id": webhook}),
    )
    .await;
    {
        use klachten::db::entities::webhook_deliveries;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        // As if every attempt had failed.
        webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::Status, Expr::value("FAILED"))
            .filter(webhook_deliveries::Column::WebhookId.eq(webhook.clone()))
            .exec(&app.state.db)
            .await
            .expect("update");
    }
    browser.goto("/beheer").await;
    browser.see("https://hooks.example.nl/crm").await;
    browser.see("1 mislukte leveringen").await;
    browser
        .click("#api-clients li[data-webhook] button.switch")
        .await;
    browser
        .until("document.querySelector('#api-clients li[data-webhook] button.switch').textContent === 'Aanzetten'")
        .await;
    let hooks = app
        .as_user(&admin, "{ webhooks { active } }", json!({}))
        .await;
    assert_eq!(hooks["data"]["webhooks"], json!([{"active": false}]));
    // Revoked in the app: the next request is refused.
    browser.click("#api-clients li.card button.revoke").await;
    browser.see("ingetrokken").await;
    let refused = app.gql(Some(&key), complaints, json!({})).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
    browser.close().await;
}

/// A director on a phone reads Cijfers as the figures are: each share bar is as long as its
/// share, the on-time chart shows a single period as dots, the charts have names a screen
/// reader speaks, and nothing makes the page scroll sideways.
#[tokio::test]
async fn director_on_a_phone_sees_share_bars_as_long_as_their_shares() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    for category in ["SERVICE", "SERVICE", "SERVICE", "EMPLOYEE"] {
        let body = app
            .as_user(&handler, "mutation($c: Category!) { registerComplaint(input: {receivedOn: \"2026-11-16\", channel: LETTER, category: $c, complainant: {name: \"Wietske Kanarie\", phone: \"06-12345678\"}, facts: \"Niet teruggebeld.\"}) { ... on IdentifiedComplaint { id } } }", json!({"c": category}))
            .await;
        let id = body["data"]["registerComplaint"]["id"].clone();
        let body = app
            .as_user(&handler, "mutation($id: ID!) { acknowledgeComplaint(id: $id, on: \"2026-11-17\") { __typename } }", json!({"id": id}))
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&director).await;
    browser.goto("/cijfers").await;
    browser.find("#chart-categories li").await;
    // Three of four complaints are about the service, one about an employee.
    let shares = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#chart-categories li')].map(li => {
                const fill = li.querySelector('.fill').getBoundingClientRect().width;
                const track = li.querySelector('.track').getBoundingClientRect().width;
                return [li.querySelector('.name').textContent, Math.round(100 * fill / track)];
            });",
            vec![],
        )
        .await
        .expect("shares");
    let share = |name: &str| {
        shares
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r[0] == name))
            .and_then(|r| r[1].as_i64())
            .unwrap_or_else(|| panic!("no bar for {name}: {shares}"))
    };
    assert!((73..=77).contains(&share("Dienstverlening")), "{shares}");
    assert!((23..=27).contains(&share("Een medewerker")), "{shares}");
    // The charts' words are drawn large enough to read on the phone, and the month labels
    // stand apart.
    let words = browser
        .client
        .execute(
            "const texts = [...document.querySelectorAll('svg.chart text')];
            const labels = [...document.querySelectorAll('#chart-received text')]
                .map(t => t.getBoundingClientRect())
                .sort((a, b) => a.left - b.left);
            return { count: labels.length,
                     smallest: Math.min(...texts.map(t => t.getBoundingClientRect().height)),
                     overlapping: labels.slice(1).filter((r, i) => r.left < labels[i].right).length };",
            vec![],
        )
        .await
        .expect("the charts' words");
    assert!(words["count"].as_u64().unwrap_or(0) >= 6, "{words}");
    assert!(
        words["smallest"].as_f64().unwrap_or(0.0) >= 11.0,
        "a chart's text is too small to read on a phone: {words}"
    );
    assert_eq!(words["overlapping"], json!(0), "{words}");
    // By year: one period, drawn as dots on the on-time chart.
    browser.set("#stats-granularity", "YEAR").await;
    browser.find("#chart-on-time circle.dot").await;
    let names = browser
        .client
        .execute(
            "return [...document.querySelectorAll('svg.chart[role=img]')].map(s => s.getAttribute('aria-label'));",
            vec![],
        )
        .await
        .expect("names");
    assert_eq!(
        names,
        json!(["Ontvangen klachten per periode", "Op tijd (%) per termijn"])
    );
    let sideways = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("width");
    assert_eq!(sideways, json!(0), "the page scrolls sideways on a phone");
    browser
        .screenshot_at("cijfers-telefoon.png", "#tiles")
        .await;
    browser.close().await;
}

/// On a phone every screen of a role is in sight at once: the menu wraps instead of hiding
/// screens past the edge, and each link is a target a thumb can hit (24 px at least).
#[tokio::test]
async fn director_and_handler_on_a_phone_see_every_screen_of_their_role_in_the_menu() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    for (user, screens) in [
        (
            &director,
            vec![
                "/",
                "/klachten",
                "/klachten/nieuw",
                "/maatregelen",
                "/overleg",
                "/cijfers",
                "/toezicht",
                "/beheer",
            ],
        ),
        (
            &handler,
            vec![
                "/",
                "/klachten",
                "/klachten/nieuw",
                "/maatregelen",
                "/overleg",
                "/cijfers",
            ],
        ),
    ] {
        let browser = Browser::open(&app, 360, 740).await;
        browser.login(user).await;
        let links = browser
            .client
            .execute(
                "return [...document.querySelectorAll('header.top nav a')].map(a => {
                    const r = a.getBoundingClientRect();
                    return [a.getAttribute('href'), r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight, Math.round(r.height), Math.round(r.width)];
                });",
                vec![],
            )
            .await
            .expect("links");
        let links = links.as_array().cloned().unwrap_or_default();
        let hrefs: Vec<&str> = links.iter().filter_map(|l| l[0].as_str()).collect();
        for screen in &screens {
            assert!(
                hrefs.contains(screen),
                "{}: no link to {screen} in {hrefs:?}",
                user.name
            );
        }
        for link in &links {
            assert_eq!(
                link[1],
                json!(true),
                "{}: {link} is out of sight",
                user.name
            );
            assert!(
                link[2].as_i64().unwrap_or(0) >= 24 && link[3].as_i64().unwrap_or(0) >= 24,
                "{}: {link} is too small a target",
                user.name
            );
        }
        browser.close().await;
    }
}

/// A handler on a phone calls or mails the complainant with one tap, and the staff member who
/// registered a complaint sees their own name as its registrant, not "een collega".
#[tokio::test]
async fn handler_on_a_phone_taps_to_call_and_staff_see_their_own_name_as_registrant() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let id = registered(&app, &staff, "receivedOn: \"2026-11-16\", channel: PHONE, category: SERVICE, complainant: {name: \"Şükrü Yıldız\", phone: \"+31 (0)6 1234 5678\", email: \"sukru@voorbeeld.nl\"}, facts: \"Niet teruggebeld.\"").await;
    let registrant = "return [...document.querySelectorAll('dt')].find(t => t.textContent === 'Geregistreerd door')?.nextElementSibling?.textContent;";

    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    browser.goto(&format!("/klachten/{id}")).await;
    browser.find("#complainant a.contact").await;
    let links = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#complainant a.contact')].map(a => {
                const r = a.getBoundingClientRect();
                return [a.getAttribute('href'), a.textContent, Math.round(r.height)];
            });",
            vec![],
        )
        .await
        .expect("links");
    assert_eq!(
        links,
        json!([
            ["tel:+31612345678", "+31 (0)6 1234 5678", 40],
            ["mailto:sukru@voorbeeld.nl", "sukru@voorbeeld.nl", 40]
        ])
    );
    let shown = browser
        .client
        .execute(registrant, vec![])
        .await
        .expect("registrant");
    assert_eq!(shown, json!("Sara Staf"));
    browser.close().await;

    let own = Browser::open(&app, 360, 740).await;
    own.login(&staff).await;
    own.goto(&format!("/klachten/{id}")).await;
    own.see("Geregistreerd door").await;
    let shown = own
        .client
        .execute(registrant, vec![])
        .await
        .expect("registrant");
    assert_eq!(
        shown,
        json!("Sara Staf"),
        "staff see a stranger as the registrant"
    );
    own.close().await;
}

/// A screen's code arrives when the screen is first visited, not with the first load; when the
/// connection drops meanwhile, the handler is told so and gets the screen with one tap once it
/// is back, without the app breaking.
#[tokio::test]
async fn handler_on_a_phone_gets_a_screen_that_failed_to_arrive_by_trying_again() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    let fetched = |browser: &Browser| {
        let client = browser.client.clone();
        async move {
            client
                .execute(
                    "return performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.startsWith('split_'));",
                    vec![],
                )
                .await
                .expect("resources")
        }
    };
    assert!(
        !fetched(&browser)
            .await
            .to_string()
            .contains("split_measures"),
        "the measures board came with the first load"
    );
    // The connection drops: every chunk fetch fails.
    browser
        .client
        .execute(
            "window.onlineFetch = window.fetch; window.fetch = (url, options) => String(url).includes('/split_') ? Promise.reject(new TypeError('offline')) : window.onlineFetch(url, options);",
            vec![],
        )
        .await
        .expect("go offline");
    browser.click("header.top nav a[href='/maatregelen']").await;
    browser
        .see("Dit scherm kon niet worden geladen. Controleer de verbinding")
        .await;
    assert!(
        browser
            .wait_for("#only-late", Duration::from_millis(300))
            .await
            .is_none()
    );
    // Back online, one tap.
    browser
        .client
        .execute("window.fetch = window.onlineFetch;", vec![])
        .await
        .expect("go online");
    browser.click("main [role=alert] button").await;
    browser.find("#only-late").await;
    assert!(
        fetched(&browser)
            .await
            .to_string()
            .contains("split_measures.wasm"),
        "the measures board did not arrive as its own chunk"
    );
    // The rest of the app still works.
    browser.click("header.top nav a[href='/klachten']").await;
    browser.find("#main h1").await;
    browser.close().await;
}

/// A handler puts the app on a phone's home screen: the page names a manifest that opens the
/// app on its own, with icons a launcher can use (PNG of the sizes it claims, one maskable).
/// A light skeleton shows while the app loads, and nothing of the app's data is kept in the
/// browser for offline use (no service worker, no caches, no databases).
#[tokio::test]
async fn handler_on_a_phone_can_add_the_app_to_the_home_screen_and_nothing_is_stored_offline() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
            (async () => {
                const html = await (await fetch('/')).text();
                const link = document.querySelector('link[rel=manifest]');
                const response = await fetch(link.href);
                const manifest = await response.json();
                const icons = [];
                for (const icon of manifest.icons) {
                    const r = await fetch(icon.src);
                    const blob = await r.blob();
                    const size = icon.type === 'image/png'
                        ? await createImageBitmap(blob).then(b => b.width + 'x' + b.height)
                        : 'any';
                    icons.push([icon.sizes, size, r.headers.get('content-type'), icon.purpose]);
                }
                const databases = indexedDB.databases ? (await indexedDB.databases()).length : 0;
                done({
                    skeletonInPage: html.includes('id=\"skeleton\"'),
                    skeletonGone: document.getElementById('skeleton') === null,
                    manifestType: response.headers.get('content-type'),
                    display: manifest.display,
                    start: manifest.start_url,
                    name: manifest.short_name,
                    theme: document.querySelector('meta[name=theme-color]').content === manifest.theme_color,
                    icons,
                    workers: (await navigator.serviceWorker.getRegistrations()).length,
                    caches: (await caches.keys()).length,
                    databases,
                    local: Object.keys(localStorage),
                    session: sessionStorage.length,
                });
            })().catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .expect("look at the manifest");
    assert_eq!(found["skeletonInPage"], json!(true), "{found}");
    assert_eq!(found["skeletonGone"], json!(true), "{found}");
    assert_eq!(
        found["manifestType"],
        json!("application/manifest+json"),
        "{found}"
    );
    assert_eq!(found["display"], json!("standalone"), "{found}");
    assert_eq!(found["start"], json!("/"), "{found}");
    assert_eq!(found["name"], json!("Klachten"), "{found}");
    assert_eq!(found["theme"], json!(true), "{found}");
    let icons = found["icons"].as_array().cloned().unwrap_or_default();
    for icon in &icons {
        if icon[1] != json!("any") {
            assert_eq!(
                icon[0], icon[1],
                "an icon is not the size it claims: {found}"
            );
            assert_eq!(icon[2], json!("image/png"), "{found}");
        }
    }
    for size in ["192x192", "512x512"] {
        assert!(
            icons.iter().any(|i| i[1] == json!(size)),
            "no {size} icon: {found}"
        );
    }
    assert!(
        icons.iter().any(|i| i[3] == json!("maskable")),
        "no maskable icon: {found}"
    );
    assert_eq!(found["workers"], json!(0), "{found}");
    assert_eq!(found["caches"], json!(0), "{found}");
    assert_eq!(found["databases"], json!(0), "{found}");
    assert_eq!(found["session"], json!(0), "{found}");
    for key in found["local"].as_array().cloned().unwrap_or_default() {
        assert_eq!(key, json!("klachten.taal"), "kept in the browser: {found}");
    }
    browser.close().await;
}

/// Registers a complaint as `user` from the fields of its input (GraphQL, without braces) and
/// returns its id.
async fn registered(app: &TestApp, user: &TestUser, input: &str) -> String {
    let body = app
        .as_user(
            user,
            &format!("mutation {{ registerComplaint(input: {{{input}}}) {{ ... on IdentifiedComplaint {{ id }} }} }}"),
            json!({}),
        )
        .await;
    body["data"]["registerComplaint"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// axe-core, as installed from npm by `cargo xtask build-frontend` (pinned in
/// `frontend/package.json`).
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../frontend/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `cargo xtask build-frontend`, which installs axe-core from npm",
            path.display()
        )
    })
}

impl Browser {
    /// What axe-core finds on the page as it is now against WCAG 2.2 A and AA (target size
    /// included), one line per rule with the elements it names.
    async fn accessibility_violations(&self, axe: &str) -> Vec<String> {
        self.client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("load axe-core");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        found
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Waits until the page shows `css` and nothing is loading any more.
    async fn settled(&self, css: &str) {
        self.find(css).await;
        self.until("document.querySelector('.loading') === null")
            .await;
    }
}

/// Every screen, as each role that uses it sees it with data on it, at phone and at desktop
/// width: axe-core finds nothing against WCAG 2.2 AA, target size included.
#[tokio::test]
async fn every_screen_passes_wcag_2_2_aa_on_a_phone_and_on_a_desktop() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let director = app
        .user("Dirk Directeur", &[Role::Director, Role::Admin])
        .await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let complaint = registered(&app, &handler, "receivedOn: \"2026-11-16\", channel: LETTER, category: SERVICE, complainant: {name: \"Şükrü Yıldız\", phone: \"06-12345678\", email: \"sukru@example.org\"}, facts: \"Niet teruggebeld.\"").await;
    let body = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"complaintId": complaint, "kind": "MEASURE", "description": "Terugbellijst dagelijks nalopen.", "ownerId": handler.id, "dueOn": "2026-12-20"}}))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let body = app
        .as_user(&director, "mutation { createMeeting(input: {title: \"Directieoverleg\", kind: DIRECTORS_MEETING, heldOn: \"2026-12-10\"}) { id } }", json!({}))
        .await;
    let meeting = body["data"]["createMeeting"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let body = app
        .as_user(
            &director,
            "mutation($m: ID!, $c: ID!) { addAgendaItem(meetingId: $m, complaintId: $c) { id } }",
            json!({"m": meeting, "c": complaint}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");

    let axe = axe_source();
    let screens: Vec<(&TestUser, String, &str)> = vec![
        (&handler, "/".into(), "#main h1"),
        (&handler, "/klachten".into(), "#main h1"),
        (&handler, "/klachten/nieuw".into(), "#main form"),
        (&handler, format!("/klachten/{complaint}"), "#main h1"),
        (&handler, "/maatregelen".into(), "#only-late"),
        (&handler, "/wachtwoord".into(), "#main form"),
        (&director, "/overleg".into(), "#main h1"),
        (&director, format!("/overleg/{meeting}"), "#main h1"),
        (&director, "/cijfers".into(), "#tiles"),
        (&director, "/toezicht".into(), "#audit-entries"),
        (&director, "/beheer".into(), "#main h1"),
    ];
    let mut found = Vec::new();
    for (width, height) in [(360, 740), (1366, 768)] {
        let browser = Browser::open(&app, width, height).await;
        browser.goto("/login").await;
        browser.settled("#email").await;
        for violation in browser.accessibility_violations(&axe).await {
            found.push(format!("{width} px, /login: {violation}"));
        }
        let mut signed_in: Option<&str> = None;
        for (user, path, ready) in &screens {
            if signed_in != Some(user.email.as_str()) {
                if signed_in.is_some() {
                    browser.click("#logout").await;
                    browser.find("#email").await;
                }
                browser.login(user).await;
                signed_in = Some(user.email.as_str());
            }
            browser.goto(path).await;
            browser.settled(ready).await;
            for violation in browser.accessibility_violations(&axe).await {
                found.push(format!("{width} px, {path}: {violation}"));
            }
        }
        browser.close().await;
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The English texts are a file of their own: a Dutch-speaking handler never fetches it, one
/// who chooses English gets every text in English, and keeps it after a reload.
#[tokio::test]
async fn handler_who_chooses_english_keeps_it_after_a_reload_and_others_never_fetch_it() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    browser.see("Mijn werk").await;
    let english_fetched = "return performance.getEntriesByType('resource').some(e => /\\/en-[0-9a-f]{16}\\.json$/.test(e.name));";
    assert_eq!(
        browser
            .client
            .execute(english_fetched, vec![])
            .await
            .expect("resources"),
        json!(false)
    );
    browser.click("#lang-en").await;
    browser
        .until("document.querySelector('#main h1').textContent === 'My work'")
        .await;
    browser.see("Log out").await;
    browser.goto("/klachten").await;
    browser
        .until("document.documentElement.lang === 'en' && document.querySelector('#main h1').textContent === 'Complaints'")
        .await;
    browser.click("#lang-nl").await;
    browser
        .until("document.querySelector('#main h1').textContent === 'Klachten'")
        .await;
    browser.close().await;
}

/// A director on a phone reads the audit log: every entry a block under its column names, the
/// action in words (its code kept as the title), the time in Dutch time, and a read of
/// complaints as a count that opens to their ids.
#[tokio::test]
async fn director_on_a_phone_reads_the_audit_log_in_words_and_in_dutch_time() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    for _ in 0..2 {
        registered(&app, &director, "receivedOn: \"2026-11-16\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\"}, facts: \"Niet teruggebeld.\"").await;
    }
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&director).await;
    browser.goto("/klachten").await;
    browser.see("KL-").await;
    browser.goto("/toezicht").await;
    let login = browser.find("#audit-entries tr[data-action=LOGIN]").await;
    browser
        .screenshot_at("toezicht-telefoon.png", "#audit-entries")
        .await;
    let texts: Vec<String> = {
        let mut texts = Vec::new();
        for cell in login.find_all(Locator::Css("td")).await.expect("cells") {
            texts.push(cell.text().await.expect("text"));
        }
        texts
    };
    let what = &texts[2];
    assert!(
        what.contains("Ingelogd") && !what.contains("LOGIN"),
        "{texts:?}"
    );
    // The time the server recorded (UTC), shown in Dutch time: CET in November.
    let log = app
        .as_user(
            &director,
            "{ auditLog(first: 50) { entries { seq action at } } }",
            json!({}),
        )
        .await;
    let seq = login.attr("data-seq").await.expect("seq").expect("seq");
    let at = log["data"]["auditLog"]["entries"]
        .as_array()
        .and_then(|all| all.iter().find(|e| e["seq"] == json!(seq)))
        .and_then(|e| e["at"].as_str())
        .unwrap_or_else(|| panic!("{log}"));
    let dutch =
        chrono::DateTime::parse_from_rfc3339(at).expect("instant") + chrono::Duration::hours(1);
    let shown = dutch.format("%d-%m-%Y %H:%M").to_string();
    assert!(texts[0].ends_with(&shown), "{shown} expected in {texts:?}");
    // Each cell is a full-width block under its column's name, not a crushed column.
    let layout = browser
        .client
        .execute(
            "const row = document.querySelector('#audit-entries tr[data-action=LOGIN]');
            return [...row.querySelectorAll('td')].filter(td => getComputedStyle(td).display !== 'none')
                .map(td => [Math.round(td.getBoundingClientRect().width), getComputedStyle(td, '::before').content]);",
            vec![],
        )
        .await
        .expect("layout");
    for cell in layout.as_array().cloned().unwrap_or_default() {
        assert!(cell[0].as_i64().unwrap_or(0) >= 250, "{layout}");
        assert_ne!(cell[1], json!("none"), "{layout}");
    }
    let read = browser
        .find("#audit-entries tr[data-action=READ_IDENTIFIED] details summary")
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(read, "2 klachten");
    browser.close().await;
}

/// A handler on a phone finds the usual next step first and loses nothing typed: "Opgeslagen."
/// stays after a step is saved, text in
/// a step's form survives switching steps and a visit to another screen, and a half-filled
/// registration waits for the handler's return. A new login starts with none of it.
#[tokio::test]
async fn handler_on_a_phone_keeps_what_was_typed_across_steps_and_screens() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let id = registered(&app, &handler, "receivedOn: \"2026-11-16\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\"}, facts: \"Niet teruggebeld.\"").await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    browser.goto(&format!("/klachten/{id}")).await;
    // The usual next step leads; the other steps wait, folded, until asked for.
    let lead = browser
        .find(".actions .buttons.lead button")
        .await
        .attr("data-action")
        .await
        .expect("attr");
    assert_eq!(lead.as_deref(), Some("ACKNOWLEDGE"));
    let folded = browser
        .client
        .execute(
            "const d = document.querySelector('.actions details.more-steps'); return d !== null && !d.open && d.querySelectorAll('button').length > 2;",
            vec![],
        )
        .await
        .expect("folded");
    assert_eq!(folded, json!(true));
    browser.step("ACKNOWLEDGE", "ACKNOWLEDGED").await;
    browser.find("#step-saved").await;
    assert!(
        browser
            .wait_for("#step-saved", Duration::from_secs(2))
            .await
            .is_some(),
        "the confirmation went with the reload"
    );
    browser.open_form("RECORD_ROOT_CAUSE").await;
    browser
        .type_into("#cause-text", "Terugbellijst niet bijgehouden.")
        .await;
    browser.open_form("REQUEST_SUPPLEMENT").await;
    browser.open_form("RECORD_ROOT_CAUSE").await;
    let kept = "document.querySelector('#cause-text') !== null && document.querySelector('#cause-text').value === 'Terugbellijst niet bijgehouden.'";
    browser.until(kept).await;
    // Elsewhere and back: the form is open again with its text.
    browser.click("header.top nav a[href='/klachten']").await;
    browser.see("Klachten").await;
    browser.back().await;
    browser.until(kept).await;
    // A half-filled registration.
    browser
        .click("header.top nav a[href='/klachten/nieuw']")
        .await;
    browser.type_into("#name", "Şükrü Yıldız").await;
    browser
        .type_into("#facts", "Afspraak twee keer verzet.")
        .await;
    browser.click("header.top nav a[href='/']").await;
    browser
        .click("header.top nav a[href='/klachten/nieuw']")
        .await;
    browser
        .until("document.querySelector('#name').value === 'Şükrü Yıldız' && document.querySelector('#facts').value === 'Afspraak twee keer verzet.'")
        .await;
    // Logging out forgets every draft.
    browser.click("#logout").await;
    browser.login(&handler).await;
    browser
        .click("header.top nav a[href='/klachten/nieuw']")
        .await;
    browser.find("#name").await;
    browser
        .until("document.querySelector('#name').value === ''")
        .await;
    browser.close().await;
}

/// A handler on a phone filters the list, opens a complaint by tapping anywhere on its card,
/// and Back returns to the list as it was filtered.
#[tokio::test]
async fn handler_on_a_phone_opens_a_card_anywhere_and_back_keeps_the_filter() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    for category in ["SERVICE", "EMPLOYEE"] {
        registered(&app, &handler, &format!("receivedOn: \"2026-11-16\", channel: LETTER, category: {category}, complainant: {{name: \"Wietske Kanarie\"}}, facts: \"Niet teruggebeld.\"")).await;
    }
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    browser.screenshot("mijn-werk-telefoon.png").await;
    browser.click("header.top nav a[href='/klachten']").await;
    browser
        .until("document.querySelectorAll('ul.complaints li.card').length === 2")
        .await;
    browser.click("#more-filters summary").await;
    browser.set("#f-category", "EMPLOYEE").await;
    browser.click("form.filters button[type=submit]").await;
    browser
        .until("document.querySelectorAll('ul.complaints li.card').length === 1")
        .await;
    // A tap on the card's middle, away from its number, opens it.
    browser
        .client
        .execute(
            "const card = document.querySelector('ul.complaints li.card');
            card.scrollIntoView({ block: 'center' });
            const r = card.querySelector('p.meta').getBoundingClientRect();
            document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2).click();",
            vec![],
        )
        .await
        .expect("tap the card");
    browser.find("#main .facts, #main h1").await;
    browser
        .until(
            "location.pathname.startsWith('/klachten/') && location.pathname !== '/klachten/nieuw'",
        )
        .await;
    browser.back().await;
    browser
        .until("location.pathname === '/klachten' && document.querySelector('#f-category') !== null && document.querySelector('#f-category').value === 'EMPLOYEE' && document.querySelectorAll('ul.complaints li.card').length === 1")
        .await;
    browser.close().await;
}

/// A handler on a phone e-mails a letter only after saying yes to a question that shows the
/// mail as it will leave (address, subject, the letter attached, text); a cancelled question
/// sends nothing, and a double tap sends it once.
#[tokio::test]
async fn handler_on_a_phone_confirms_before_a_letter_is_emailed_and_it_goes_once() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let id = registered(&app, &handler, "receivedOn: \"2026-11-23\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\", email: \"wietske@voorbeeld.nl\"}, facts: \"Niet teruggebeld.\"").await;
    let acknowledged = app
        .as_user(&handler, "mutation($id: ID!) { acknowledgeComplaint(id: $id, on: \"2026-11-23\") { __typename } }", json!({"id": id}))
        .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");
    let letters_mailed = || async {
        let body = app
            .as_user(&director, "{ outbox { kind } }", json!({}))
            .await;
        body["data"]["outbox"].as_array().map_or(0, |all| {
            all.iter().filter(|m| m["kind"] == json!("LETTER")).count()
        })
    };

    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&handler).await;
    browser.goto(&format!("/klachten/{id}")).await;
    let letter = "[data-letter=ACKNOWLEDGEMENT]";
    browser.click(&format!("{letter} button.send-email")).await;
    let question = browser
        .find(&format!("{letter} .confirm"))
        .await
        .text()
        .await
        .expect("text");
    assert!(
        question.contains("per e-mail naar de klager") && question.contains("wietske@voorbeeld.nl"),
        "{question}"
    );
    // The mail itself is shown before it goes: its subject, the letter it carries, its text.
    for part in [
        "Uw klacht KL-2026-0001: ontvangstbevestiging",
        "-acknowledgement.pdf",
        "Bijgaand vindt u onze brief over uw klacht met kenmerk KL-2026-0001.",
        "Met vriendelijke groet,",
    ] {
        assert!(
            question.contains(part),
            "the preview lacks {part:?}: {question}"
        );
    }
    browser
        .screenshot_at("brief-mailen-telefoon.png", &format!("{letter} .confirm"))
        .await;
    browser
        .click(&format!("{letter} .confirm button:not(.confirm-yes)"))
        .await;
    assert_eq!(
        letters_mailed().await,
        0,
        "a cancelled question sent the letter"
    );
    browser.click(&format!("{letter} button.send-email")).await;
    browser
        .client
        .execute(
            "const yes = document.querySelector(arguments[0]); yes.click(); yes.click();",
            vec![json!(format!("{letter} .confirm .confirm-yes"))],
        )
        .await
        .expect("tap twice");
    browser.see("verstuurd op").await;
    assert_eq!(letters_mailed().await, 1);
    browser.close().await;
}

/// A handler on a phone who logs in at the list sees it after one exchange with the server
/// beyond the login itself: the login's answer brings who they are and today, and whatever
/// the list needs besides its complaints is asked for at the same time, not after.
#[tokio::test]
async fn handler_on_a_phone_sees_the_list_one_round_trip_after_logging_in() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    registered(&app, &handler, "receivedOn: \"2026-11-16\", channel: LETTER, category: SERVICE, complainant: {name: \"Wietske Kanarie\"}, facts: \"Niet teruggebeld.\"").await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.goto("/klachten").await;
    browser.find("#password").await;
    browser.type_into("#email", &handler.email).await;
    browser.type_into("#password", &handler.password).await;
    browser
        .client
        .execute("window.loginClickedAt = performance.now();", vec![])
        .await
        .expect("mark the login");
    browser.click("form button[type=submit]").await;
    browser
        .until("location.pathname === '/klachten' && document.querySelectorAll('ul.complaints li.card').length === 1")
        .await;
    // The requests to /graphql since the click, in the order they started: the login, then
    // one wave that every later request belongs to (none starts after another has answered).
    let exchanges = browser
        .client
        .execute(
            "const asked = performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname === '/graphql' && e.startTime >= window.loginClickedAt)
                .sort((a, b) => a.startTime - b.startTime);
            const [login, ...after] = asked;
            const firstAnswer = Math.min(...after.map(e => e.responseEnd));
            return { asked: asked.length,
                     afterLogin: after.every(e => e.startTime >= login.responseEnd),
                     chained: after.filter(e => e.startTime > firstAnswer).length };",
            vec![],
        )
        .await
        .expect("the requests");
    assert!(exchanges["asked"].as_u64().unwrap_or(0) >= 2, "{exchanges}");
    assert_eq!(exchanges["afterLogin"], json!(true), "{exchanges}");
    assert_eq!(
        exchanges["chained"],
        json!(0),
        "a request waited for another's answer before the list showed: {exchanges}"
    );
    browser.close().await;
}

/// An admin on a phone who gives a new account an address that already has one is told so in
/// Dutch, under the form, in a paragraph marked as Dutch; in English the same mistake reads
/// in English.
#[tokio::test]
async fn admin_on_a_phone_is_told_in_dutch_that_an_address_already_has_an_account() {
    let app = TestApp::on("2026-11-23").serving_the_app().start().await;
    let admin = app.user("Aad Admin", &[Role::Admin]).await;
    let browser = Browser::open(&app, 360, 740).await;
    browser.login(&admin).await;
    browser.goto("/beheer").await;
    for (button, said, lang) in [
        (
            "#lang-nl",
            "Met dit e-mailadres bestaat al een account.",
            "nl",
        ),
        (
            "#lang-en",
            "that e-mail address already has an account",
            "en",
        ),
    ] {
        browser.click(button).await;
        browser.type_into("#new-email", &admin.email).await;
        browser.type_into("#new-name", "Tweede Aad").await;
        browser.type_into("#new-password", "a-long-password").await;
        browser.click("#new-user button[type=submit]").await;
        browser
            .until(&format!(
                "[...document.querySelectorAll('#new-user .error .detail')].some(p => p.textContent === {said:?} && p.lang === {lang:?})"
            ))
            .await;
    }
    browser.close().await;
}
