//! Summaries of repeated measurements: median, min–max and nearest-rank percentiles.

use serde::Serialize;

/// A set of measurements reduced to the figures the bench table prints.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub min: f64,
    pub max: f64,
    /// The middle value; the mean of the two middle values for an even count.
    pub median: f64,
    pub p95: f64,
    pub p99: f64,
}

/// Nearest-rank percentile of ascending `sorted` values: the smallest value with at least `p`
/// percent of all values at or below it (so p99 of 100 values is the 99th, never an interpolation
/// that no request actually took).
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Summarises `values` (any order); None when there are none or one is not a number.
pub fn summarize(values: &[f64]) -> Option<Summary> {
    if values.iter().any(|v| v.is_nan()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = match n {
        0 => return None,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    };
    Some(Summary {
        n,
        min: v[0],
        max: v[n - 1],
        median,
        p95: percentile(&v, 95.0)?,
        p99: percentile(&v, 99.0)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(50.0));
        assert_eq!(percentile(&v, 95.0), Some(95.0));
        assert_eq!(percentile(&v, 99.0), Some(99.0));
        assert_eq!(percentile(&v, 100.0), Some(100.0));
        assert_eq!(percentile(&v, 0.0), Some(1.0));
        // Few values: p95 of 10 is the 10th (rank ceil(9.5)), p50 the 5th.
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&ten, 95.0), Some(10.0));
        assert_eq!(percentile(&ten, 50.0), Some(5.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn summaries_take_any_order_and_average_the_middle_pair() {
        let s = summarize(&[9.0, 1.0, 5.0, 3.0]).unwrap();
        assert_eq!((s.n, s.min, s.max, s.median), (4, 1.0, 9.0, 4.0));
        let odd = summarize(&[7.0, 2.0, 4.0]).unwrap();
        assert_eq!(odd.median, 4.0);
        assert_eq!(odd.p99, 7.0);
        assert!(summarize(&[]).is_none());
        assert!(summarize(&[1.0, f64::NAN]).is_none());
    }
}
