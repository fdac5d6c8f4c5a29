//! Import: an OSCAL catalog (placeholder, filled in below).
