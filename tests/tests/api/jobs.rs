//! Background jobs: each runs once however many workers ask; a dead worker's job comes back
//! after its lease; a failing job is retried, then given up; one replica runs each daily scan.

use chrono::Duration;
use klachten::db::jobs;
use klachten_tests::{TestApp, date};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn three_workers_run_every_job_exactly_once() {
    let app = TestApp::on("2026-11-23").start().await;
    let now = app.clock_now();
    let mut queued = Vec::new();
    for n in 0..60 {
        queued.push(
            jobs::enqueue(&app.state.db, jobs::Kind::SendMail, &n.to_string(), now, 3)
                .await
                .unwrap(),
        );
    }
    // Three workers, each with its own connection pool, as three replicas would have.
    let ran: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let mut workers = Vec::new();
    for w in 0..3 {
        let db = klachten::db::connect(&app.database_url).await.unwrap();
        let ran = ran.clone();
        workers.push(tokio::spawn(async move {
            let name = format!("worker-{w}");
            while let Some(job) = jobs::claim(&db, &name, now).await.unwrap() {
                ran.lock().unwrap().push((job.id.clone(), name.clone()));
                tokio::task::yield_now().await;
                jobs::complete(&db, &job, &name, now).await.unwrap();
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let ran = ran.lock().unwrap().clone();
    let mut times: HashMap<String, usize> = HashMap::new();
    for (id, _) in &ran {
        *times.entry(id.clone()).or_default() += 1;
    }
    assert_eq!(ran.len(), 60, "every job ran once: {} runs", ran.len());
    for id in &queued {
        assert_eq!(
            times.get(id),
            Some(&1),
            "job {id} ran {:?} times",
            times.get(id)
        );
    }
    let busy: std::collections::HashSet<&String> = ran.iter().map(|(_, w)| w).collect();
    assert!(busy.len() >= 2, "the workers ran side by side: {busy:?}");
    assert!(
        jobs::claim(&app.state.db, "late", now)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_dead_workers_job_is_claimed_again_after_its_lease() {
    let app = TestApp::on("2026-11-23").start().await;
    let db = &app.state.db;
    let now = app.clock_now();
    jobs::enqueue(db, jobs::Kind::SendMail, "x", now, 3)
        .await
        .unwrap();
    let first = jobs::claim(db, "a", now)
        .await
        .unwrap()
        .expect("a claims it");
    assert!(
        jobs::claim(db, "b", now + Duration::minutes(1))
            .await
            .unwrap()
            .is_none()
    );
    let again = jobs::claim(db, "b", now + jobs::LEASE + Duration::seconds(1))
        .await
        .unwrap()
        .expect("b takes it over once the lease ran out");
    assert_eq!((again.id.as_str(), again.attempts), (first.id.as_str(), 2));
    // The dead worker coming back cannot finish what is no longer its job.
    jobs::complete(db, &first, "a", now).await.unwrap();
    assert!(
        jobs::claim(db, "c", now + Duration::minutes(20))
            .await
            .unwrap()
            .is_some(),
        "still b's, whose lease ran out too"
    );
}

#[tokio::test]
async fn a_failing_job_is_retried_later_then_given_up() {
    let app = TestApp::on("2026-11-23").start().await;
    let db = &app.state.db;
    let now = app.clock_now();
    jobs::enqueue(db, jobs::Kind::SendMail, "x", now, 2)
        .await
        .unwrap();
    let job = jobs::claim(db, "a", now).await.unwrap().unwrap();
    assert!(!jobs::fail(db, &job, "a", "UNREACHABLE", now).await.unwrap());
    assert!(
        jobs::claim(db, "a", now + Duration::seconds(30))
            .await
            .unwrap()
            .is_none(),
        "waits a minute"
    );
    let retry = jobs::claim(db, "a", now + Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(retry.attempts, 2);
    assert!(
        jobs::fail(db, &retry, "a", "UNREACHABLE", now)
            .await
            .unwrap(),
        "the last attempt"
    );
    assert!(
        jobs::claim(db, "a", now + Duration::days(1))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn one_replica_claims_each_daily_scan() {
    let app = TestApp::on("2026-11-20").start().await;
    let db = &app.state.db;
    let today = date("2026-11-20");
    assert!(jobs::claim_day(db, "purge", today).await.unwrap());
    assert!(
        !jobs::claim_day(db, "purge", today).await.unwrap(),
        "claimed twice on one day"
    );
    assert!(
        jobs::claim_day(db, "clocks", today).await.unwrap(),
        "each scan on its own"
    );
    assert!(
        jobs::claim_day(db, "purge", date("2026-11-21"))
            .await
            .unwrap()
    );
}
