//! The contract suite every `EventStore` backend must pass.
