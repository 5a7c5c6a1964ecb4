use eventstorm_board::ElementId;

/// Why a picture cannot be drawn. Each variant maps to a stable error code on the API.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PictureError {
    #[error("the board has no frame {0}")]
    UnknownFrame(ElementId),
    #[error("the board has no element {0}")]
    UnknownElement(ElementId),
    #[error(
        "a picture of {width}x{height} pixels is larger than the {max} pixels allowed; lower the scale or pick a frame"
    )]
    TooLarge { width: u64, height: u64, max: u64 },
    #[error("the scale must lie between {min} and {max}")]
    InvalidScale { min: f64, max: f64 },
    #[error("the picture could not be rasterised: {0}")]
    Raster(String),
}
