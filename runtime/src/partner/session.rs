//! A session: one attached player, from the SetCallback that attached it to the SetCallback, the
//! next SetCallback or the last Release that ends it. An ended session is never revived: the jobs
//! queued for it are dropped unrun, and its `Player` handles stop working.
//!
//! Everything done on a session's behalf (a job on a worker, a store's own call through `Player`)
//! is an *activity* of it. Ending a session waits for its activities, so that when the call that
//! ended it returns, no callback and no store code runs for it any more, with one exception that
//! makes the wait safe: an activity of the caller's own chain of calls (a player that ends the
//! session from inside one of our callbacks is running inside that activity, lower on the same
//! logical stack) is not waited for; it sees the session ended at its next step and stops there.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use windows_core::{Error, Result};

use super::lock;

use crate::apartment::causality::{self, Causality};
use crate::apartment::{Marshaled, wait_until};
use crate::bindings::IWMPContentPartnerCallback;
use crate::hresult::E_UNEXPECTED;

/// How long ending a session waits for activities of other call chains (a callback the player is
/// still handling, a store call in progress) before it gives up and returns anyway.
pub const END_WAIT: Duration = Duration::from_secs(10);

pub struct Session {
    /// Given up when the session ends: the player's object is not kept alive by a session of
    /// the past (a store may hold a `Player` for as long as it likes).
    callback: Mutex<Option<Marshaled<IWMPContentPartnerCallback>>>,
    ended: AtomicBool,
    /// The call chain of each activity in progress (one entry each, nested ones included).
    active: Mutex<Vec<Causality>>,
}

/// An activity of a session on this thread, ended when dropped.
pub struct Activity<'a> {
    session: &'a Session,
    causality: Causality,
}

impl Session {
    /// Called on the thread that received `callback`.
    pub fn new(callback: &IWMPContentPartnerCallback) -> Result<Session> {
        Ok(Session {
            callback: Mutex::new(Some(Marshaled::new(callback)?)),
            ended: AtomicBool::new(false),
            active: Mutex::new(Vec::new()),
        })
    }

    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Starts an activity on this thread, unless the session has ended.
    pub fn enter(&self) -> Option<Activity<'_>> {
        let causality = causality::current();
        let mut active = self.active();
        // Checked under the lock `end` sets the flag under: an activity either started before the
        // end (and is waited for) or does not start.
        if self.ended() {
            return None;
        }
        active.push(causality);
        Some(Activity { session: self, causality })
    }

    /// The player's callback, usable on this thread, while the session lasts.
    pub fn callback(&self) -> Result<IWMPContentPartnerCallback> {
        let callback = lock(&self.callback);
        callback.as_ref().ok_or_else(|| Error::from_hresult(E_UNEXPECTED))?.get()
    }

    /// A job's one completion: made unless the session has ended. (The job is an activity, so an
    /// end from another call chain waits for it.)
    pub fn complete(&self, send: impl FnOnce(&IWMPContentPartnerCallback) -> Result<()>) {
        if self.ended() {
            return;
        }
        if let Ok(player) = self.callback() {
            let _ = send(&player);
        }
    }

    /// Ends the session and waits (bounded by [`END_WAIT`], dispatching calls meanwhile) for its
    /// activities of other call chains. Returns whether they all finished in time. Ending twice
    /// is harmless.
    pub fn end(&self) -> bool {
        let me = causality::current();
        {
            let _active = self.active();
            self.ended.store(true, Ordering::SeqCst);
        }
        let done = wait_until(Instant::now() + END_WAIT, || self.active().iter().all(|c| *c == me));
        if !done {
            eprintln!(
                "contentpartner: a callback or store call of an ended session was still running after {END_WAIT:?}"
            );
        }
        // Revoked here, in the caller's apartment; activities still running hold their own reference.
        let callback = lock(&self.callback).take();
        drop(callback);
        done
    }

    fn active(&self) -> MutexGuard<'_, Vec<Causality>> {
        lock(&self.active)
    }
}

impl Drop for Activity<'_> {
    fn drop(&mut self) {
        let mut active = self.session.active();
        if let Some(i) = active.iter().rposition(|c| *c == self.causality) {
            active.swap_remove(i);
        }
    }
}
