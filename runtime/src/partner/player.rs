//! [`Player`]: the store's handle on the player, for the calls it makes on its own.

use std::sync::Arc;

use windows_core::{Error, Result};

use super::session::Session;
use crate::bindings::*;
use crate::hresult::E_UNEXPECTED;
use crate::ole::{CoTaskMemArray, Variant};

/// The store's handle on the player of one session, for the calls it makes on its own. Once the
/// session has ended (SetCallback(NULL), a new SetCallback, the last Release) every call fails with
/// E_UNEXPECTED; a call in progress when the session ends is waited for by the call that ends it.
#[derive(Clone)]
pub struct Player {
    pub(super) session: Arc<Session>,
}

impl Player {
    fn call<T>(&self, f: impl FnOnce(&IWMPContentPartnerCallback) -> Result<T>) -> Result<T> {
        let _activity = self.session.enter().ok_or_else(|| Error::from_hresult(E_UNEXPECTED))?;
        f(&self.session.callback()?)
    }

    pub fn notify(&self, notification: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.call(|player| player.notify(notification, context))
    }

    pub fn change_view(&self, kind: &str, id: &str, filter: &str) -> Result<()> {
        self.call(|player| player.change_view(kind, id, filter))
    }

    pub fn show_popup(&self, index: i32, params: &str) -> Result<()> {
        self.call(|player| player.show_popup(index, params))
    }

    pub fn content_ids_in_library(&self) -> Result<CoTaskMemArray<u32>> {
        self.call(|player| player.get_content_ids_in_library())
    }

    /// (version, schema version, LCID) of the catalog the player has.
    pub fn catalog_version(&self) -> Result<(u32, u32, u32)> {
        self.call(|player| player.get_catalog_version())
    }
}
