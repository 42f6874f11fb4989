//! IWMPContentPartner's methods on [`Partner`]: the synchronous ones call the store, the
//! asynchronous ones queue a job for a worker and return.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use windows_core::{Error, HRESULT, Result};

use super::workers::{Callback, Kind, Shared, code, lock};
use super::{
    ContainerInfo, ContentPartner, LicenseRequest, ListRequest, LoginFailure, Order, OrderContainer, Partner, Player,
    TemplateRequest, TrackRequest,
};
use crate::apartment::Marshaled;
use crate::bindings::*;
use crate::hresult::{E_FAIL, S_OK};
use crate::ole::{BStrRef, Bstr, Variant};
use crate::panic::{contain, contained};

/// How many items go into one AddListContents call.
const LIST_CHUNK: usize = 1000;

/// The error for a container list the host passed as null.
fn null_list() -> Error {
    Error::from_hresult(crate::ole::E_POINTER)
}

/// Reads a whole container list (for Buy, CanBuySilent and price comparisons).
fn read_order(list: &IWMPContentContainerList) -> Result<Order> {
    let mut order = Order { transaction: list.get_transaction_type()?.0, containers: Vec::new() };
    for c in 0..list.get_container_count()? {
        let container = list.get_container(c)?.ok_or_else(|| Error::from_hresult(E_FAIL))?;
        let info = container_info(&container)?;
        let mut tracks = Vec::new();
        for i in 0..container.get_content_count()? {
            tracks.push((container.get_content_id(i)?, container.get_content_price(i)?.to_string()));
        }
        order.containers.push(OrderContainer { info, tracks });
    }
    Ok(order)
}

fn container_info(container: &IWMPContentContainer) -> Result<ContainerInfo> {
    Ok(ContainerInfo {
        id: container.get_id()?,
        kind: container.get_type()?.to_string(),
        price: container.get_price()?.to_string(),
    })
}

fn download<S: ContentPartner>(shared: &Shared<S>, list: &IWMPContentContainerList, cookie: u32) {
    let Some(callback) = shared.callback() else { return };
    let Ok(containers) = list.get_container_count() else { return };
    for c in 0..containers {
        let Ok(Some(container)) = list.get_container(c) else { continue };
        let Ok(info) = container_info(&container) else { continue };
        let count = container.get_content_count().unwrap_or(0);
        for index in 0..count {
            // The track's id is the one thing DownloadTrack cannot do without.
            let Ok(content_id) = container.get_content_id(index) else { continue };
            let request = TrackRequest { cookie, container: &info, index, content_id, handle: &container };
            let answer = contained("download_track", || shared.store.download_track(&request));
            if shared.stopped() {
                return;
            }
            let _ = match answer {
                Ok(track) => {
                    callback.download_track(cookie, track.url.as_str(), content_id, track.params.as_str(), S_OK)
                }
                Err(e) => callback.download_track(cookie, "", content_id, "", e.code()),
            };
        }
    }
}

