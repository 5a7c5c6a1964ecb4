//! Per-address rate limits for the two things an anonymous client can repeat cheaply and we
//! pay for: creating boards and guessing the password.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::ws::TokenBucket;

pub struct AddressLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, TokenBucket>>,
}

/// Addresses remembered at most; past that the map is cleared (a flood of addresses gets a
/// fresh budget each, which is no worse than the limit itself).
const MAX_ADDRESSES: usize = 100_000;

impl AddressLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the address's budget: `per_minute`, all of it usable at once.
    pub fn allow(&self, addr: IpAddr) -> bool {
        let mut buckets = self.buckets.lock().expect("limiter lock");
        if buckets.len() >= MAX_ADDRESSES && !buckets.contains_key(&addr) {
            buckets.clear();
        }
        let per_minute = self.per_minute;
        buckets
            .entry(addr)
            .or_insert_with(|| TokenBucket::per_minute(per_minute))
            .try_take()
    }
}
