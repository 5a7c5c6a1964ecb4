//! Limits on requests that go over a whole board log (fork, import, diff, past states, element
//! history, spec exports): each costs work and memory in proportion to a board's history, so
//! the instance serves only a few at once (`--max-log-requests`; past it, 503 `busy` with
//! `Retry-After`), and one address may make only so many reads a minute
//! (`--log-reads-per-minute`; past it, 429). Backups stream in bounded memory and take no
//! slot, but spend the same budget. Forks and imports spend the board-creation budget
//! instead, since they create boards.

use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::AppError;
use crate::access::AddressLimiter;

pub struct LogLimits {
    slots: Arc<Semaphore>,
    reads: AddressLimiter,
}

/// Held while a whole-log request runs; dropping it frees the slot.
pub type LogSlot = OwnedSemaphorePermit;

impl LogLimits {
    pub fn new(max_concurrent: usize, reads_per_minute: u32) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(max_concurrent)),
            reads: AddressLimiter::new(reads_per_minute),
        }
    }

    /// A read over a whole log from `addr`: its address's budget first, then a slot. Never
    /// waits: a client told to come back costs nothing meanwhile.
    pub fn read(&self, addr: IpAddr) -> Result<LogSlot, AppError> {
        self.budget(addr)?;
        self.slot()
    }

    /// One read from `addr`'s budget, for a read that needs no slot (a backup).
    pub fn budget(&self, addr: IpAddr) -> Result<(), AppError> {
        if self.reads.allow(addr) {
            Ok(())
        } else {
            Err(AppError::rate_limited())
        }
    }

    /// A slot for a fork or an import (whose budget is the creation budget).
    pub fn slot(&self) -> Result<LogSlot, AppError> {
        self.slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| AppError::busy())
    }
}
