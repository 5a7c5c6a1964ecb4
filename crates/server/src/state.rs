//! The state every handler shares: cheap to clone, all `Arc`s inside.

use std::sync::Arc;

use crate::hub::Hub;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub hub: Hub,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(hub: Hub) -> Self {
        let settings = hub.settings().clone();
        Self { hub, settings }
    }
}
