//! Per-address rate limits for the two things an anonymous client can repeat cheaply and we
//! pay for: creating boards and guessing the password. Addresses are keyed by
//! [`limit_key`](super::client_addr::limit_key) (IPv6 by /64). Memory is bounded: past
//! [`MAX_ADDRESSES`] the least recently seen address is forgotten, so a flood of new
//! addresses never resets the budget of the ones being limited.

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

use super::client_addr::limit_key;
use crate::ws::rate::TokenBucket;

/// Addresses remembered at most (about 100 bytes each).
pub const MAX_ADDRESSES: usize = 100_000;

pub struct AddressLimiter {
    per_minute: u32,
    buckets: Mutex<LruCache<IpAddr, TokenBucket>>,
}

impl AddressLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self::with_capacity(per_minute, MAX_ADDRESSES)
    }

    pub fn with_capacity(per_minute: u32, addresses: usize) -> Self {
        let cap = NonZeroUsize::new(addresses.max(1)).expect("at least one");
        Self {
            per_minute,
            buckets: Mutex::new(LruCache::new(cap)),
        }
    }

    /// Takes one request from the address's budget: `per_minute`, all of it usable at once.
    pub fn allow(&self, addr: IpAddr) -> bool {
        let per_minute = self.per_minute;
        let mut buckets = self.buckets.lock().expect("limiter lock");
        buckets
            .get_or_insert_mut(limit_key(addr), || TokenBucket::per_minute(per_minute))
            .try_take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(n: u32) -> IpAddr {
        IpAddr::from(n.to_be_bytes())
    }

    #[test]
    fn a_flood_of_new_addresses_evicts_the_oldest_not_the_limited() {
        let limiter = AddressLimiter::with_capacity(2, 100);
        let attacker = v4(1);
        assert!(limiter.allow(attacker) && limiter.allow(attacker));
        assert!(!limiter.allow(attacker));
        for n in 0..99 {
            // The attacker keeps trying while others arrive: it stays the most recently seen.
            limiter.allow(v4(1_000 + n));
            assert!(
                !limiter.allow(attacker),
                "budget reset after {n} new addresses"
            );
        }
        assert_eq!(limiter.buckets.lock().unwrap().len(), 100);
    }

    #[test]
    fn one_ipv6_subnet_shares_a_budget() {
        let limiter = AddressLimiter::new(1);
        assert!(limiter.allow("2001:db8::1".parse().unwrap()));
        assert!(!limiter.allow("2001:db8::2".parse().unwrap()));
        assert!(limiter.allow("2001:db8:0:1::1".parse().unwrap()));
    }
}
