//! [`Player`]: the store's handle on the player, for the calls it makes on its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use windows_core::{Error, Result};

use super::workers::Callback;
use crate::bindings::*;
use crate::hresult::E_UNEXPECTED;
use crate::ole::{CoTaskMemArray, Variant};

/// The store's handle on the player, for the calls it makes on its own.
#[derive(Clone)]
pub struct Player {
    pub(super) callback: Callback,
    pub(super) stopping: Arc<AtomicBool>,
}

impl Player {
    fn get(&self) -> Result<IWMPContentPartnerCallback> {
        if self.stopping.load(Ordering::SeqCst) { Err(Error::from_hresult(E_UNEXPECTED)) } else { self.callback.get() }
    }

    pub fn notify(&self, notification: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.get()?.notify(notification, context)
    }

    pub fn change_view(&self, kind: &str, id: &str, filter: &str) -> Result<()> {
        self.get()?.change_view(kind, id, filter)
    }

    pub fn show_popup(&self, index: i32, params: &str) -> Result<()> {
        self.get()?.show_popup(index, params)
    }

    pub fn content_ids_in_library(&self) -> Result<CoTaskMemArray<u32>> {
        self.get()?.get_content_ids_in_library()
    }

    /// (version, schema version, LCID) of the catalog the player has.
    pub fn catalog_version(&self) -> Result<(u32, u32, u32)> {
        self.get()?.get_catalog_version()
    }
}
