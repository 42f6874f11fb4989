//! The `#[content_partner]` attribute (issue 4); nothing is exported yet.
