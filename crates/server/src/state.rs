//! The state every handler shares: cheap to clone, all `Arc`s inside.

use std::sync::Arc;

use crate::access::address_limit::AddressLimiter;
use crate::access::password::PasswordHash;
use crate::http::log_limits::LogLimits;
use crate::hub::Hub;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub hub: Hub,
    pub settings: Arc<Settings>,
    pub create_limit: Arc<AddressLimiter>,
    pub signin_limit: Arc<AddressLimiter>,
    /// The instance password's hash, made once at start-up.
    pub password_hash: Option<Arc<PasswordHash>>,
    pub log_limits: Arc<LogLimits>,
}

impl AppState {
    pub fn new(hub: Hub) -> Self {
        let settings = hub.settings().clone();
        Self {
            create_limit: Arc::new(AddressLimiter::new(settings.creates_per_minute)),
            signin_limit: Arc::new(AddressLimiter::new(settings.signins_per_minute)),
            password_hash: settings
                .password
                .as_ref()
                .map(|p| Arc::new(PasswordHash::new(p))),
            log_limits: Arc::new(LogLimits::new(
                settings.max_log_requests,
                settings.log_reads_per_minute,
            )),
            hub,
            settings,
        }
    }
}
