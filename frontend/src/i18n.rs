//! Every string the app shows, in Dutch (the default) and English. Rule: a string is a key of
//! `T`; a key without both translations, or a key that does not exist, does not compile. The
//! Dutch texts are in the wasm; `cargo xtask build-frontend` writes the English ones to a file
//! of their own, fetched when someone chooses English.
//! Dates are shown as dd-mm-jjjj.

use leptos::prelude::*;

/// A language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The language's tag, as in `lang` and `Accept-Language`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }
}

macro_rules! texts {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        /// A text of the app.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $(
                #[doc = $en]
                $key,
            )*
        }

        impl T {
            /// How many texts there are: the English file holds as many, in this order.
            pub const COUNT: usize = [$(Self::$key),*].len();

            /// The text in Dutch.
            const fn dutch(self) -> &'static str {
                match self { $(Self::$key => $nl,)* }
            }
        }
    };
}

texts! {
    // Shell and navigation.
    SkipToContent => "Naar de inhoud", "Skip to content";
    NavLabel => "Hoofdmenu", "Main menu";
    NavHome => "Mijn werk", "My work";
    NavList => "Klachten", "Complaints";
    NavRegister => "Klacht registreren", "Register a complaint";
    NavAdmin => "Beheer", "Administration";
    Logout => "Uitloggen", "Log out";
    PasswordTitle => "Wachtwoord wijzigen", "Change password";
    PasswordForced => "Uw wachtwoord is door iemand anders gekozen. Kies eerst een eigen wachtwoord.", "Your password was chosen by someone else. First choose your own.";
    CurrentPassword => "Huidig wachtwoord", "Current password";
    NewPassword => "Nieuw wachtwoord (minstens 10 tekens)", "New password (at least 10 characters)";
    NewPasswordAgain => "Nieuw wachtwoord nogmaals", "New password again";
    PasswordsDiffer => "De twee nieuwe wachtwoorden verschillen.", "The two new passwords differ.";
    PasswordChanged => "Wachtwoord gewijzigd; uw andere sessies zijn beëindigd.", "Password changed; your other sessions have ended.";
    ChangePassword => "Wachtwoord wijzigen", "Change password";
    PendingRoles => "Wacht op goedkeuring van een directeur:", "Waiting for a director's approval:";
    Approve => "Goedkeuren", "Approve";
    Reject => "Afwijzen", "Reject";
    MustChangePassword => "moet wachtwoord wijzigen", "must change password";
    LanguageLabel => "Taal", "Language";
    NotFoundTitle => "Pagina niet gevonden", "Page not found";
    NotFoundText => "Deze pagina bestaat niet (meer). Ga terug naar uw werk.", "This page does not exist (any more). Go back to your work.";
    NoAccessTitle => "Geen toegang", "No access";
    NoAccessText => "Uw rol geeft geen toegang tot deze pagina.", "Your role does not give access to this page.";
    Loading => "Laden…", "Loading…";
    UnknownValue => "Onbekend", "Unknown";
    Yes => "ja", "yes";
    No => "nee", "no";
    Save => "Opslaan", "Save";
    Cancel => "Annuleren", "Cancel";
    Edit => "Wijzigen", "Edit";
    Remove => "Verwijderen", "Remove";
    Choose => "Kies…", "Choose…";
    All => "Alle", "All";
    Date => "Datum", "Date";
    Description => "Omschrijving", "Description";
    Label => "Naam van de versie", "Version name";
    WorkingDays => "werkdagen", "working days";
    Months => "maanden", "months";
    On => "op", "on";
    DueBy => "uiterlijk", "due";

    // Errors, by extensions.code.
    ErrUnauthenticated => "U bent niet (meer) ingelogd, of e-mailadres en wachtwoord kloppen niet.", "You are not logged in (any more), or the e-mail address and password do not match.";
    ErrForbidden => "Dit mag u met uw rol niet doen.", "Your role does not allow this.";
    ErrNotFound => "Dit bestaat niet (meer).", "This does not exist (any more).";
    ErrValidation => "Controleer de invoer: iets ontbreekt of klopt niet.", "Check the input: something is missing or wrong.";
    ErrInvalidTransition => "Deze stap past niet bij de huidige status van de klacht.", "This step does not fit the complaint's current status.";
    ErrConflict => "Iemand anders heeft dit net gewijzigd. Laad de pagina opnieuw en probeer het nog eens.", "Someone else changed this just now. Reload the page and try again.";
    ErrRateLimited => "Te veel pogingen. Wacht even en probeer het dan opnieuw.", "Too many attempts. Wait a moment and try again.";
    ErrNetwork => "De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.", "The server cannot be reached. Check the connection and try again.";
    ScreenNotLoaded => "Dit scherm kon niet worden geladen. Controleer de verbinding en probeer het opnieuw.", "This screen could not be loaded. Check the connection and try again.";
    TryAgain => "Opnieuw proberen", "Try again";
    ErrAlreadyOnAgenda => "Dit staat al op de agenda.", "This is on the agenda already.";
    ErrInUse => "Hierop rusten al klachten. Laat een nieuwe versie een dag later ingaan.", "Complaints already rest on this. Let a new version start a day later.";
    ConfirmEmail => "De brief gaat per e-mail naar de klager. Versturen?", "The letter goes to the complainant by e-mail. Send it?";
    ConfirmPosted => "Vastleggen dat deze brief vandaag per post is verstuurd?", "Record that this letter went by post today?";
    ConfirmPublish => "Na publicatie lezen alle medewerkers de agenda en verandert hij niet meer. Publiceren?", "Once published, every staff member reads the agenda and it no longer changes. Publish?";
    ConfirmRemove => "Dit punt van de agenda halen?", "Take this item off the agenda?";
    ConfirmDrop => "Deze maatregel laten vervallen? Dat is niet terug te draaien.", "Drop this measure? That cannot be undone.";
    OtherSteps => "Andere stappen", "Other steps";
    ErrInternal => "Er ging iets mis aan onze kant. Probeer het later opnieuw.", "Something went wrong on our side. Try again later.";

    // Login.
    LoginTitle => "Inloggen", "Log in";
    LoginIntro => "Log in met uw e-mailadres en wachtwoord van PerspectiefPlus.", "Log in with your PerspectiefPlus e-mail address and password.";
    Email => "E-mailadres", "E-mail address";
    Password => "Wachtwoord", "Password";
    LogIn => "Inloggen", "Log in";
    LoggingIn => "Bezig met inloggen…", "Logging in…";
    SessionExpired => "Uw sessie is verlopen. Log opnieuw in.", "Your session has expired. Please log in again.";

    // Mijn werk.
    HomeTitle => "Mijn werk", "My work";
    Welcome => "Welkom,", "Welcome,";
    MyOpenComplaints => "Mijn lopende klachten", "My open complaints";
    CountsPerStatus => "Aantal per status", "Count per status";
    NothingOpen => "U heeft geen lopende klachten.", "You have no open complaints.";
    MoreInList => "Er zijn meer klachten: bekijk ze in de lijst.", "There are more complaints: see them in the list.";
    LateEverywhere => "Te laat (alle klachten)", "Late (all complaints)";
    NothingLate => "Geen enkele klacht is te laat.", "No complaint is late.";

    // Klachten list.
    ListTitle => "Klachten", "Complaints";
    Search => "Zoeken", "Search";
    SearchHint => "Klachtnummer, naam of tekst", "Reference, name or text";
    Status => "Status", "Status";
    Category => "Categorie", "Category";
    ClockFilter => "Termijn", "Clock";
    Handler => "Klachtenbehandelaar", "Complaints handler";
    ReceivedFrom => "Ontvangen vanaf", "Received from";
    ReceivedTo => "Ontvangen tot en met", "Received up to";
    ApplyFilters => "Filteren", "Filter";
    ClearFilters => "Wissen", "Clear";
    MoreFilters => "Meer filters", "More filters";
    NoComplaintsFound => "Geen klachten gevonden.", "No complaints found.";
    LoadMore => "Meer laden", "Load more";
    Received => "ontvangen", "received";

    // Registration.
    RegisterTitle => "Klacht registreren", "Register a complaint";
    RegisterIntro => "Leg de klacht vast zoals die binnenkwam. De klachtenbehandelaar wordt op de hoogte gebracht.", "Record the complaint as it arrived. The complaints handler is informed.";
    Receipt => "Ontvangst", "Receipt";
    ReceivedOn => "Ontvangen op", "Received on";
    Channel => "Kanaal", "Channel";
    PrivacyNotice => "Klacht over persoonsgegevens: de FG geeft advies en de klacht wordt binnen een maand afgehandeld.", "Complaint about personal data: the DPO advises and the complaint is settled within one month.";
    Complainant => "Klager", "Complainant";
    ComplainantHint => "Laat alles leeg als de klager anoniem is.", "Leave everything empty if the complainant is anonymous.";
    Name => "Naam", "Name";
    Phone => "Telefoonnummer", "Phone number";
    Address => "Adres", "Address";
    TheComplaint => "De klacht", "The complaint";
    Concerning => "Betreft (medewerker of derde)", "Concerning (employee or third party)";
    Facts => "Korte omschrijving van de feiten", "Short description of the facts";
    ConductOn => "Datum van de gedraging", "Date of the conduct";
    RemedySought => "Gewenste oplossing", "Remedy sought";
    ReceivedRequired => "Vul de datum van ontvangst in.", "Enter the date of receipt.";
    ReceivedInFuture => "De datum van ontvangst ligt in de toekomst.", "The date of receipt is in the future.";
    FactsRequired => "Beschrijf kort de feiten.", "Describe the facts briefly.";
    EmailInvalid => "Dit e-mailadres klopt niet.", "This e-mail address is not valid.";
    ConductAfterReceipt => "De gedraging kan niet na de ontvangst liggen.", "The conduct cannot be after the receipt.";
    SuggestionsTitle => "Let op: de klachtenregeling wijst op een grond om de klacht niet in behandeling te nemen.", "Note: the complaints procedure points to a ground for declining the complaint.";
    SuggestConduct => "De gedraging is meer dan een jaar voor de ontvangst.", "The conduct took place more than a year before receipt.";
    SuggestRepeat => "Mogelijk dezelfde klacht van dezelfde klager als", "Possibly the same complaint by the same complainant as";
    SuggestAnonymous => "De klager is anoniem.", "The complainant is anonymous.";
    SuggestionsDecide => "De klachtenbehandelaar beslist. Registreer de klacht toch als ze binnenkwam.", "The complaints handler decides. Register the complaint anyway as it arrived.";
    RegisterSubmit => "Controleren en registreren", "Check and register";
    RegisterAnyway => "Toch registreren", "Register anyway";

    // Complaint detail.
    AnonymisedNotice => "Geanonimiseerde weergave: u ziet deze klacht zonder gegevens die iemand herkenbaar maken.", "Anonymised view: you see this complaint without data that identify anyone.";
    ReceivedMonth => "Ontvangen in", "Received in";
    ProcedureVersion => "klachtenregeling", "procedure";
    Clocks => "Termijnen", "Deadlines";
    Clock => "Termijn", "Deadline";
    DueOn => "Uiterlijk", "Due";
    State => "Stand", "State";
    AnonymousComplainant => "Anonieme klager.", "Anonymous complainant.";
    Handling => "Behandeling", "Handling";
    NotAssigned => "nog niet toegewezen", "not assigned yet";
    Assigned => "toegewezen", "assigned";
    RegisteredBy => "Geregistreerd door", "Registered by";
    Colleague => "een collega", "a colleague";
    InvolvedParties => "Betrokkenen", "Involved parties";
    NoneYet => "nog geen", "none yet";
    DpoAdvice => "Advies van de FG", "DPO advice";
    DpoRequestedOn => "Gevraagd op", "Requested on";
    Advice => "Advies", "Advice";
    AdvisedOn => "Advies gegeven op", "Advice given on";
    Followed => "Advies wordt gevolgd", "Advice is followed";
    Reason => "Toelichting", "Reason";
    Conversations => "Gesprekken en afspraken", "Conversations and agreements";
    ConversationSummary => "Wat is besproken", "What was discussed";
    Agreements => "Afspraken", "Agreements";
    Summary => "Geanonimiseerde samenvatting", "Anonymised summary";
    SummaryAsWritten => "Zoals geschreven", "As written";
    SummaryAsShown => "Zoals anderen het zien", "As others see it";
    Reviewed => "Goedgekeurd", "Approved";
    NoSummaryYet => "Nog geen goedgekeurde samenvatting.", "No approved summary yet.";
    RootCause => "Oorzaak", "Root cause";
    Measures => "Maatregelen en verbetervoorstellen", "Measures and improvement proposals";
    Timeline => "Tijdlijn", "Timeline";
    EventRegistered => "Geregistreerd", "Registered";
    EventLetterGenerated => "Brief gemaakt", "Letter generated";
    EventLetterSent => "Brief verstuurd", "Letter sent";
    EventHoldPlaced => "Bewaarplicht ingesteld", "Legal hold placed";
    EventHoldReleased => "Bewaarplicht opgeheven", "Legal hold released";

    // Letters.
    Letters => "Brieven", "Letters";
    LetterAcknowledgement => "Ontvangstbevestiging", "Acknowledgement";
    LetterSupplementRequest => "Verzoek tot aanvulling", "Request for a supplement";
    LetterConversation => "Bevestiging gesprek en afspraken", "Confirmation of the conversation";
    LetterDecline => "Besluit niet in behandeling", "Decision not to handle";
    LetterClosing => "Afsluitende brief", "Closing letter";
    ViaPost => "per post", "by post";
    ViaEmail => "per e-mail", "by e-mail";
    NotSentYet => "nog niet verstuurd", "not sent yet";
    SentOn => "verstuurd op", "sent on";
    Download => "Downloaden (PDF)", "Download (PDF)";
    MarkSentByPost => "Per post verstuurd", "Sent by post";
    SendByEmail => "E-mailen naar klager", "E-mail to the complainant";
    NewLetter => "Nieuwe brief", "New letter";
    LetterKindLabel => "Soort brief", "Kind of letter";
    WhatIsMissing => "Wat ontbreekt er?", "What is missing?";
    MakeLetter => "Brief maken", "Make letter";
    LetterDone => "Gedaan.", "Done.";

    // Legal hold.
    LegalHoldTitle => "Bewaarplicht", "Legal hold";
    LegalHoldActive => "Dit dossier wordt niet vernietigd zolang de bewaarplicht geldt. Sinds", "This file is not purged while the legal hold stands. Since";
    LegalHoldNone => "Geen bewaarplicht: het dossier wordt een jaar na afsluiting vernietigd.", "No legal hold: the file is purged a year after closure.";
    LegalHoldReason => "Reden (bijvoorbeeld een lopende rechtszaak)", "Reason (e.g. a pending court case)";
    PlaceHold => "Bewaarplicht instellen", "Place legal hold";
    ReleaseHold => "Bewaarplicht opheffen", "Release legal hold";

    // Audit log and outbox.
    NavAudit => "Toezicht", "Oversight";
    AuditTitle => "Auditlog", "Audit log";
    AuditHint => "Wie deed wat, wanneer: elke stap, elke inzage van herleidbare gegevens, elke (mislukte) aanmelding. Het log bevat geen herleidbare gegevens zelf. Tijden in Nederlandse tijd.", "Who did what, when: every step, every read of identifying data, every (failed) login. The log itself holds no identifying data. Times in Dutch time.";
    AuditPerson => "Persoon", "Person";
    AuditFrom => "Vanaf", "From";
    AuditTo => "Tot en met", "To";
    AuditEmpty => "Geen regels voor dit filter.", "No entries for this filter.";
    Filter => "Filteren", "Filter";
    AuditWhen => "Wanneer", "When";
    AuditWho => "Wie", "Who";
    AuditWhat => "Wat", "What";
    AuditComplaint => "Klacht", "Complaint";
    OutboxTitle => "Uitgaande e-mail", "Outgoing mail";
    OutboxEmpty => "Er is nog geen e-mail verstuurd.", "No mail has been sent yet.";
    OutboxTo => "Aan", "To";
    OutboxAttempts => "pogingen", "attempts";
    NextSteps => "Volgende stappen", "Next steps";
    StepSaved => "Opgeslagen.", "Saved.";
    AcknowledgedOn => "Ontvangstbevestiging verstuurd op", "Acknowledgement sent on";
    ContactOn => "Contact gehad op", "Contact made on";
    HeldOn => "Gesprek gevoerd op", "Conversation held on";
    ConversationKind => "Soort gesprek", "Kind of conversation";
    AgreementsHint => "De afspraken worden schriftelijk aan de klager bevestigd.", "The agreements are confirmed to the complainant in writing.";
    RequestedOn => "Gevraagd op", "Requested on";
    SupplementDueOn => "Aanvulling uiterlijk", "Supplement due by";
    SupplementHint => "De afhandeltermijn staat stil tot de aanvulling binnen is.", "The settlement clock waits until the supplement arrives.";
    SupplementReceivedOn => "Aanvulling ontvangen op", "Supplement received on";
    DecidedOn => "Besloten op", "Decided on";
    DeclineGround => "Grond", "Ground";
    SuggestedGrounds => "De regels wijzen op:", "The rules point to:";
    WithdrawnOn => "Ingetrokken op", "Withdrawn on";
    ResolvedOn => "Afgehandeld op", "Resolved on";
    Outcome => "Uitkomst", "Outcome";
    ResolveHint => "De klager krijgt een afsluitende brief met de mogelijkheid om naar de burgerlijke rechter te gaan.", "The complainant receives a closing letter that names the civil court.";
    Person => "Persoon", "Person";
    SummaryText => "Samenvatting voor het directieoverleg", "Summary for the directors' meeting";
    SummaryHint => "Namen, contactgegevens en adressen worden vervangen voordat anderen de tekst zien.", "Names, contact data and addresses are replaced before others see the text.";
    PreviewLabel => "Zo zien anderen het:", "This is what others see:";
    ReviewedLabel => "Ik heb de geanonimiseerde tekst gecontroleerd en keur hem goed", "I checked the anonymised text and approve it";
    NotReviewedYet => "Nog niet nagelezen: de tekst verschijnt hier zodra hij geanonimiseerd is goedgekeurd.", "Not reviewed yet: the text appears here once its anonymised form is approved.";
    ApproveText => "Geanonimiseerde tekst goedkeuren", "Approve the anonymised text";
    RootCauseCategory => "Soort oorzaak", "Kind of cause";
    RootCauseText => "Toelichting", "Explanation";

    // Clocks.
    ClockAcknowledgement => "ontvangstbevestiging", "acknowledgement";
    ClockFirstContact => "eerste contact", "first contact";
    ClockResolution => "afhandeling", "settlement";
    ClockPrivacy => "afhandeling privacyklacht", "privacy settlement";
    ClockRetention => "bewaartermijn", "retention";
    ClockOpen => "loopt", "running";
    ClockDueSoon => "bijna verlopen", "due soon";
    ClockSuspended => "staat stil", "suspended";
    ClockMet => "gehaald", "met";
    ClockLate => "te laat", "late";
    ClockStopped => "vervallen", "stopped";
    OutcomePending => "loopt", "pending";
    OutcomeNotApplicable => "niet van toepassing", "not applicable";

    // Statuses, categories, channels.
    StatusReceived => "Ontvangen", "Received";
    StatusAcknowledged => "Ontvangst bevestigd", "Acknowledged";
    StatusInTreatment => "In behandeling", "In treatment";
    StatusDiscussed => "Besproken", "Discussed";
    StatusAwaitingSupplement => "Wacht op aanvulling", "Awaiting supplement";
    StatusResolved => "Afgehandeld", "Resolved";
    StatusDeclined => "Niet in behandeling genomen", "Declined";
    StatusWithdrawn => "Ingetrokken", "Withdrawn";
    StatusPurged => "Verwijderd na bewaartermijn", "Purged after retention";
    CategoryService => "Dienstverlening", "Service";
    CategoryEmployee => "Een medewerker", "An employee";
    CategoryThirdParty => "Een derde", "A third party";
    CategoryPersonalData => "Persoonsgegevens", "Personal data";
    ChannelLetter => "Brief", "Letter";
    ChannelEmail => "E-mail", "E-mail";
    ChannelPhone => "Telefoon", "Phone";
    ChannelInPerson => "Persoonlijk", "In person";
    ChannelWebForm => "Webformulier", "Web form";
    GroundConductOverOneYearAgo => "Gedraging meer dan een jaar geleden", "Conduct more than a year ago";
    GroundSameComplaint => "Zelfde klacht al ingediend", "Same complaint already filed";
    GroundIncomplete => "Onvolledig en niet aangevuld", "Incomplete and not supplemented";
    GroundAnonymous => "Anoniem", "Anonymous";
    ConversationPhone => "Telefonisch", "By phone";
    ConversationMeeting => "Persoonlijk gesprek", "Meeting";
    MeasureProposed => "voorgesteld", "proposed";
    MeasureAgreed => "afgesproken", "agreed";
    MeasureInProgress => "in uitvoering", "in progress";
    MeasureDone => "gereed", "done";
    MeasureDropped => "vervallen", "dropped";
    KindMeasure => "Maatregel", "Measure";
    KindProposal => "Verbetervoorstel", "Improvement proposal";

    // Steps.
    ActionAcknowledge => "Ontvangst bevestigen", "Acknowledge receipt";
    ActionRecordContact => "Contact vastleggen", "Record contact";
    ActionRecordConversation => "Gesprek en afspraken vastleggen", "Record conversation and agreements";
    ActionRequestSupplement => "Aanvulling vragen", "Request a supplement";
    ActionRecordSupplement => "Aanvulling ontvangen", "Supplement received";
    ActionDecline => "Niet in behandeling nemen", "Decline";
    ActionWithdraw => "Intrekking vastleggen", "Record withdrawal";
    ActionResolve => "Afhandelen", "Resolve";
    ActionRequestDpoAdvice => "FG om advies vragen", "Ask the DPO for advice";
    ActionRecordDpoAdvice => "FG-advies vastleggen", "Record the DPO's advice";
    ActionAssignHandler => "Klachtenbehandelaar toewijzen", "Assign the complaints handler";
    ActionAddInvolvedParty => "Betrokkene toevoegen", "Add an involved party";
    ActionRemoveInvolvedParty => "Betrokkene verwijderen", "Remove an involved party";
    ActionUpdateAnonymisedSummary => "Geanonimiseerde samenvatting", "Anonymised summary";
    ActionRecordRootCause => "Oorzaak vastleggen", "Record the root cause";
    ActionPurge => "Verwijderen na bewaartermijn", "Purge after retention";

    // Roles.
    RoleStaff => "Medewerker", "Staff";
    RoleHandler => "Klachtenbehandelaar", "Complaints handler";
    RoleDirector => "Directie", "Director";
    RoleDpo => "FG", "DPO";
    RoleAdmin => "Functioneel beheer", "Administrator";
    RoleIntegration => "Koppeling", "Integration";

    // Beheer.
    AdminTitle => "Beheer", "Administration";
    Users => "Gebruikers", "Users";
    NoUsers => "Nog geen gebruikers.", "No users yet.";
    Roles => "Rollen", "Roles";
    Inactive => "inactief", "inactive";
    Active => "Mag inloggen", "May log in";
    RoleChangeHint => "Een rolwijziging of deactivering beëindigt de sessies van deze gebruiker direct. Behandelaar, directie en FG zien wie klaagde: een directeur keurt die rollen goed.", "A role change or deactivation ends this user's sessions at once. Handler, director and DPO see who complained: a director approves those roles.";
    NewUser => "Nieuwe gebruiker", "New user";
    InitialPassword => "Eerste wachtwoord (minstens 10 tekens)", "Initial password (at least 10 characters)";
    CreateUser => "Gebruiker aanmaken", "Create user";
    UserCreated => "Gebruiker aangemaakt.", "User created.";
    CalendarTitle => "Werkdagenkalender", "Working-day calendar";
    ComingDaysOff => "Komende feest- en sluitingsdagen", "Coming holidays and closure days";
    CalendarVersions => "Versies", "Versions";
    EffectiveFrom => "Geldt vanaf", "Applies from";
    GoodFriday => "Goede Vrijdag", "Good Friday";
    GoodFridayOff => "Goede Vrijdag is een vrije dag", "Good Friday is a day off";
    LiberationDay => "Bevrijdingsdag (5 mei)", "Liberation Day (5 May)";
    LiberationEveryYear => "elk jaar", "every year";
    LiberationEveryFifthYear => "eens in de vijf jaar", "every fifth year";
    LiberationNever => "nooit", "never";
    ClosureDays => "Sluitingsdagen", "Closure days";
    AddClosureDay => "Sluitingsdag toevoegen", "Add closure day";
    NewCalendarVersion => "Nieuwe kalenderversie", "New calendar version";
    CalendarHint => "Geldt voor klachten die vanaf de gekozen datum binnenkomen; eerdere klachten houden hun termijnen.", "Applies to complaints received from the chosen date on; earlier complaints keep their deadlines.";
    SaveCalendar => "Kalenderversie opslaan", "Save calendar version";
    CalendarSaved => "Kalenderversie opgeslagen.", "Calendar version saved.";
    ProcedureTitle => "Klachtenregeling", "Complaints procedure";
    ProcedureText => "Tekst van de regeling", "Text of the procedure";
    DeclineLimit => "niet in behandeling na", "may be declined after";
    NewProcedureVersion => "Nieuwe versie van de regeling", "New version of the procedure";
    ProcedureHint => "Geldt voor klachten die vanaf de gekozen datum binnenkomen; eerdere klachten houden de versie waaronder ze zijn geregistreerd. Termijnen in werkdagen: 1 tot 366; in maanden: 1 tot 120.", "Applies to complaints received from the chosen date on; earlier complaints keep the version they were registered under. Periods in working days: 1 to 366; in months: 1 to 120.";
    SaveProcedure => "Versie van de regeling opslaan", "Save procedure version";
    ProcedureSaved => "Versie van de regeling opgeslagen.", "Procedure version saved.";

    // Measures board, meetings and the dashboard.
    ErrSummaryMissing => "Een klacht op de agenda heeft nog geen beoordeelde geanonimiseerde samenvatting. Laat de klachtenbehandelaar die eerst schrijven.", "A complaint on the agenda has no reviewed anonymised summary yet. Have the complaints handler write one first.";
    NavMeasures => "Maatregelen", "Measures";
    NavMeetings => "Overleg", "Meetings";
    NavDashboard => "Cijfers", "Figures";
    NewMeasure => "Nieuwe maatregel of verbetervoorstel", "New measure or improvement proposal";
    MeasureOnComplaint => "Deze maatregel hoort bij de klacht waar u vandaan kwam.", "This measure belongs to the complaint you came from.";
    MeasureKindLabel => "Soort", "Kind";
    MeasureDescription => "Wat moet er gebeuren?", "What is to be done?";
    MeasureOwner => "Eigenaar", "Owner";
    MeasureDue => "Uiterlijk", "Due by";
    MeasureNextStatus => "Status van de maatregel", "Status of the measure";
    MyMeasures => "Mijn maatregelen", "My measures";
    ToBoard => "Naar het overzicht van alle maatregelen", "To the board of all measures";
    ToComplaint => "Naar de klacht", "To the complaint";
    NoMeasures => "Geen maatregelen.", "No measures.";
    OnlyLate => "Alleen te late", "Late ones only";
    NewMeeting => "Nieuw overleg", "New meeting";
    MeetingTitle => "Titel", "Title";
    MeetingKindLabel => "Soort overleg", "Kind of meeting";
    MeetingDate => "Datum", "Date";
    MeetingDirectors => "Directieoverleg", "Directors' meeting";
    MeetingOther => "Ander overleg", "Other consultation";
    MeetingDraft => "concept", "draft";
    MeetingPublished => "gepubliceerd", "published";
    NoMeetings => "Nog geen overleg.", "No meetings yet.";
    AgendaItems => "agendapunten", "agenda items";
    AgendaAnonymised => "Deze agenda is geanonimiseerd: geen namen, contactgegevens of feiten, data als maand.", "This agenda is anonymised: no names, contact details or facts, dates as months.";
    AgendaUnsummarised => "Publiceren kan pas als deze klachten een beoordeelde samenvatting hebben:", "Publishing waits until these complaints have a reviewed summary:";
    AgendaEmpty => "De agenda is nog leeg.", "The agenda is still empty.";
    AddAgendaItem => "Agendapunt toevoegen", "Add an agenda item";
    AddToAgenda => "Op de agenda zetten", "Put on the agenda";
    PublishAgenda => "Agenda publiceren", "Publish the agenda";
    ExportPdf => "Download als PDF", "Download as PDF";
    ExportMarkdown => "Download als Markdown (voor de uitnodiging)", "Download as Markdown (for the invitation)";
    Print => "Afdrukken", "Print";
    Complaint => "Klacht", "Complaint";
    SummaryMissing => "Nog geen beoordeelde samenvatting.", "No reviewed summary yet.";
    Decision => "Besluit", "Decision";
    RecordDecision => "Besluit vastleggen", "Record the decision";
    DecisionNewMeasure => "Met een nieuwe maatregel", "With a new measure";
    MoveUp => "Omhoog", "Move up";
    MoveDown => "Omlaag", "Move down";
    Minutes => "Notulen", "Minutes";
    MinutesHint => "Namen en contactgegevens worden voor lezers weggelaten.", "Names and contact details are left out for readers.";
    NoMinutes => "Nog geen notulen.", "No minutes yet.";
    Year => "Jaar", "Year";
    PeriodLabel => "Per", "Per";
    PerMonth => "maand", "month";
    PerQuarter => "kwartaal", "quarter";
    PerYear => "jaar", "year";
    ShowAnonymised => "Zoals anderen het zien (< 5)", "As others see it (< 5)";
    AnnualReport => "Jaarverslag (PDF)", "Annual report (PDF)";
    StatsAnonymised => "Aantallen van 1 tot en met 4 staan er als \"< 5\", zodat niemand herkenbaar is.", "Counts of 1 to 4 show as \"< 5\", so that no one can be singled out.";
    StatsExact => "Exacte aantallen: alleen voor de directie.", "Exact counts: for the directors only.";
    StatReceived => "ontvangen", "received";
    StatOpen => "nog open", "still open";
    StatOpenMeasures => "open maatregelen", "open measures";
    ChartReceived => "Ontvangen klachten per periode", "Complaints received per period";
    ChartOnTime => "Op tijd (%) per termijn", "On time (%) per clock";
    ChartOnTimeEmpty => "Nog te weinig termijnen verstreken om een aandeel te tonen.", "Too few clocks have run out yet to show a share.";
    OnTimeShare => "Op tijd", "On time";
    HandlingTime => "Doorlooptijd in werkdagen (mediaan / 90%)", "Handling time in working days (median / 90%)";
    ApiClientsTitle => "Koppelingen (API-sleutels)", "Integrations (API keys)";
    ApiClientsHint => "Een koppeling ziet alleen geanonimiseerde gegevens, en alleen wat haar bevoegdheden toestaan.", "An integration sees anonymised data only, and only what its scopes allow.";
    ApiClientName => "Naam", "Name";
    ApiClientPurpose => "Waarvoor", "What for";
    ApiClientScopes => "Bevoegdheden", "Scopes";
    ApiClientBudget => "Eenheden per minuut", "Units per minute";
    ApiClientExpires => "Geldig tot en met (leeg: geen einddatum)", "Valid up to and including (empty: no end)";
    ApiClientCreate => "Koppeling aanmaken", "Create the integration";
    ApiKeyOnce => "Bewaar deze sleutel nu: hij wordt niet nog eens getoond.", "Store this key now: it will not be shown again.";
    ApiKeyRotate => "Nieuwe sleutel (de oude werkt nog 24 uur)", "New key (the old one works for 24 more hours)";
    ApiClientRevoke => "Intrekken", "Revoke";
    ApiClientRevoked => "ingetrokken", "revoked";
    WebhookFailed => "mislukte leveringen", "failed deliveries";
    WebhookOff => "Uitzetten", "Switch off";
    WebhookOn => "Aanzetten", "Switch on";
    NoApiClients => "Nog geen koppelingen.", "No integrations yet.";
    ScopeReadComplaints => "klachten lezen", "read complaints";
    ScopeReadStatistics => "cijfers lezen", "read figures";
    ScopeReadAgendas => "agenda's lezen", "read agendas";
    ScopeReadMeasures => "maatregelen lezen", "read measures";
    ScopeUpdateMeasureStatus => "status van maatregelen wijzigen", "change the status of measures";
    ScopeManageWebhooks => "webhooks beheren", "manage webhooks";
    CauseCategoriesTitle => "Soorten oorzaak", "Kinds of cause";
    CauseCode => "Code (kleine letters, cijfers, -)", "Code (lowercase letters, digits, -)";
    CauseLabel => "Naam", "Name";
    SwitchOff => "Uitzetten", "Switch off";
    SwitchOn => "Weer aanzetten", "Switch on again";
    DeclinedByGround => "Niet in behandeling, per grond", "Declined, per ground";
    // Toezicht: what each audit entry records, and the state of outgoing mail.
    AuditActAcknowledge => "Ontvangst bevestigd", "Receipt acknowledged";
    AuditActRecordContact => "Contact vastgelegd", "Contact recorded";
    AuditActRecordConversation => "Gesprek vastgelegd", "Conversation recorded";
    AuditActRequestSupplement => "Aanvulling gevraagd", "Supplement requested";
    AuditActRecordSupplement => "Aanvulling ontvangen", "Supplement received";
    AuditActDecline => "Niet in behandeling genomen", "Declined";
    AuditActWithdraw => "Ingetrokken", "Withdrawn";
    AuditActResolve => "Afgehandeld", "Resolved";
    AuditActRequestDpoAdvice => "Advies FG gevraagd", "DPO advice requested";
    AuditActRecordDpoAdvice => "Advies FG vastgelegd", "DPO advice recorded";
    AuditActAssignHandler => "Behandelaar toegewezen", "Handler assigned";
    AuditActAddInvolvedParty => "Betrokkene toegevoegd", "Involved party added";
    AuditActRemoveInvolvedParty => "Betrokkene verwijderd", "Involved party removed";
    AuditActUpdateSummary => "Geanonimiseerde samenvatting bijgewerkt", "Anonymised summary updated";
    AuditActRecordRootCause => "Grondoorzaak vastgelegd", "Root cause recorded";
    AuditActPurge => "Gegevens gewist (bewaartermijn)", "Data erased (retention)";
    AuditActRegister => "Klacht geregistreerd", "Complaint registered";
    AuditActAgendaExported => "Agenda gedownload", "Agenda downloaded";
    AuditActAgendaItemAdded => "Op de agenda gezet", "Put on the agenda";
    AuditActAgendaItemRemoved => "Van de agenda gehaald", "Taken off the agenda";
    AuditActAgendaPublished => "Agenda gepubliceerd", "Agenda published";
    AuditActApiClientCreated => "Koppeling aangemaakt", "Integration created";
    AuditActApiClientRevoked => "Koppeling ingetrokken", "Integration revoked";
    AuditActApiKeyRotated => "Sleutel van koppeling vervangen", "Integration key replaced";
    AuditActApiOperationAdded => "Bewerking voor koppeling toegestaan", "Operation allowed for an integration";
    AuditActApiOperationRemoved => "Bewerking voor koppeling ingetrokken", "Operation withdrawn from an integration";
    AuditActApiRequest => "Verzoek van een koppeling", "Request by an integration";
    AuditActAuditChainKeyed => "Auditketen met sleutel beveiligd", "Audit chain keyed";
    AuditActAuditLogRead => "Auditlog ingezien", "Audit log read";
    AuditActCalendarSaved => "Kalender opgeslagen", "Calendar saved";
    AuditActCauseCategorySaved => "Oorzaakcategorie opgeslagen", "Cause category saved";
    AuditActDecisionRecorded => "Besluit vastgelegd", "Decision recorded";
    AuditActDemoLoaded => "Demogegevens geladen", "Demo data loaded";
    AuditActDenied => "Geweigerd", "Refused";
    AuditActLegalHoldPlaced => "Bewaarplicht ingesteld", "Legal hold placed";
    AuditActLegalHoldReleased => "Bewaarplicht opgeheven", "Legal hold released";
    AuditActLetterGenerated => "Brief gemaakt", "Letter generated";
    AuditActLetterRead => "Brief gedownload", "Letter downloaded";
    AuditActLetterSent => "Brief verstuurd", "Letter sent";
    AuditActLogin => "Ingelogd", "Logged in";
    AuditActLoginFailed => "Inloggen mislukt", "Login failed";
    AuditActLogout => "Uitgelogd", "Logged out";
    AuditActMeasureAdded => "Maatregel toegevoegd", "Measure added";
    AuditActMeasureReviewed => "Omschrijving maatregel beoordeeld", "Measure description reviewed";
    AuditActMeasureStatus => "Status maatregel gewijzigd", "Measure status changed";
    AuditActMeetingCreated => "Overleg aangemaakt", "Meeting created";
    AuditActMeetingUpdated => "Overleg gewijzigd", "Meeting changed";
    AuditActMinutesSaved => "Verslag opgeslagen", "Minutes saved";
    AuditActPasswordChanged => "Wachtwoord gewijzigd", "Password changed";
    AuditActProcedureSaved => "Versie klachtenregeling opgeslagen", "Procedure version saved";
    AuditActPurgeFailed => "Wissen mislukt", "Erasure failed";
    AuditActReadIdentified => "Herleidbare gegevens ingezien", "Identifying data read";
    AuditActReportExported => "Jaarverslag gedownload", "Annual report downloaded";
    AuditActRolesChanged => "Rollen gewijzigd", "Roles changed";
    AuditActRoleProposed => "Rolwijziging voorgesteld", "Role change proposed";
    AuditActRoleRejected => "Rolwijziging afgewezen", "Role change rejected";
    AuditActUserCreated => "Gebruiker aangemaakt", "User created";
    AuditActUserUpdated => "Gebruiker gewijzigd", "User changed";
    AuditActWebhookCreated => "Webhook aangemaakt", "Webhook created";
    AuditActWebhookDeleted => "Webhook verwijderd", "Webhook deleted";
    AuditActWebhookPinged => "Webhook getest", "Webhook tested";
    AuditActWebhookRedelivered => "Webhookbericht opnieuw verstuurd", "Webhook delivery resent";
    AuditActWebhookSecretRotated => "Webhookgeheim vervangen", "Webhook secret replaced";
    AuditActWebhookSwitchedOff => "Webhook uitgezet", "Webhook switched off";
    AuditActWebhookUpdated => "Webhook gewijzigd", "Webhook changed";
    AuditComplaintOne => "klacht", "complaint";
    AuditComplaintMany => "klachten", "complaints";
    MailQueued => "Wacht op verzending", "Waiting to be sent";
    MailSent => "Verstuurd", "Sent";
    MailFailed => "Opgegeven", "Given up";
    MailErased => "Gewist", "Erased";
}

