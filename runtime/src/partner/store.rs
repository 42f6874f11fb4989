//! The [`ContentPartner`] trait: what a store implements.

use windows_core::{Error, HRESULT, Result};

use super::{
    CatalogUrl, LicenseRequest, ListRequest, LoginFailure, MenuItem, Order, Player, TemplateRequest, TrackDownload,
    TrackRequest,
};
use crate::bindings::*;
use crate::hresult::E_NOTIMPL;
use crate::ole::{BStrRef, Variant};

fn not_implemented<T>() -> Result<T> {
    Err(Error::from_hresult(E_NOTIMPL))
}

/// What a store implements. Every method has a default (E_NOTIMPL, or the protocol's neutral
/// answer). The asynchronous ones run on worker threads and return what the completion needs;
/// the runtime sends the completion, exactly once, unless the player ends the session first.
///
/// Every call is inside a panic guard: a panic is E_UNEXPECTED for the player, and the store
/// carries on. That includes the store's `Drop`, which runs when the object's last Release (or
/// the last of its workers) lets go of it.
pub trait ContentPartner: Send + Sync + 'static {
    /// The player is ready (SetCallback): keep `player` for calls of the store's own. If this
    /// panics, SetCallback fails with E_UNEXPECTED and nothing stays attached.
    fn attach(&self, player: Player) {
        let _ = player;
    }

    /// The player is going away (SetCallback(NULL)); `Player` handles stop working.
    fn detach(&self) {}

    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        let _ = (notification, context);
        Ok(())
    }

    fn item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        let _ = (name, context);
        not_implemented()
    }

    fn partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        let _ = name;
        not_implemented()
    }

    fn commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<MenuItem>> {
        let _ = (location, context, item_location, items);
        Ok(Vec::new())
    }

    fn invoke_command(
        &self,
        id: u32,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<()> {
        let _ = (id, location, context, item_location, items);
        not_implemented()
    }

    /// CanBuySilent: the total price to show and whether no confirmation is needed.
    fn can_buy_silent(&self, order: &Order) -> Result<(String, bool)> {
        let _ = order;
        not_implemented()
    }

    /// Buy, on the purchase worker. BuyComplete follows with S_OK or the error (E_UNEXPECTED for
    /// a panic), exactly once.
    fn buy(&self, order: &Order) -> Result<()> {
        let _ = order;
        not_implemented()
    }

    fn streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<String> {
        let _ = (kind, context);
        not_implemented()
    }

    /// One track of a Download, on the download worker, in list order. `Ok` sends DownloadTrack
    /// with the URL and S_OK; an error (or panic) sends it with that HRESULT and no URL.
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        let _ = track;
        not_implemented()
    }

    /// The player finished (or failed) one track; `params` are the ones `download_track` gave.
    fn download_track_complete(&self, result: HRESULT, content_id: u32, params: BStrRef<'_>) -> Result<()> {
        let _ = (result, content_id, params);
        Ok(())
    }

    /// RefreshLicense, on the license worker; RefreshLicenseComplete follows.
    fn refresh_license(&self, request: &LicenseRequest) -> Result<()> {
        let _ = request;
        not_implemented()
    }

    fn catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<CatalogUrl> {
        let _ = (version, schema, lcid);
        not_implemented()
    }

    fn template(&self, request: &TemplateRequest<'_>) -> Result<(String, WMPTemplateSize)> {
        let _ = request;
        not_implemented()
    }

    /// Whether the store has work to do on a device. If so UpdateDevice succeeds and
    /// [`update_device`](Self::update_device) runs on the device worker; if not, it fails and no
    /// completion is sent.
    fn device_needs_update(&self, device: &str) -> bool {
        let _ = device;
        false
    }

    /// The device work; UpdateDeviceComplete follows whatever it returns.
    fn update_device(&self, device: &str) -> Result<()> {
        let _ = device;
        Ok(())
    }

    /// GetListContents, on the list worker: the items, sent in chunks, then ListContentsComplete.
    fn list_contents(&self, request: &ListRequest) -> Result<Vec<u32>> {
        let _ = request;
        not_implemented()
    }

    /// Login, on the login worker: `Ok` sends Notify(LoginStateChange, VT_BOOL true), a failure
    /// VT_UI4 with its page index.
    ///
    /// `user` and `password` are the player's BLOBs as it hands them over: its own encrypted
    /// form of the credentials, which the store decrypts as its service requires. The runtime's
    /// copies are wiped when the job is done or dropped; a store that copies them should do the
    /// same, and never log them.
    fn login(
        &self,
        user: &[u8],
        password: &[u8],
        used_cached: bool,
        may_cache: bool,
    ) -> std::result::Result<(), LoginFailure> {
        let _ = (user, password, used_cached, may_cache);
        Err(LoginFailure { page: 0 })
    }

    /// Authenticate, on the login worker: Notify(AuthResult, VT_BOOL) with the answer. The BLOBs
    /// are as for [`login`](Self::login).
    fn authenticate(&self, user: &[u8], password: &[u8]) -> bool {
        let _ = (user, password);
        false
    }

    /// Logout, on the login worker; Notify(LoginStateChange, VT_BOOL false) follows.
    fn logout(&self) {}

    /// SendMessage, on the message worker: the result text for SendMessageComplete.
    fn send_message(&self, message: &str, param: &str) -> Result<String> {
        let _ = (message, param);
        not_implemented()
    }

    fn station_event(
        &self,
        kind: BStrRef<'_>,
        station: u32,
        playlist_index: u32,
        track: u32,
        data: BStrRef<'_>,
        seconds: u32,
    ) -> Result<()> {
        let _ = (kind, station, playlist_index, track, data, seconds);
        Ok(())
    }

    fn compare_prices(&self, base: &Order, other: &Order) -> Result<i32> {
        let _ = (base, other);
        not_implemented()
    }

    /// VerifyPermission, on the permission worker; VerifyPermissionComplete follows with S_OK or
    /// the error.
    fn verify_permission(&self, permission: &str, context: &Variant) -> Result<()> {
        let _ = (permission, context);
        not_implemented()
    }
}
