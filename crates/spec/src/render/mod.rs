//! The renderers. Each takes a [`crate::Spec`] and returns the whole document as a string,
//! ending in a newline; the archives (a zip of such documents) are bytes.

pub mod asyncapi;
pub mod cml;
pub mod eventcatalog;
pub mod gherkin;
pub mod json;
pub mod markdown;
pub mod pictures;
pub mod yaml;
pub mod zip;