impl T {
    /// The text in `lang`: English once its file has arrived, Dutch until then.
    pub fn text(self, lang: Lang) -> &'static str {
        match (lang, ENGLISH.get()) {
            (Lang::En, Some(english)) => english.get(self as usize).copied().unwrap_or_default(),
            _ => self.dutch(),
        }
    }
}

/// The English texts, in the order of `T`. They are not in the wasm: the build writes them to
/// a file of their own (`en-<hash>.json`, named in `index.html`), fetched only by those who
/// choose English, which keeps the first load smaller for everyone else.
static ENGLISH: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Fetches the English texts once; `false` when they cannot be had (the app stays Dutch).
async fn load_english() -> bool {
    if ENGLISH.get().is_some() {
        return true;
    }
    let Some(url) = crate::js::meta("klachten-english") else {
        return false;
    };
    let Ok(response) = gloo_net::http::Request::get(&url).send().await else {
        return false;
    };
    let Ok(body) = response.text().await else {
        return false;
    };
    let Ok(parsed) = js_sys::JSON::parse(&body) else {
        return false;
    };
    let texts: Vec<&'static str> = js_sys::Array::from(&parsed)
        .iter()
        .filter_map(|t| t.as_string())
        .map(|t| &*Box::leak(t.into_boxed_str()))
        .collect();
    // A file from another build would put texts on the wrong keys.
    texts.len() == T::COUNT && ENGLISH.set(texts).is_ok()
}

