//! The worker threads: one per kind of work, started on first use, each with a bounded queue of
//! jobs. A job belongs to the session that queued it and runs as one activity of it; a job whose
//! session has ended is dropped unrun. Workers are never joined (a join from inside a callback is
//! how re-entrant shutdown deadlocks): they end when the object's queues close, after dropping
//! what is left, while their apartment is still entered.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use windows_core::{Error, Result};

use super::session::Session;
use super::{ContentPartner, lock};
use crate::apartment::Apartment;
use crate::hresult::{E_BUSY, E_FAIL, E_UNEXPECTED};
use crate::panic::contain;
use crate::server::{Module, ThreadCount};

/// How many requests of one kind may wait for their worker. One more fails at once with E_BUSY,
/// and no completion follows it.
pub const QUEUE_BOUND: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Download,
    Buy,
    License,
    List,
    Message,
    Permission,
    Device,
    Login,
}

/// What a job does, given the store and the session it belongs to.
pub type Run<S> = Box<dyn FnOnce(&S, &Session) + Send>;

struct Job<S> {
    session: Arc<Session>,
    run: Run<S>,
}

/// The store, dropped inside the panic guard wherever its last owner lets go (the object's
/// Release, or a worker finishing after it).
pub struct Store<S: ContentPartner>(std::mem::ManuallyDrop<S>);

impl<S: ContentPartner> Store<S> {
    pub fn new(store: S) -> Self {
        Store(std::mem::ManuallyDrop::new(store))
    }
}

impl<S: ContentPartner> std::ops::Deref for Store<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.0
    }
}

impl<S: ContentPartner> Drop for Store<S> {
    fn drop(&mut self) {
        // SAFETY: dropped once, here, and never used again.
        contain("the store's Drop", || unsafe { std::mem::ManuallyDrop::drop(&mut self.0) });
    }
}

/// The queues of one object's workers.
pub struct Workers<S: ContentPartner> {
    store: Arc<Store<S>>,
    module: Option<&'static Module>,
    queues: Mutex<HashMap<Kind, SyncSender<Job<S>>>>,
}

impl<S: ContentPartner> Workers<S> {
    pub fn new(store: Arc<Store<S>>, module: Option<&'static Module>) -> Self {
        Workers { store, module, queues: Mutex::new(HashMap::new()) }
    }

    /// Queues `run` for `session` on the worker of `kind`, starting it on first use. Fails with
    /// E_BUSY when [`QUEUE_BOUND`] jobs of that kind are waiting.
    pub fn submit(&self, kind: Kind, session: Arc<Session>, run: Run<S>) -> Result<()> {
        let mut queues = lock(&self.queues);
        let queue = match queues.entry(kind) {
            Entry::Occupied(queue) => queue.into_mut(),
            Entry::Vacant(slot) => slot.insert(self.spawn(kind)?),
        };
        match queue.try_send(Job { session, run }) {
            Ok(()) => Ok(()),
            // The job comes back and is dropped here, on the caller's thread: what it holds was
            // received on this thread, so its apartment is the right one to release it in.
            Err(TrySendError::Full(_)) => Err(Error::from_hresult(E_BUSY)),
            Err(TrySendError::Disconnected(_)) => Err(Error::from_hresult(E_UNEXPECTED)),
        }
    }

    fn spawn(&self, kind: Kind) -> Result<SyncSender<Job<S>>> {
        let (queue, jobs) = mpsc::sync_channel::<Job<S>>(QUEUE_BOUND);
        let store = Arc::clone(&self.store);
        // Counted from before the thread starts, so there is no moment it runs uncounted.
        let running = self.module.map(ThreadCount::new);
        std::thread::Builder::new()
            .name(format!("contentpartner {kind:?}"))
            .spawn(move || {
                {
                    let _apartment = Apartment::multithreaded();
                    while let Ok(Job { session, run }) = jobs.recv() {
                        if let Some(_activity) = session.enter() {
                            contain(&format!("a {kind:?} job"), || run(&store, &session));
                        }
                    }
                    // The store and the last jobs' leftovers go before the apartment does.
                    drop(store);
                }
                drop(running);
            })
            .map(|_detached| queue)
            .map_err(|_| Error::from_hresult(E_FAIL))
    }
}

#[cfg(test)]
mod tests;
