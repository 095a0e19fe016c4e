//! Places and county attribution.
