//! The worker threads: one per kind of work, started on first use, and the state they share with
//! the object.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use windows_core::{Error, HRESULT, Result};

use super::{ContentPartner, Partner};
use crate::apartment::{Apartment, Marshaled};
use crate::bindings::*;
use crate::hresult::{E_FAIL, E_UNEXPECTED, S_OK};

pub(super) type Callback = Arc<Marshaled<IWMPContentPartnerCallback>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Download,
    Buy,
    License,
    List,
    Message,
    Permission,
    Device,
    Login,
}

pub(super) type Job<S> = Box<dyn FnOnce(&Shared<S>) + Send>;

pub(super) struct Worker<S> {
    queue: mpsc::Sender<Job<S>>,
    thread: JoinHandle<()>,
}

pub(super) struct Shared<S> {
    pub(super) store: S,
    pub(super) callback: Mutex<Option<Callback>>,
    pub(super) stopping: AtomicBool,
}

impl<S: ContentPartner> Shared<S> {
    /// The callback, usable on this thread, unless the player has gone. Jobs take it once and
    /// check `stopped` before each call.
    pub(super) fn callback(&self) -> Option<IWMPContentPartnerCallback> {
        if self.stopped() {
            return None;
        }
        let marshaled = lock(&self.callback).clone()?;
        marshaled.get().ok()
    }

    pub(super) fn stopped(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves plain data behind; carry on with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn code<T>(r: &Result<T>) -> HRESULT {
    match r {
        Ok(_) => S_OK,
        Err(e) => e.code(),
    }
}

impl<S: ContentPartner> Partner<S> {
    /// Queues work of one kind; its worker starts on first use. Fails when no player is attached.
    pub(super) fn submit(&self, kind: Kind, job: impl FnOnce(&Shared<S>) + Send + 'static) -> Result<()> {
        if self.shared.callback().is_none() {
            return Err(Error::from_hresult(E_UNEXPECTED));
        }
        let mut workers = lock(&self.workers);
        let worker = match workers.entry(kind) {
            std::collections::hash_map::Entry::Occupied(w) => w.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let (queue, jobs) = mpsc::channel::<Job<S>>();
                let shared = Arc::clone(&self.shared);
                let thread = std::thread::Builder::new()
                    .name(format!("contentpartner {kind:?}"))
                    .spawn(move || {
                        let _apartment = Apartment::multithreaded();
                        while let Ok(job) = jobs.recv() {
                            if shared.stopped() {
                                break;
                            }
                            job(&shared);
                        }
                    })
                    .map_err(|_| Error::from_hresult(E_FAIL))?;
                slot.insert(Worker { queue, thread })
            }
        };
        worker.queue.send(Box::new(job)).map_err(|_| Error::from_hresult(E_UNEXPECTED))
    }

    /// Stops every worker and waits for it, dropping queued work. After this no callback runs.
    pub(super) fn stop(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        lock(&self.player_gone).store(true, Ordering::SeqCst);
        let workers: Vec<Worker<S>> = lock(&self.workers).drain().map(|(_, w)| w).collect();
        let me = std::thread::current().id();
        for Worker { queue, thread } in workers {
            drop(queue);
            // A worker that releases the last reference stops itself; it cannot wait for itself.
            if thread.thread().id() != me {
                let _ = crate::apartment::join(thread);
            }
        }
        *lock(&self.shared.callback) = None;
    }
}
