//! The export formats and how HTTP names them.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The native, versioned JSON document (`eventstorm.spec/v1`): the source of truth.
    Json,
    /// AsyncAPI 3.0.0 as YAML.
    AsyncApiYaml,
    /// AsyncAPI 3.0.0 as JSON (the same document as the YAML).
    AsyncApiJson,
    /// A Markdown design document.
    Markdown,
    /// The context map in Context Mapper's language (CML).
    Cml,
}

/// A `format` query value that names no export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown export format {:?}; expected one of json, asyncapi, asyncapi-json, markdown, cml",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::AsyncApiYaml,
        Format::AsyncApiJson,
        Format::Markdown,
        Format::Cml,
    ];

    /// Parses the `?format=` value of the export endpoint: `json`, `asyncapi` (YAML),
    /// `asyncapi-json` or `markdown`. Case and surrounding spaces are ignored; `md`,
    /// `asyncapi-yaml` and `yaml` are accepted as aliases.
    pub fn from_query(value: &str) -> Result<Format, UnknownFormat> {
        match value.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "asyncapi" | "asyncapi-yaml" | "yaml" => Ok(Format::AsyncApiYaml),
            "asyncapi-json" => Ok(Format::AsyncApiJson),
            "markdown" | "md" => Ok(Format::Markdown),
            "cml" => Ok(Format::Cml),
            _ => Err(UnknownFormat(value.to_owned())),
        }
    }

    /// The canonical query value (what [`Format::from_query`] reads back).
    pub fn as_query(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::AsyncApiYaml => "asyncapi",
            Format::AsyncApiJson => "asyncapi-json",
            Format::Markdown => "markdown",
            Format::Cml => "cml",
        }
    }

    /// The HTTP `Content-Type` of the rendered document.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json | Format::AsyncApiJson => "application/json",
            // RFC 9512 registers application/yaml.
            Format::AsyncApiYaml => "application/yaml",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Cml => "text/plain; charset=utf-8",
        }
    }

    /// The file name suffix for a download, without the dot. Distinct per format, so a native
    /// JSON and an AsyncAPI JSON export of one board do not overwrite each other.
    pub fn file_extension(self) -> &'static str {
        match self {
            Format::Json => "spec.json",
            Format::AsyncApiYaml => "asyncapi.yaml",
            Format::AsyncApiJson => "asyncapi.json",
            Format::Markdown => "md",
            Format::Cml => "cml",
        }
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::from_query(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_query_name() {
        for f in Format::ALL {
            assert_eq!(Format::from_query(f.as_query()), Ok(f));
        }
        assert_eq!(Format::from_query(" AsyncAPI "), Ok(Format::AsyncApiYaml));
        assert!(Format::from_query("pdf").is_err());
    }
}
