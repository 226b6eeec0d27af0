//! Per-client rate limits on the public endpoints: token buckets in memory, keyed by a keyed hash of the client address.
//!
//! Abuse without tracking: the limiter must tell clients apart without remembering who they are.
//! So the key is a SipHash of the address under a random per-process key (`RandomState`); the
//! address itself is never stored, logged or written to the database, and the table is gone when
//! the process ends. IPv6 clients are keyed by their /64 prefix, because one household or phone
//! gets a whole /64 and could otherwise rotate through addresses for free.
//!
//! Each route group ([`Group`]) has its own bucket per client: `burst` requests at once, then
//! `per_minute` more per minute. An answer refused here is `429 Too Many Requests` with
//! `Retry-After` in seconds, which the widget outbox honours.
//!
//! Memory is bounded: at most [`MAX_CLIENTS`] buckets. Idle buckets (refilled to full, so
//! indistinguishable from a new client) are swept once a minute or when the table is full. If it
//! is still full (thousands of addresses at once, i.e. an attack), newcomers share one overflow
//! bucket per group until the sweep frees room: memory stays fixed, and known clients keep theirs.
//!
//! Behind a reverse proxy every request comes from the proxy's address, so all visitors would share
//! one bucket. `--trust-forwarded-for` makes the limiter use the last address of
//! `X-Forwarded-For` (the one the nearest proxy added) instead; it is off by default because
//! without a proxy that header is whatever the client wants it to be. Limits are per replica.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::marker::PhantomData;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::error::ApiError;

/// Most buckets kept at once (a bucket is a few dozen bytes: a few MB at most).
pub const MAX_CLIENTS: usize = 65_536;
/// How often idle buckets are dropped even when the table is not full.
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// When a sweep of a full table freed nothing, the next one waits this long (sweeps are O(n)).
const FULL_SWEEP_PAUSE: Duration = Duration::from_secs(1);

/// Burst and sustained rate of one bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests a client may make at once.
    pub burst: u32,
    /// Requests per minute after the burst is spent.
    pub per_minute: u32,
}

impl Default for RateLimit {
    /// 30 at once, then one a second: far beyond a person filling in a form (the smiley sends a
    /// POST and perhaps a PATCH; an outbox retries with backoff), far below a script.
    fn default() -> Self {
        RateLimit {
            burst: 30,
            per_minute: 60,
        }
    }
}

impl RateLimit {
    /// Parses `off` (→ `None`) or `BURST,PER_MINUTE` such as `30,60`.
    pub fn parse(value: &str) -> Result<Option<RateLimit>, String> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let parsed = value.split_once(',').and_then(|(b, p)| {
            let burst = b.trim().parse::<u32>().ok()?;
            let per_minute = p.trim().parse::<u32>().ok()?;
            (burst >= 1 && per_minute >= 1).then_some(RateLimit { burst, per_minute })
        });
        parsed.map(Some).ok_or_else(|| {
            format!("`{value}` is not `off` or BURST,PER_MINUTE with both at least 1 (e.g. 30,60)")
        })
    }

    fn per_second(self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }
}

/// The endpoints that share a bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// `POST /api/v1/feedback`, `PATCH /api/v1/feedback/{id}`.
    Feedback,
    /// `POST /api/v1/cases`, `POST /open311/v2/requests.json`.
    Cases,
    /// `GET /api/v1/cases/{receipt}`, `GET /open311/v2/requests/{id}.json`: slows receipt guessing.
    CaseStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Client(u64),
    /// Shared by newcomers while the table is full.
    Overflow,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

struct Table {
    buckets: HashMap<(Group, Key), Bucket>,
    last_sweep: Instant,
}

/// The limiter shared by all requests of one process.
pub struct RateLimiter {
    limit: RateLimit,
    trust_forwarded_for: bool,
    /// Random keys per process: the hash of an address means nothing outside this process.
    hasher: std::collections::hash_map::RandomState,
    table: Mutex<Table>,
    max_clients: usize,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limit", &self.limit)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .finish_non_exhaustive()
    }
}

impl RateLimiter {
    pub fn new(limit: RateLimit, trust_forwarded_for: bool) -> Self {
        Self::with_capacity(limit, trust_forwarded_for, MAX_CLIENTS)
    }

    /// A limiter holding at most `max_clients` buckets (tests use a small table).
    pub fn with_capacity(limit: RateLimit, trust_forwarded_for: bool, max_clients: usize) -> Self {
        RateLimiter {
            limit,
            trust_forwarded_for,
            hasher: std::collections::hash_map::RandomState::new(),
            table: Mutex::new(Table {
                buckets: HashMap::new(),
                last_sweep: Instant::now(),
            }),
            max_clients: max_clients.max(1),
        }
    }

