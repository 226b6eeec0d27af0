//! Section 4's load generator: keep-alive HTTP/1.1 over `std::net::TcpStream`, one thread per
//! connection, at maximum throughput or paced at a fixed request rate.
//!
//! A hand-written client rather than an HTTP crate: it needs only request bytes out and status plus
//! body in, and doing no more than that per request keeps the generator cheap on a 2-core machine
//! where it shares the CPU with the server it measures.

use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// One HTTP response as far as the bench cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    /// The server said `Connection: close`: the next request needs a new connection.
    pub close: bool,
}

/// Parses one complete response from the front of `buf`: Ok(None) while more bytes are needed,
/// else the response and how many bytes it took. Understands `Content-Length` and chunked bodies
/// (what hyper sends); a response without either runs to the end of the connection, which the
/// keep-alive client here treats as an error.
pub fn parse_response(buf: &[u8]) -> Result<Option<(Response, usize)>> {
    let Some(head_end) = find(buf, b"\r\n\r\n") else {
        if buf.len() > 64 * 1024 {
            bail!("response head longer than 64 KB");
        }
        return Ok(None);
    };
    let head = std::str::from_utf8(&buf[..head_end]).context("response head is not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if !version.starts_with("HTTP/1.") || code.len() != 3 {
        bail!("not an HTTP/1.x status line: {status_line:?}");
    }
    let status: u16 = code.parse().context("status code is not a number")?;
    let (mut length, mut chunked, mut close) = (None, false, version == "HTTP/1.0");
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            bail!("malformed header line {line:?}");
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                length = Some(value.parse::<usize>().context("bad Content-Length")?);
            }
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let body_start = head_end + 4;
    let rest = &buf[body_start..];
    // 1xx, 204 and 304 never have a body.
    if status < 200 || status == 204 || status == 304 {
        let response = Response {
            status,
            body: Vec::new(),
            close,
        };
        return Ok(Some((response, body_start)));
    }
    if chunked {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let Some(line_end) = find(&rest[at..], b"\r\n") else {
                return Ok(None);
            };
            let size_text = std::str::from_utf8(&rest[at..at + line_end])?;
            let size_text = size_text.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16)
                .with_context(|| format!("bad chunk size {size_text:?}"))?;
            at += line_end + 2;
            if size == 0 {
                // Trailers (usually none), then the empty line.
                loop {
                    let Some(end) = find(&rest[at..], b"\r\n") else {
                        return Ok(None);
                    };
                    at += end + 2;
                    if end == 0 {
                        let response = Response {
                            status,
                            body,
                            close,
                        };
                        return Ok(Some((response, body_start + at)));
                    }
                }
            }
            if rest.len() < at + size + 2 {
                return Ok(None);
            }
            body.extend_from_slice(&rest[at..at + size]);
            if &rest[at + size..at + size + 2] != b"\r\n" {
                bail!("chunk not followed by CRLF");
            }
            at += size + 2;
        }
    }
    let Some(length) = length else {
        bail!("response has neither Content-Length nor chunked encoding");
    };
    if rest.len() < length {
        return Ok(None);
    }
    let response = Response {
        status,
        body: rest[..length].to_vec(),
        close,
    };
    Ok(Some((response, body_start + length)))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A keep-alive connection that reconnects after an error or a `Connection: close`.
