//! A bounded load run against the real server binary: every 2xx answer must be a stored row.
//!
//! Issue 6 asks for proof that nothing acknowledged is lost under load. Eight clients post unique
//! responses over keep-alive connections for at most three seconds (and at most 600 each), then the
//! admin API must list exactly as many rows as there were 201 answers. Timing is not asserted:
//! throughput figures belong to `cargo xtask bench`.

use medvirk_e2e::Server;
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;
const MAX_PER_CLIENT: usize = 600;
const RUN_FOR: Duration = Duration::from_secs(3);

fn payload(client: usize, n: usize) -> String {
    // A valid UUID v4 made from the client and sequence numbers, so every request is a new response.
    let id = format!("{:08x}-{:04x}-4000-8000-{:012x}", client, n % 0xffff, n);
    format!(
        r#"{{"schemaVersion":1,"responseId":"{id}","widgetId":"load","rating":{{"value":{v},"scale":5}},"language":"nb","page":{{"path":"/load"}},"clientTimestamp":"2026-11-23T10:00:00Z"}}"#,
        v = n % 5 + 1
    )
}

#[test]
fn every_acknowledged_rating_under_load_is_stored() {
    let server = Server::start_with_args(&["--rate-limit", "off"], &[]);
    let url = format!("{}/api/v1/feedback", server.url);
    let deadline = Instant::now() + RUN_FOR;
    let handles: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(10)))
                    .build()
                    .into();
                let (mut created, mut other) = (0usize, Vec::new());
                for n in 0..MAX_PER_CLIENT {
                    if Instant::now() > deadline {
                        break;
                    }
                    let resp = agent
                        .post(&url)
                        .header("Content-Type", "application/json")
                        .send(payload(client, n).as_str());
                    match resp {
                        Ok(r) if r.status().as_u16() == 201 => created += 1,
                        Ok(r) => other.push(r.status().as_u16().to_string()),
                        Err(e) => other.push(e.to_string()),
                    }
                }
                (created, other)
            })
        })
        .collect();
    let mut created = 0;
    let mut failures = Vec::new();
    for h in handles {
        let (c, f) = h.join().expect("load client thread");
        created += c;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "every request of a valid, unique response must be created: {failures:?}"
    );
    assert!(created > 0, "the load run sent nothing");
    let stored = server.feedback().len();
    assert_eq!(
        stored, created,
        "rows stored must equal 201 answers ({created} acknowledged)"
    );
    println!("load run: {created} ratings acknowledged and stored by {CLIENTS} clients");
}