    /// Buckets currently held.
    pub fn len(&self) -> usize {
        self.lock().buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        // A panic while holding the lock cannot leave a bucket half-updated in a harmful way.
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client's address: the peer, or with `--trust-forwarded-for` the last valid address
    /// of the last `X-Forwarded-For` header. `None` when neither is known.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        if self.trust_forwarded_for
            && let Some(forwarded) = headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        {
            return Some(forwarded);
        }
        peer
    }

    fn key(&self, client: Option<IpAddr>) -> u64 {
        match client.map(|ip| ip.to_canonical()) {
            Some(IpAddr::V4(v4)) => self.hasher.hash_one((4u8, v4.octets())),
            Some(IpAddr::V6(v6)) => self.hasher.hash_one((6u8, prefix64(v6))),
            // Requests without a peer (only possible in tests and odd embeddings) share one key.
            None => self.hasher.hash_one(0u8),
        }
    }

    /// Takes one token from the client's bucket of `group`, or says how many seconds until one
    /// is available.
    pub fn check(&self, group: Group, client: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let key = self.key(client);
        let limit = self.limit;
        let burst = f64::from(limit.burst);
        let rate = limit.per_second();
        let mut table = self.lock();
        let since_sweep = now.saturating_duration_since(table.last_sweep);
        let full = table.buckets.len() >= self.max_clients;
        if since_sweep >= SWEEP_EVERY || (full && since_sweep >= FULL_SWEEP_PAUSE) {
            table
                .buckets
                .retain(|_, b| refill(*b, now, burst, rate) < burst);
            table.last_sweep = now;
        }
        let mut key = (group, Key::Client(key));
        if !table.buckets.contains_key(&key) && table.buckets.len() >= self.max_clients {
            key.1 = Key::Overflow;
        }
        let bucket = table.buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        let tokens = refill(*bucket, now, burst, rate);
        bucket.last = now.max(bucket.last);
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            Ok(())
        } else {
            bucket.tokens = tokens;
            let wait = ((1.0 - tokens) / rate).ceil();
            // At least a second: `Retry-After: 0` would invite an immediate retry.
            Err((wait as u64).max(1))
        }
    }
}

/// The tokens of a bucket at `now`, capped at the burst.
fn refill(b: Bucket, now: Instant, burst: f64, rate: f64) -> f64 {
    let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
    (b.tokens + elapsed * rate).min(burst)
}

/// The /64 network of an IPv6 address.
fn prefix64(ip: Ipv6Addr) -> [u8; 8] {
    let o = ip.octets();
    [o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]]
}

/// How a route group's refusal looks: the JSON API's error body, or Open311's error list.
pub trait Limited: Send + Sync + 'static {
    const GROUP: Group;
    fn reject(retry_after: u64) -> Response;
}

/// The JSON API's 429.
fn api_429(retry_after: u64) -> Response {
    ApiError::too_many_requests(retry_after).into_response()
}