/// Before the app shows: the English texts, when English was chosen before.
pub async fn prepare() {
    if chosen_lang() == Lang::En {
        load_english().await;
    }
}

/// The language chosen on this device (Dutch unless English was).
pub fn chosen_lang() -> Lang {
    match storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        Some(stored) if stored == "en" => Lang::En,
        _ => Lang::Nl,
    }
}

/// The chosen language, shared through context and kept in local storage (only the language:
/// nothing about the session is stored).
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

const STORAGE_KEY: &str = "klachten.taal";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

impl I18n {
    /// Dutch unless English was chosen before (and its texts arrived: see [`prepare`]).
    pub fn start() -> Self {
        let lang = match chosen_lang() {
            Lang::En if ENGLISH.get().is_some() => Lang::En,
            _ => Lang::Nl,
        };
        set_document_lang(lang);
        Self(RwSignal::new(lang))
    }

    /// From context.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The language (reactive).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// Switches the language, once English has arrived when that is the choice.
    pub fn set(self, lang: Lang) {
        leptos::task::spawn_local(async move {
            if lang == Lang::En && !load_english().await {
                return;
            }
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, lang.code());
            }
            set_document_lang(lang);
            self.0.set(lang);
        });
    }

    /// `key` in the current language (reactive).
    pub fn t(self, key: T) -> &'static str {
        key.text(self.0.get())
    }

    /// `key` as a view or an attribute value that follows the language switch. Every text
    /// shares this one closure type, so the app holds one copy of its rendering code.
    pub fn tr(self, key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// `key` in the current language, without subscribing.
    pub fn t_untracked(self, key: T) -> &'static str {
        key.text(self.0.get_untracked())
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// `YYYY-MM-DD` as `dd-mm-jjjj`, and a month, `YYYY-MM`, as `mm-jjjj`.
pub fn date(iso: &str) -> String {
    match (iso.get(..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}-{m}-{y}"),
        (Some(y), Some(m), None) => format!("{m}-{y}"),
        _ => iso.to_owned(),
    }
}

/// `YYYY-MM` as `mm-jjjj`.
pub fn month(iso: &str) -> String {
    match (iso.get(..4), iso.get(5..7)) {
        (Some(y), Some(m)) => format!("{m}-{y}"),
        _ => iso.to_owned(),
    }
}

/// The date of an RFC 3339 instant, as `dd-mm-jjjj` (the server writes instants in UTC; the
/// timeline shows the step's own date where it has one).
pub fn instant_date(rfc3339: &str) -> String {
    date(rfc3339.get(..10).unwrap_or(rfc3339))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_month_year() {
        assert_eq!(date("2025-04-28"), "28-04-2025");
        assert_eq!(month("2025-04"), "04-2025");
        assert_eq!(
            date("2025-04"),
            "04-2025",
            "a month where the view shows no day"
        );
        assert_eq!(instant_date("2026-11-23T10:15:00Z"), "23-11-2026");
        assert_eq!(date("bad"), "bad");
    }

    #[test]
    fn texts_are_dutch_until_english_arrives() {
        assert_eq!(T::NavHome.text(Lang::Nl), "Mijn werk");
        assert_eq!(T::NavHome.text(Lang::En), "Mijn werk");
    }
}
