//! The store's side of the protocol: the [`ContentPartner`] trait a store implements, and
//! [`Partner`], the IWMPContentPartner object around it that does the asynchronous plumbing.
//!
//! Every asynchronous request returns at once and runs on a worker thread of its own kind
//! (downloads, purchases, licenses, lists, messages, permissions, devices, login), started on first
//! use, so a slow purchase never holds up a download. Each request gets its completion exactly
//! once (DownloadTrack once per track), whatever the store returns or however it panics.
//! `SetCallback(NULL)` stops the workers: when it returns, no callback will be made any more,
//! queued work is dropped, and the threads are gone.
//!
//! Threads: the workers join the multithreaded apartment on Windows, and the player's callback and
//! container lists reach them through the global interface table; elsewhere they are used directly.

mod handler;
mod player;
mod requests;
mod store;
mod workers;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use windows_core::implement;

use crate::bindings::*;
use crate::server::ObjectCount;
pub use player::Player;
pub use requests::*;
pub use store::ContentPartner;
use workers::{Kind, Shared, Worker};

/// The IWMPContentPartner object around a store.
#[implement(IWMPContentPartner)]
pub struct Partner<S>
where
    S: ContentPartner,
{
    shared: Arc<Shared<S>>,
    workers: Mutex<HashMap<Kind, Worker<S>>>,
    /// Shared with `Player` handles, which stop working when the player goes.
    player_gone: Mutex<Arc<AtomicBool>>,
    _alive: Option<ObjectCount>,
}

impl<S: ContentPartner> Partner<S> {
    /// A partner object around `store`, counted alive in `module` if given.
    pub fn new(store: S, module: Option<&'static crate::server::Module>) -> Self {
        Partner {
            shared: Arc::new(Shared { store, callback: Mutex::new(None), stopping: AtomicBool::new(false) }),
            workers: Mutex::new(HashMap::new()),
            player_gone: Mutex::new(Arc::new(AtomicBool::new(true))),
            _alive: module.map(ObjectCount::new),
        }
    }

    /// The store inside.
    pub fn store(&self) -> &S {
        &self.shared.store
    }

    /// The object as the interface a host receives.
    pub fn into_interface(self) -> IWMPContentPartner {
        self.into()
    }
}

impl<S: ContentPartner> Drop for Partner<S> {
    fn drop(&mut self) {
        self.stop();
    }
}