/// Open311's 429: `[{"code": 429, "description": ...}]`, as its other errors.
fn open311_429(retry_after: u64) -> Response {
    let body = json!([{
        "code": 429,
        "description": format!("Too many requests from this client; try again in {retry_after} s."),
    }]);
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

macro_rules! groups {
    ($($(#[$doc:meta])* $name:ident => $group:ident, $reject:path;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl Limited for $name {
            const GROUP: Group = Group::$group;
            fn reject(retry_after: u64) -> Response {
                $reject(retry_after)
            }
        }
    )*};
}

groups! {
    /// The smiley's POST and PATCH.
    FeedbackLimit => Feedback, api_429;
    /// A proposed case through the JSON API.
    CasesLimit => Cases, api_429;
    /// The public case status through the JSON API.
    CaseStatusLimit => CaseStatus, api_429;
    /// A proposed case through the Open311 facade (shares the bucket of [`CasesLimit`]).
    Open311Limit => Cases, open311_429;
    /// A case status through the Open311 facade (shares the bucket of [`CaseStatusLimit`]).
    Open311StatusLimit => CaseStatus, open311_429;
}

/// An extractor that spends one token of group `G` (or refuses with 429). As the first extractor
/// of a handler it runs before the body is read, so a throttled client costs almost nothing.
#[derive(Clone, Copy, Debug)]
pub struct Throttle<G>(PhantomData<G>);

impl<G: Limited> FromRequestParts<AppState> for Throttle<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(limiter) = state.rate_limiter.as_deref() else {
            return Ok(Throttle(PhantomData));
        };
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let client = limiter.client(peer, &parts.headers);
        limiter
            .check(G::GROUP, client, Instant::now())
            .map(|()| Throttle(PhantomData))
            .map_err(G::reject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn parse() {
        assert_eq!(RateLimit::parse("off"), Ok(None));
        assert_eq!(RateLimit::parse(" OFF "), Ok(None));
        assert_eq!(
            RateLimit::parse("10, 120"),
            Ok(Some(RateLimit {
                burst: 10,
                per_minute: 120
            }))
        );
        for bad in ["", "30", "0,60", "30,0", "-1,5", "a,b", "30,60,1"] {
            assert!(RateLimit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn burst_then_sustained_rate_per_client_and_group() {
        let limiter = RateLimiter::new(
            RateLimit {
                burst: 3,
                per_minute: 30,
            },
            false,
        );
        let t0 = Instant::now();
        let a = ip("192.0.2.1");
        for _ in 0..3 {
            assert_eq!(limiter.check(Group::Feedback, a, t0), Ok(()));
        }
        // One token every 2 s: the next comes in 2 s.
        assert_eq!(limiter.check(Group::Feedback, a, t0), Err(2));
        // Other groups and other clients have their own buckets.
        assert_eq!(limiter.check(Group::Cases, a, t0), Ok(()));
        assert_eq!(limiter.check(Group::Feedback, ip("192.0.2.2"), t0), Ok(()));
        let t1 = t0 + Duration::from_millis(1_500);
        assert_eq!(limiter.check(Group::Feedback, a, t1), Err(1));
        let t2 = t0 + Duration::from_secs(2);
        assert_eq!(limiter.check(Group::Feedback, a, t2), Ok(()));
        assert_eq!(limiter.check(Group::Feedback, a, t2), Err(2));
        // Refilled, but never beyond the burst.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(limiter.check(Group::Feedback, a, later), Ok(()));
        }
        assert!(limiter.check(Group::Feedback, a, later).is_err());
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_and_mapped_v4_as_v4() {
        let limiter = RateLimiter::new(
            RateLimit {
                burst: 1,
                per_minute: 1,
            },
            false,
        );
        let t = Instant::now();
        assert_eq!(
            limiter.check(Group::Feedback, ip("2001:db8:1:2::1"), t),
            Ok(())
        );
        assert_eq!(
            limiter.check(Group::Feedback, ip("2001:db8:1:2:ffff::9"), t),
            Err(60)
        );
        assert_eq!(
            limiter.check(Group::Feedback, ip("2001:db8:1:3::1"), t),
            Ok(())
        );
        assert_eq!(
            limiter.check(Group::Feedback, ip("198.51.100.7"), t),
            Ok(())
        );
        assert_eq!(
            limiter.check(Group::Feedback, ip("::ffff:198.51.100.7"), t),
            Err(60)
        );
    }

    #[test]
    fn memory_is_bounded_and_idle_buckets_are_swept() {
        let limit = RateLimit {
            burst: 2,
            per_minute: 60,
        };
        let limiter = RateLimiter::with_capacity(limit, false, 4);
        let t0 = Instant::now();
        for i in 0..4u8 {
            assert_eq!(
                limiter.check(Group::Feedback, Some(IpAddr::from([10, 0, 0, i])), t0),
                Ok(())
            );
        }
        assert_eq!(limiter.len(), 4);
        // Full, and nobody idle yet: newcomers share the overflow bucket (2 tokens).
        let newcomers = (10..14u8).map(|i| Some(IpAddr::from([10, 0, 0, i])));
        let answers: Vec<_> = newcomers
            .map(|c| limiter.check(Group::Feedback, c, t0).is_ok())
            .collect();
        assert_eq!(answers, [true, true, false, false]);
        assert_eq!(limiter.len(), 5, "four clients and the overflow bucket");
        // A known client keeps its own bucket.
        assert_eq!(
            limiter.check(Group::Feedback, Some(IpAddr::from([10, 0, 0, 1])), t0),
            Ok(())
        );
        // Once buckets have refilled they are swept and newcomers get their own again.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(
            limiter.check(Group::Feedback, Some(IpAddr::from([10, 0, 0, 20])), later),
            Ok(())
        );
        assert_eq!(limiter.len(), 1);
    }

    #[test]
    fn forwarded_for_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 198.51.100.1"),
        );
        let peer = ip("127.0.0.1");
        let limit = RateLimit::default();
        assert_eq!(RateLimiter::new(limit, false).client(peer, &headers), peer);
        let trusting = RateLimiter::new(limit, true);
        assert_eq!(trusting.client(peer, &headers), ip("198.51.100.1"));
        headers.insert("x-forwarded-for", HeaderValue::from_static("junk"));
        assert_eq!(trusting.client(peer, &headers), peer);
    }
}
