//! The renderers. Each takes a [`crate::Spec`] and returns the whole document as a string,
//! ending in a newline.

pub mod asyncapi;
pub mod json;
pub mod markdown;
pub mod yaml;
