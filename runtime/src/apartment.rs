//! COM apartments and activation: what a store's worker threads and a COM client (a player, a
//! test host) need. Off Windows there are no apartments, and entering one does nothing.

#[cfg(windows)]
use windows_core::{GUID, HRESULT, Interface, Result};

#[cfg(windows)]
use crate::win32;

/// This thread's membership of the multithreaded apartment, left when dropped.
pub struct Apartment {
    #[cfg(windows)]
    entered: bool,
}

impl Apartment {
    /// Joins the multithreaded apartment. A thread already in a single-threaded apartment stays
    /// there, and dropping the value then leaves nothing.
    pub fn multithreaded() -> Self {
        #[cfg(windows)]
        // SAFETY: CoInitializeEx with a null reserved pointer; a success is paired in Drop.
        return Apartment {
            entered: unsafe { win32::CoInitializeEx(std::ptr::null(), win32::COINIT_MULTITHREADED as u32) } >= 0,
        };
        #[cfg(not(windows))]
        return Apartment {};
    }
}

#[cfg(windows)]
impl Drop for Apartment {
    fn drop(&mut self) {
        if self.entered {
            // SAFETY: pairs this thread's successful CoInitializeEx.
            unsafe { win32::CoUninitialize() };
        }
    }
}

/// Where CoCreateInstance runs an object.
#[cfg(windows)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// In the caller's process (`CLSCTX_INPROC_SERVER`).
    InProcess,
    /// In another process (`CLSCTX_LOCAL_SERVER`): for a DLL, the surrogate its AppID names.
    LocalServer,
}

/// CoCreateInstance: the object of class `clsid`, as interface `T`. The calling thread must be
/// in an apartment.
#[cfg(windows)]
pub fn create_instance<T: Interface>(clsid: &GUID, context: Context) -> Result<T> {
    let context = match context {
        Context::InProcess => win32::CLSCTX_INPROC_SERVER,
        Context::LocalServer => win32::CLSCTX_LOCAL_SERVER,
    };
    let mut raw = std::ptr::null_mut();
    // SAFETY: GUIDs have the same layout in windows-core and windows-sys; no outer object; the
    // out-pointer is a local.
    let hr = unsafe {
        win32::CoCreateInstance(
            (clsid as *const GUID).cast(),
            std::ptr::null_mut(),
            context,
            (&T::IID as *const GUID).cast(),
            &mut raw,
        )
    };
    HRESULT(hr).ok()?;
    // SAFETY: on success CoCreateInstance hands over one reference to a `T`.
    Ok(unsafe { T::from_raw(raw) })
}
