//! The contentpartner runtime (issue 4); nothing is exported yet.
