//! A token bucket: `rate` per second sustained, `burst` at once.

use tokio::time::Instant;

pub struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(rate: u32, burst: u32) -> Self {
        let burst = f64::from(burst.max(1));
        Self {
            rate: f64::from(rate),
            burst,
            tokens: burst,
            last: Instant::now(),
        }
    }

    /// `n` a minute, all of them usable at once.
    pub fn per_minute(n: u32) -> Self {
        let n = f64::from(n.max(1));
        Self {
            rate: n / 60.0,
            burst: n,
            tokens: n,
            last: Instant::now(),
        }
    }

    /// Takes one token if there is one.
    pub fn try_take(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn the_burst_is_allowed_then_the_rate() {
        let mut bucket = TokenBucket::new(10, 5);
        assert_eq!((0..8).filter(|_| bucket.try_take()).count(), 5);
        tokio::time::advance(Duration::from_millis(500)).await;
        assert_eq!(
            (0..8).filter(|_| bucket.try_take()).count(),
            5,
            "half a second at 10/s refills 5"
        );
        tokio::time::advance(Duration::from_secs(60)).await;
        assert_eq!(
            (0..20).filter(|_| bucket.try_take()).count(),
            5,
            "never more than the burst"
        );
    }
}
