//! The one panic guard of every hand-written ABI entry, export and worker job: a panic never
//! unwinds into a caller that is not Rust, and is reported once on stderr with where it happened.

use windows_core::HRESULT;

use crate::hresult::E_UNEXPECTED;

/// Runs `body`; a panic comes back as `None` after one line on stderr naming `what`.
pub fn contain<T>(what: &str, body: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(value) => Some(value),
        Err(panic) => {
            let message =
                panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
            eprintln!("contentpartner: panic in {what}: {}", message.as_deref().unwrap_or("(no message)"));
            // A payload whose own Drop panics must not escape either.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(panic)));
            None
        }
    }
}

/// An ABI entry point's body: a panic is E_UNEXPECTED.
pub fn guard(entry: &str, body: impl FnOnce() -> HRESULT) -> HRESULT {
    contain(entry, body).unwrap_or(E_UNEXPECTED)
}

/// Store code that answers with a `Result`: a panic is the error E_UNEXPECTED.
pub fn contained<T>(what: &str, body: impl FnOnce() -> windows_core::Result<T>) -> windows_core::Result<T> {
    contain(what, body).unwrap_or_else(|| Err(windows_core::Error::from_hresult(E_UNEXPECTED)))
}
