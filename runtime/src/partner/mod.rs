//! The store's side of the protocol: the [`ContentPartner`] trait a store implements, and
//! [`Partner`], the IWMPContentPartner object around it that does the asynchronous plumbing.
//!
//! Every asynchronous request returns at once and runs on a worker thread of its own kind
//! (downloads, purchases, licenses, lists, messages, permissions, devices, login), started on first
//! use, so a slow purchase never holds up a download. Each accepted request gets its completion
//! exactly once (DownloadTrack once per track) while its session lasts, whatever the store returns
//! or however it panics; a refused one (an error returned at once, such as E_BUSY from a full
//! queue) gets none.
//!
//! A session runs from SetCallback(player) to SetCallback(NULL), the next SetCallback or the last
//! Release. When the call that ends it returns, no callback of that session will come and no store
//! code runs for it; this holds even when the player makes that call from inside one of our
//! callbacks, in any apartment, in-process or not (see `session`).
//!
//! Threads: the workers join the multithreaded apartment on Windows, and the player's callback,
//! container lists and the interfaces in request contexts reach them through the global interface
//! table; elsewhere they are used directly.

mod credentials;
mod download;
mod handler;
mod player;
mod requests;
mod session;
mod store;
mod workers;

use std::sync::{Arc, Mutex, MutexGuard};

use windows_core::implement;

use crate::bindings::*;
use crate::server::{Module, ObjectCount};
pub use player::Player;
pub use requests::*;
pub use session::END_WAIT;
use session::Session;
pub use store::ContentPartner;
pub use workers::QUEUE_BOUND;
use workers::{Store, Workers};

/// The IWMPContentPartner object around a store.
#[implement(IWMPContentPartner)]
pub struct Partner<S>
where
    S: ContentPartner,
{
    store: Arc<Store<S>>,
    workers: Workers<S>,
    /// The attached player's session.
    session: Mutex<Option<Arc<Session>>>,
    _alive: Option<ObjectCount>,
}

impl<S: ContentPartner> Partner<S> {
    /// A partner object around `store`, counted alive in `module` if given (its worker threads
    /// too, until each has finished).
    pub fn new(store: S, module: Option<&'static Module>) -> Self {
        let store = Arc::new(Store::new(store));
        Partner {
            workers: Workers::new(Arc::clone(&store), module),
            store,
            session: Mutex::new(None),
            _alive: module.map(ObjectCount::new),
        }
    }

    /// The store inside.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The object as the interface a host receives.
    pub fn into_interface(self) -> IWMPContentPartner {
        self.into()
    }
}

impl<S: ContentPartner> Drop for Partner<S> {
    /// The last Release ends the session; the workers finish on their own once their queues close.
    fn drop(&mut self) {
        self.end_session();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves plain data behind; carry on with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