impl<S: ContentPartner> IWMPContentPartnerHandler for Partner<S> {
    fn set_callback(&self, callback: Option<&IWMPContentPartnerCallback>) -> Result<()> {
        match callback {
            None => {
                self.stop();
                contained("detach", || {
                    self.shared.store.detach();
                    Ok(())
                })
            }
            Some(cb) => {
                // A second SetCallback replaces the first; the workers use the new one.
                let marshaled: Callback = Arc::new(Marshaled::new(cb)?);
                *lock(&self.shared.callback) = Some(Arc::clone(&marshaled));
                self.shared.stopping.store(false, Ordering::SeqCst);
                let gone = Arc::new(AtomicBool::new(false));
                let previous = std::mem::replace(&mut *lock(&self.player_gone), Arc::clone(&gone));
                previous.store(true, Ordering::SeqCst);
                let player = Player { callback: marshaled, stopping: gone };
                contained("attach", || {
                    self.shared.store.attach(player);
                    Ok(())
                })
            }
        }
    }

    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        self.shared.store.notify(notification, context)
    }

    fn get_item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        self.shared.store.item_info(name, context)
    }

    fn get_content_partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        self.shared.store.partner_info(name)
    }

    fn get_commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<WMPContextMenuInfo>> {
        let menu = self.shared.store.commands(location, context, item_location, items)?;
        Ok(menu
            .into_iter()
            .map(|m| WMPContextMenuInfo {
                dwID: m.id,
                bstrMenuText: Bstr::from(m.text).into_abi(),
                bstrHelpText: Bstr::from(m.help).into_abi(),
            })
            .collect())
    }

    fn invoke_command(
        &self,
        id: u32,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<()> {
        self.shared.store.invoke_command(id, location, context, item_location, items)
    }

    fn can_buy_silent(&self, list: Option<&IWMPContentContainerList>) -> Result<(Bstr, bool)> {
        let order = read_order(list.ok_or_else(null_list)?)?;
        let (price, silent) = self.shared.store.can_buy_silent(&order)?;
        Ok((price.into(), silent))
    }

    fn buy(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Buy, move |shared| {
            let result = list
                .get()
                .and_then(|list| read_order(&list))
                .and_then(|order| contained("buy", || shared.store.buy(&order)));
            if let Some(callback) = shared.callback() {
                let _ = callback.buy_complete(code(&result), cookie);
            }
        })
    }

    fn get_streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<Bstr> {
        Ok(self.shared.store.streaming_url(kind, context)?.into())
    }

    fn download(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Download, move |shared| {
            if let Ok(list) = list.get() {
                download(shared, &list, cookie);
            }
        })
    }

    fn download_track_complete(&self, result: HRESULT, content_id: u32, params: BStrRef<'_>) -> Result<()> {
        self.shared.store.download_track_complete(result, content_id, params)
    }

    fn refresh_license(
        &self,
        cookie: u32,
        local: bool,
        url: Option<BStrRef<'_>>,
        streaming: WMPStreamingType,
        content_id: u32,
        reason: BStrRef<'_>,
        context: &Variant,
    ) -> Result<()> {
        let request = LicenseRequest {
            cookie,
            local,
            url: url.map(|u| u.to_string()),
            streaming,
            content_id,
            reason: reason.to_string(),
            context: context.clone(),
        };
        self.submit(Kind::License, move |shared| {
            let result = contained("refresh_license", || shared.store.refresh_license(&request));
            if let Some(callback) = shared.callback() {
                let _ = callback.refresh_license_complete(request.cookie, request.content_id, code(&result));
            }
        })
    }

    fn get_catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<(u32, Bstr, Variant)> {
        let c = self.shared.store.catalog_url(version, schema, lcid)?;
        Ok((c.version, c.url.into(), c.expires))
    }

    fn get_template(
        &self,
        task: WMPTaskType,
        location: BStrRef<'_>,
        context: &Variant,
        click_location: BStrRef<'_>,
        click_context: &Variant,
        filter: BStrRef<'_>,
        view_params: BStrRef<'_>,
    ) -> Result<(Bstr, WMPTemplateSize)> {
        let request = TemplateRequest { task, location, context, click_location, click_context, filter, view_params };
        let (url, size) = self.shared.store.template(&request)?;
        Ok((url.into(), size))
    }

    fn update_device(&self, device: BStrRef<'_>) -> Result<()> {
        let device = device.to_string();
        if !self.shared.store.device_needs_update(&device) {
            return Err(Error::from_hresult(E_FAIL));
        }
        self.submit(Kind::Device, move |shared| {
            let _ = contained("update_device", || shared.store.update_device(&device));
            if let Some(callback) = shared.callback() {
                let _ = callback.update_device_complete(device.as_str());
            }
        })
    }

    fn get_list_contents(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        list_type: BStrRef<'_>,
        params: BStrRef<'_>,
        cookie: u32,
    ) -> Result<()> {
        let request = ListRequest {
            location: location.to_string(),
            context: context.clone(),
            list_type: list_type.to_string(),
            params: params.to_string(),
            cookie,
        };
        self.submit(Kind::List, move |shared| {
            let items = contained("list_contents", || shared.store.list_contents(&request));
            let Some(callback) = shared.callback() else {
                return;
            };
            let mut result = code(&items);
            for chunk in items.as_deref().unwrap_or(&[]).chunks(LIST_CHUNK) {
                if shared.stopped() {
                    return;
                }
                if let Err(e) = callback.add_list_contents(cookie, chunk) {
                    result = e.code();
                    break;
                }
            }
            let _ = callback.list_contents_complete(cookie, result);
        })
    }

    fn login(&self, user: &[u8], password: &[u8], used_cached: bool, may_cache: bool) -> Result<()> {
        let (user, password) = (user.to_vec(), password.to_vec());
        self.submit(Kind::Login, move |shared| {
            let outcome = contain("login", || shared.store.login(&user, &password, used_cached, may_cache))
                .unwrap_or(Err(LoginFailure { page: 0 }));
            let state = match outcome {
                Ok(()) => Variant::bool(true),
                Err(f) => Variant::ui4(f.page),
            };
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnLoginStateChange, &state);
            }
        })
    }

    fn authenticate(&self, user: &[u8], password: &[u8]) -> Result<()> {
        let (user, password) = (user.to_vec(), password.to_vec());
        self.submit(Kind::Login, move |shared| {
            let ok = contain("authenticate", || shared.store.authenticate(&user, &password)).unwrap_or(false);
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnAuthResult, &Variant::bool(ok));
            }
        })
    }

    fn logout(&self) -> Result<()> {
        self.submit(Kind::Login, move |shared| {
            contain("logout", || shared.store.logout());
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnLoginStateChange, &Variant::bool(false));
            }
        })
    }

    fn send_message(&self, message: BStrRef<'_>, param: BStrRef<'_>) -> Result<()> {
        let (message, param) = (message.to_bstr(), param.to_bstr());
        self.submit(Kind::Message, move |shared| {
            let result =
                contained("send_message", || shared.store.send_message(&message.to_string(), &param.to_string()));
            if let Some(callback) = shared.callback() {
                let _ = callback.send_message_complete(&message, &param, result.unwrap_or_default().as_str());
            }
        })
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
        self.shared.store.station_event(kind, station, playlist_index, track, data, seconds)
    }

    fn compare_container_list_prices(
        &self,
        base: Option<&IWMPContentContainerList>,
        other: Option<&IWMPContentContainerList>,
    ) -> Result<i32> {
        let base = read_order(base.ok_or_else(null_list)?)?;
        let other = read_order(other.ok_or_else(null_list)?)?;
        self.shared.store.compare_prices(&base, &other)
    }

    fn verify_permission(&self, permission: BStrRef<'_>, context: &Variant) -> Result<()> {
        let (permission, context) = (permission.to_bstr(), context.clone());
        self.submit(Kind::Permission, move |shared| {
            let result =
                contained("verify_permission", || shared.store.verify_permission(&permission.to_string(), &context));
            if let Some(callback) = shared.callback() {
                let _ = callback.verify_permission_complete(&permission, &context, code(&result));
            }
        })
    }
}
