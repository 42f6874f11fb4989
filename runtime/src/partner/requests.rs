//! The requests and answers a store sees: one per asynchronous call or container read.

use windows_core::Result;

use crate::bindings::*;
use crate::ole::{BStrRef, Variant};

/// One track of a Download, handed to [`ContentPartner::download_track`](super::ContentPartner::download_track).
pub struct TrackRequest<'a> {
    /// The cookie of the Download.
    pub cookie: u32,
    pub container: &'a ContainerInfo,
    /// The track's position in its container.
    pub index: u32,
    pub content_id: u32,
    pub(super) handle: &'a IWMPContentContainer,
}

impl TrackRequest<'_> {
    /// The track's price as the player shows it (asked of the player on demand).
    pub fn price(&self) -> Result<String> {
        Ok(self.handle.get_content_price(self.index)?.to_string())
    }
}

/// What a container of a Download, Buy or price comparison is.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerInfo {
    /// The album or list id; `g_knReservedCPTrackID_NotFound` for loose tracks.
    pub id: u32,
    /// `g_szCPAlbumID`, `g_szCPListID` or `g_szUnknownLocation`.
    pub kind: String,
    pub price: String,
}

/// A whole container list read out: what Buy, CanBuySilent and price comparisons see.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Order {
    pub transaction: i32,
    pub containers: Vec<OrderContainer>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderContainer {
    pub info: ContainerInfo,
    /// `(content id, price)` of each track.
    pub tracks: Vec<(u32, String)>,
}

/// What the store answers for one track of a Download.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackDownload {
    pub url: String,
    /// Opaque text the player stores and hands back in DownloadTrackComplete.
    pub params: String,
}

/// A failed login: the store-defined page index for `GetItemInfo(g_szItemInfo_LoginFailureURL)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailure {
    pub page: u32,
}

/// A RefreshLicense request.
#[derive(Debug)]
pub struct LicenseRequest {
    pub cookie: u32,
    pub local: bool,
    pub url: Option<String>,
    pub streaming: WMPStreamingType,
    pub content_id: u32,
    pub reason: String,
    pub context: Variant,
}

/// A GetListContents request.
#[derive(Debug)]
pub struct ListRequest {
    pub location: String,
    pub context: Variant,
    pub list_type: String,
    pub params: String,
    pub cookie: u32,
}

/// A GetTemplate request.
#[derive(Clone, Debug)]
pub struct TemplateRequest<'a> {
    pub task: WMPTaskType,
    pub location: BStrRef<'a>,
    pub context: &'a Variant,
    pub click_location: BStrRef<'a>,
    pub click_context: &'a Variant,
    pub filter: BStrRef<'a>,
    pub view_params: BStrRef<'a>,
}

/// A context-menu entry from [`ContentPartner::commands`](super::ContentPartner::commands); id 0 is a separator.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    pub id: u32,
    pub text: String,
    pub help: String,
}

/// The answer to GetCatalogURL.
#[derive(Debug)]
pub struct CatalogUrl {
    pub version: u32,
    pub url: String,
    /// When the player should ask again (an OLE date).
    pub expires: Variant,
}