pub struct Conn {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Conn {
    pub fn new(addr: SocketAddr) -> Conn {
        Conn {
            addr,
            stream: None,
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    /// Sends one request (complete bytes) and reads its response.
    pub fn send(&mut self, request: &[u8]) -> Result<Response> {
        let result = self.exchange(request);
        if result.as_ref().map_or(true, |r| r.close) {
            self.stream = None;
            self.buf.clear();
        }
        result
    }

    fn exchange(&mut self, request: &[u8]) -> Result<Response> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.stream = Some(s);
        }
        let stream = self.stream.as_mut().expect("connected above");
        stream.write_all(request)?;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if let Some((response, used)) = parse_response(&self.buf)? {
                self.buf.drain(..used);
                return Ok(response);
            }
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                bail!("the server closed the connection mid-response");
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// The bytes of a request with an optional body.
pub fn request(
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" || method == "PATCH" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// How requests are sent.
#[derive(Clone, Copy, Debug)]
pub enum Pace {
    /// Each connection sends its next request as soon as the last one is answered.
    Max,
    /// Requests at this total rate, spread evenly over the connections; latency counts from the
    /// moment a request was due (not when it was sent), so a slow server cannot hide its queue.
    PerSecond(f64),
}

/// What a load run saw.
#[derive(Clone, Debug, Default)]
pub struct LoadResult {
    pub requests: u64,
    pub ok_2xx: u64,
    pub other_status: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    /// Per-request latency in microseconds, every request that got a response.
    pub latencies_us: Vec<u32>,
}

impl LoadResult {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs `connections` threads against `addr` until `duration` is over or `max_requests` were
/// sent; `make(connection, sequence)` returns each request's bytes.
pub fn run(
    addr: SocketAddr,
    connections: usize,
    duration: Duration,
    max_requests: u64,
    pace: Pace,
    make: &(dyn Fn(usize, u64) -> Vec<u8> + Sync),
) -> LoadResult {
    let per_conn = max_requests.div_ceil(connections as u64);
    let start = Instant::now();
    let results: Vec<LoadResult> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..connections)
            .map(|c| {
                s.spawn(move || {
                    let mut conn = Conn::new(addr);
                    let mut r = LoadResult::default();
                    for seq in 0..per_conn {
                        let due = match pace {
                            Pace::Max => None,
                            Pace::PerSecond(rate) => {
                                let at = (c as f64 + seq as f64 * connections as f64) / rate;
                                Some(start + Duration::from_secs_f64(at))
                            }
                        };
                        if due.unwrap_or_else(Instant::now) >= start + duration {
                            break;
                        }
                        if let Some(due) = due {
                            let now = Instant::now();
                            if due > now {
                                std::thread::sleep(due - now);
                            }
                        }
                        let bytes = make(c, seq);
                        let sent = Instant::now();
                        let from = due.unwrap_or(sent);
                        r.requests += 1;
                        match conn.send(&bytes) {
                            Ok(resp) => {
                                let us = from.elapsed().as_micros().min(u32::MAX as u128) as u32;
                                r.latencies_us.push(us);
                                if (200..300).contains(&resp.status) {
                                    r.ok_2xx += 1;
                                } else {
                                    r.other_status += 1;
                                    if r.first_error.is_none() {
                                        r.first_error = Some(format!(
                                            "HTTP {}: {}",
                                            resp.status,
                                            String::from_utf8_lossy(&resp.body)
                                        ));
                                    }
                                }
                            }
                            Err(e) => {
                                r.errors += 1;
                                r.first_error.get_or_insert_with(|| format!("{e:#}"));
                            }
                        }
                    }
                    r
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("load thread panicked"))
            .collect()
    });
    let mut total = LoadResult {
        elapsed: start.elapsed(),
        ..Default::default()
    };
    for r in results {
        total.requests += r.requests;
        total.ok_2xx += r.ok_2xx;
        total.other_status += r.other_status;
        total.errors += r.errors;
        if total.first_error.is_none() {
            total.first_error = r.first_error;
        }
        total.latencies_us.extend(r.latencies_us);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_responses_parse_once_complete() {
        let raw = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{\"id\":\"x\"}HTTP/1.1";
        assert!(parse_response(&raw[..20]).unwrap().is_none());
        assert!(
            parse_response(&raw[..80]).unwrap().is_none(),
            "body incomplete"
        );
        let (r, used) = parse_response(raw).unwrap().unwrap();
        assert_eq!(r.status, 201);
        assert_eq!(r.body, b"{\"id\":\"x\"");
        assert!(!r.close);
        // The next pipelined response starts right after.
        assert_eq!(&raw[used..used + 1], b"}");
    }

    #[test]
    fn chunked_bodies_are_joined_and_trailers_skipped() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: y\r\n\r\nrest";
        let (r, used) = parse_response(raw).unwrap().unwrap();
        assert_eq!(
            (r.status, r.body.as_slice(), r.close),
            (200, &b"Wikipedia"[..], true)
        );
        assert_eq!(&raw[used..], b"rest");
        for cut in [60, 70, raw.len() - 6] {
            assert!(
                parse_response(&raw[..cut]).unwrap().is_none(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn bodiless_statuses_and_bad_input() {
        let (r, used) = parse_response(b"HTTP/1.1 204 No Content\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((r.status, used), (204, 27));
        assert!(parse_response(b"SSH-2.0-OpenSSH\r\n\r\n").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nX: 1\r\n\r\nbody").is_err(),
            "no length"
        );
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err()
        );
    }

    #[test]
    fn requests_carry_host_and_length() {
        let r = request(
            "POST",
            "127.0.0.1:9",
            "/a",
            &[("Content-Type", "application/json")],
            b"{}",
        );
        assert_eq!(
            String::from_utf8(r).unwrap(),
            "POST /a HTTP/1.1\r\nHost: 127.0.0.1:9\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        );
        assert!(
            !String::from_utf8(request("GET", "h", "/", &[], b""))
                .unwrap()
                .contains("Length")
        );
    }

    #[test]
    fn a_real_socket_round_trip_with_pacing() {
        // A tiny keep-alive server on loopback answering every request with 201 or 500.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(2) {
                let mut s = stream.unwrap();
                std::thread::spawn(move || {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let mut n = 0u32;
                    while let Ok(k) = s.read(&mut chunk) {
                        if k == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..k]);
                        while let Some(end) = find(&buf, b"\r\n\r\n") {
                            buf.drain(..end + 4);
                            n += 1;
                            let status = if n.is_multiple_of(4) {
                                "500 Oops"
                            } else {
                                "201 Created"
                            };
                            let reply = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\nok");
                            s.write_all(reply.as_bytes()).unwrap();
                        }
                    }
                });
            }
        });
        let make = |_c: usize, _s: u64| request("GET", "x", "/", &[], b"");
        let r = run(
            addr,
            2,
            Duration::from_millis(200),
            1000,
            Pace::PerSecond(100.0),
            &make,
        );
        // 100/s for 0.2 s: about 20 requests, a quarter of them 500s.
        assert!((15..=21).contains(&r.requests), "{r:?}");
        assert_eq!(r.requests, r.ok_2xx + r.other_status);
        assert!(r.other_status >= 2 && r.errors == 0);
        assert_eq!(r.latencies_us.len() as u64, r.requests);
        assert!(r.first_error.unwrap().starts_with("HTTP 500"));
    }
}
