//! Instance access: the optional password (a sign-in page and a session cookie), the optional
//! administrator token, and per-address rate limits on board creation and sign-in. Board links
//! themselves are capabilities and need nothing here.

pub mod address_limit;
pub mod middleware;
pub mod secret;
pub mod session;
pub mod signin;

pub use address_limit::AddressLimiter;
pub use secret::Secret;
