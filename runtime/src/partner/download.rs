//! Reading the player's container lists: whole, for Buy, CanBuySilent and price comparisons, and
//! track by track for a Download.
//!
//! A Download never loses a track silently. A container's informational getters (id, type,
//! price) that fail leave that field empty (the id `g_knReservedCPTrackID_NotFound`) and the
//! container is still walked; every track whose id can be read gets exactly one DownloadTrack,
//! with a failure HRESULT when the store cannot serve it. What the list cannot hand over at all
//! (its container count, a container, a container's track count, a track's id) is reported as
//! one DownloadTrack with the id `g_knReservedCPTrackID_NotFound`, no URL and the list's error,
//! so the player sees each gap.

use windows_core::{Error, Result};

use super::session::Session;
use super::{ContainerInfo, ContentPartner, Order, OrderContainer, TrackRequest};
use crate::apartment::Marshaled;
use crate::bindings::*;
use crate::hresult::{E_FAIL, E_POINTER, S_OK};
use crate::panic::contained;

/// The error for a container list the host passed as null.
pub fn null_list() -> Error {
    Error::from_hresult(E_POINTER)
}

/// Reads a whole container list (for Buy, CanBuySilent and price comparisons).
pub fn read_order(list: &IWMPContentContainerList) -> Result<Order> {
    let mut order = Order { transaction: list.get_transaction_type()?.0, containers: Vec::new() };
    for c in 0..list.get_container_count()? {
        let container = list.get_container(c)?.ok_or_else(|| Error::from_hresult(E_FAIL))?;
        let info = ContainerInfo {
            id: container.get_id()?,
            kind: container.get_type()?.to_string(),
            price: container.get_price()?.to_string(),
        };
        let mut tracks = Vec::new();
        for i in 0..container.get_content_count()? {
            tracks.push((container.get_content_id(i)?, container.get_content_price(i)?.to_string()));
        }
        order.containers.push(OrderContainer { info, tracks });
    }
    Ok(order)
}

/// What a container says about itself, as far as it can.
fn container_info(container: &IWMPContentContainer) -> ContainerInfo {
    ContainerInfo {
        id: container.get_id().unwrap_or(g_knReservedCPTrackID_NotFound),
        kind: container.get_type().map(|t| t.to_string()).unwrap_or_default(),
        price: container.get_price().map(|p| p.to_string()).unwrap_or_default(),
    }
}

/// The Download job: one DownloadTrack per track, in list order, until the session ends.
pub fn download<S: ContentPartner>(
    store: &S,
    session: &Session,
    list: &Marshaled<IWMPContentContainerList>,
    cookie: u32,
) {
    let Ok(player) = session.callback() else { return };
    // Sends one DownloadTrack; false once the session has ended.
    let send = |url: &str, id: u32, params: &str, hr| {
        if session.ended() {
            return false;
        }
        let _ = player.download_track(cookie, url, id, params, hr);
        !session.ended()
    };
    let gap = |e: Error| send("", g_knReservedCPTrackID_NotFound, "", e.code());
    let list = match list.get() {
        Ok(list) => list,
        Err(e) => {
            gap(e);
            return;
        }
    };
    let containers = match list.get_container_count() {
        Ok(n) => n,
        Err(e) => {
            gap(e);
            return;
        }
    };
    for c in 0..containers {
        if session.ended() {
            return;
        }
        let container = match list.get_container(c) {
            Ok(Some(container)) => container,
            Ok(None) => {
                gap(null_list());
                continue;
            }
            Err(e) => {
                gap(e);
                continue;
            }
        };
        let info = container_info(&container);
        let count = match container.get_content_count() {
            Ok(n) => n,
            Err(e) => {
                gap(e);
                continue;
            }
        };
        for index in 0..count {
            if session.ended() {
                return;
            }
            let content_id = match container.get_content_id(index) {
                Ok(id) => id,
                Err(e) => {
                    gap(e);
                    continue;
                }
            };
            let request = TrackRequest { cookie, container: &info, index, content_id, handle: &container };
            let sent = match contained("download_track", || store.download_track(&request)) {
                Ok(track) => send(&track.url, content_id, &track.params, S_OK),
                Err(e) => send("", content_id, "", e.code()),
            };
            if !sent {
                return;
            }
        }
    }
}
