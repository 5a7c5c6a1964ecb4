//! Instance access: the optional password (a sign-in page and sessions kept in the database),
//! the optional administrator token, the client's address behind trusted proxies, and
//! per-address rate limits on board creation and sign-in. Board links themselves are
//! capabilities and need nothing here.

pub mod address_limit;
pub mod client;
pub mod client_addr;
pub mod middleware;
pub mod participant;
pub mod password;
pub mod redirect;
pub mod secret;
pub mod session;
pub mod signin;

pub use address_limit::AddressLimiter;
pub use client::ClientAddr;
pub use client_addr::TrustedProxies;
pub use password::PasswordHash;
pub use secret::Secret;
