//! COM apartments and activation: what a store's worker threads and a COM client (a player, a
//! test host) need. Off Windows there are no apartments, and entering one does nothing.

pub mod causality;
mod git;

pub(crate) use git::{Marshaled, MarshaledVariant};
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
        return Apartment::enter(win32::COINIT_MULTITHREADED);
        #[cfg(not(windows))]
        return Apartment {};
    }

    /// Makes this thread a single-threaded apartment, as a player's UI thread is. Calls into its
    /// objects from other apartments arrive as window messages: the thread must pump them while
    /// it waits ([`pump_for`]).
    pub fn single_threaded() -> Self {
        #[cfg(windows)]
        return Apartment::enter(win32::COINIT_APARTMENTTHREADED);
        #[cfg(not(windows))]
        return Apartment {};
    }

    #[cfg(windows)]
    fn enter(model: win32::COINIT) -> Self {
        // SAFETY: CoInitializeEx with a null reserved pointer; a success is paired in Drop.
        Apartment { entered: unsafe { win32::CoInitializeEx(std::ptr::null(), model as u32) } >= 0 }
    }
}

/// Waits `duration`, dispatching this thread's window messages meanwhile: in a single-threaded
/// apartment, that is how calls from other apartments (a store's callbacks) get in. Elsewhere it
/// is a sleep.
pub fn pump_for(duration: std::time::Duration) {
    #[cfg(windows)]
    {
        let deadline = std::time::Instant::now() + duration;
        loop {
            let mut message = win32::MSG::default();
            // SAFETY: an out-pointer to a local MSG; no window filter.
            while unsafe { win32::PeekMessageW(&mut message, std::ptr::null_mut(), 0, 0, win32::PM_REMOVE) } != 0 {
                // SAFETY: a message PeekMessageW has just filled in.
                unsafe {
                    win32::TranslateMessage(&message);
                    win32::DispatchMessageW(&message);
                }
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            let ms = u32::try_from(left.as_millis()).unwrap_or(u32::MAX - 1).max(1);
            // SAFETY: no handles; wakes on any new message or after `ms`.
            unsafe { win32::MsgWaitForMultipleObjects(0, std::ptr::null(), 0, ms, win32::QS_ALLINPUT) };
        }
    }
    #[cfg(not(windows))]
    std::thread::sleep(duration);
}

/// Waits until `done()` holds or `deadline` passes, dispatching this thread's messages meanwhile
/// (as [`pump_for`] does), so calls into a single-threaded apartment that `done` depends on get in.
/// Returns whether `done()` held.
pub fn wait_until(deadline: std::time::Instant, mut done: impl FnMut() -> bool) -> bool {
    loop {
        if done() {
            return true;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return false;
        }
        pump_for(left.min(std::time::Duration::from_millis(1)));
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
