//! IWMPContentPartner's methods on [`Partner`]: the synchronous ones call the store; the
//! asynchronous ones copy what the request needs, queue a job for the worker of their kind and
//! return at once.

use std::sync::Arc;

use windows_core::{Error, HRESULT, Result};

use super::credentials::Credentials;
use super::download::{download, null_list, read_order};
use super::session::Session;
use super::workers::Kind;
use super::{ContentPartner, LicenseRequest, ListRequest, LoginFailure, Partner, Player, TemplateRequest, lock};
use crate::apartment::{Marshaled, MarshaledVariant};
use crate::bindings::*;
use crate::hresult::{E_FAIL, E_UNEXPECTED, S_OK};
use crate::ole::{BStrRef, Bstr, Variant};
use crate::panic::{contain, contained};

/// How many items go into one AddListContents call.
const LIST_CHUNK: usize = 1000;

fn code<T>(r: &Result<T>) -> HRESULT {
    match r {
        Ok(_) => S_OK,
        Err(e) => e.code(),
    }
}

impl<S: ContentPartner> Partner<S> {
    /// The session of the attached player; asynchronous requests need one.
    fn session(&self) -> Result<Arc<Session>> {
        lock(&self.session).clone().ok_or_else(|| Error::from_hresult(E_UNEXPECTED))
    }

    /// Queues `run` for the attached player's session on the worker of `kind`.
    fn submit(&self, kind: Kind, run: impl FnOnce(&S, &Session) + Send + 'static) -> Result<()> {
        self.workers.submit(kind, self.session()?, Box::new(run))
    }

    /// Ends the attached player's session, if any: when this returns, nothing runs for it.
    pub(super) fn end_session(&self) {
        let session = lock(&self.session).take();
        if let Some(session) = session {
            session.end();
        }
    }

    /// SetCallback(player): a new session, which ends the one before; if the store's `attach`
    /// fails, nothing stays attached.
    fn attach(&self, callback: &IWMPContentPartnerCallback) -> Result<()> {
        let session = Arc::new(Session::new(callback)?);
        let previous = lock(&self.session).replace(Arc::clone(&session));
        if let Some(previous) = previous {
            previous.end();
        }
        let player = Player { session: Arc::clone(&session) };
        if contain("attach", || self.store.attach(player)).is_some() {
            return Ok(());
        }
        let mut current = lock(&self.session);
        if current.as_ref().is_some_and(|s| Arc::ptr_eq(s, &session)) {
            *current = None;
        }
        drop(current);
        session.end();
        Err(Error::from_hresult(E_UNEXPECTED))
    }
}

impl<S: ContentPartner> IWMPContentPartnerHandler for Partner<S> {
    fn set_callback(&self, callback: Option<&IWMPContentPartnerCallback>) -> Result<()> {
        match callback {
            Some(callback) => self.attach(callback),
            None => {
                self.end_session();
                contained("detach", || {
                    self.store.detach();
                    Ok(())
                })
            }
        }
    }

    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        self.store.notify(notification, context)
    }

    fn get_item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        self.store.item_info(name, context)
    }

    fn get_content_partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        self.store.partner_info(name)
    }

    fn get_commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<WMPContextMenuInfo>> {
        let menu = self.store.commands(location, context, item_location, items)?;
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
        self.store.invoke_command(id, location, context, item_location, items)
    }

    fn can_buy_silent(&self, list: Option<&IWMPContentContainerList>) -> Result<(Bstr, bool)> {
        let order = read_order(list.ok_or_else(null_list)?)?;
        let (price, silent) = self.store.can_buy_silent(&order)?;
        Ok((price.into(), silent))
    }

    fn buy(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Buy, move |store, session| {
            let result =
                list.get().and_then(|list| read_order(&list)).and_then(|order| contained("buy", || store.buy(&order)));
            session.complete(|player| player.buy_complete(code(&result), cookie));
        })
    }

    fn get_streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<Bstr> {
        Ok(self.store.streaming_url(kind, context)?.into())
    }

    fn download(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Download, move |store, session| download(store, session, &list, cookie))
    }

    fn download_track_complete(&self, result: HRESULT, content_id: u32, params: BStrRef<'_>) -> Result<()> {
        self.store.download_track_complete(result, content_id, params)
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
        let (url, reason) = (url.map(|u| u.to_string()), reason.to_string());
        let context = MarshaledVariant::new(context)?;
        self.submit(Kind::License, move |store, session| {
            let result = context.into_variant().and_then(|context| {
                let request = LicenseRequest { cookie, local, url, streaming, content_id, reason, context };
                contained("refresh_license", || store.refresh_license(&request))
            });
            session.complete(|player| player.refresh_license_complete(cookie, content_id, code(&result)));
        })
    }

    fn get_catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<(u32, Bstr, Variant)> {
        let c = self.store.catalog_url(version, schema, lcid)?;
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
        let (url, size) = self.store.template(&request)?;
        Ok((url.into(), size))
    }

    fn update_device(&self, device: BStrRef<'_>) -> Result<()> {
        let device = device.to_string();
        if !self.store.device_needs_update(&device) {
            return Err(Error::from_hresult(E_FAIL));
        }
        self.submit(Kind::Device, move |store, session| {
            let _ = contained("update_device", || store.update_device(&device));
            session.complete(|player| player.update_device_complete(device.as_str()));
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
        let (location, list_type, params) = (location.to_string(), list_type.to_string(), params.to_string());
        let context = MarshaledVariant::new(context)?;
        self.submit(Kind::List, move |store, session| {
            let items = context.into_variant().and_then(|context| {
                let request = ListRequest { location, context, list_type, params, cookie };
                contained("list_contents", || store.list_contents(&request))
            });
            let Ok(player) = session.callback() else { return };
            let mut result = code(&items);
            for chunk in items.as_deref().unwrap_or(&[]).chunks(LIST_CHUNK) {
                if session.ended() {
                    return;
                }
                if let Err(e) = player.add_list_contents(cookie, chunk) {
                    result = e.code();
                    break;
                }
            }
            if !session.ended() {
                let _ = player.list_contents_complete(cookie, result);
            }
        })
    }

    fn login(&self, user: &[u8], password: &[u8], used_cached: bool, may_cache: bool) -> Result<()> {
        let credentials = Credentials::new(user, password);
        self.submit(Kind::Login, move |store, session| {
            let outcome =
                contain("login", || store.login(credentials.user(), credentials.password(), used_cached, may_cache))
                    .unwrap_or(Err(LoginFailure { page: 0 }));
            drop(credentials);
            let state = match outcome {
                Ok(()) => Variant::bool(true),
                Err(f) => Variant::ui4(f.page),
            };
            session.complete(|player| player.notify(WMPCallbackNotification::wmpcnLoginStateChange, &state));
        })
    }

    fn authenticate(&self, user: &[u8], password: &[u8]) -> Result<()> {
        let credentials = Credentials::new(user, password);
        self.submit(Kind::Login, move |store, session| {
            let ok = contain("authenticate", || store.authenticate(credentials.user(), credentials.password()))
                .unwrap_or(false);
            drop(credentials);
            session.complete(|player| player.notify(WMPCallbackNotification::wmpcnAuthResult, &Variant::bool(ok)));
        })
    }

    fn logout(&self) -> Result<()> {
        self.submit(Kind::Login, move |store, session| {
            contain("logout", || store.logout());
            session.complete(|player| {
                player.notify(WMPCallbackNotification::wmpcnLoginStateChange, &Variant::bool(false))
            });
        })
    }

    fn send_message(&self, message: BStrRef<'_>, param: BStrRef<'_>) -> Result<()> {
        let (message, param) = (message.to_bstr(), param.to_bstr());
        self.submit(Kind::Message, move |store, session| {
            let result = contained("send_message", || store.send_message(&message.to_string(), &param.to_string()));
            session
                .complete(|player| player.send_message_complete(&message, &param, result.unwrap_or_default().as_str()));
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
        self.store.station_event(kind, station, playlist_index, track, data, seconds)
    }

    fn compare_container_list_prices(
        &self,
        base: Option<&IWMPContentContainerList>,
        other: Option<&IWMPContentContainerList>,
    ) -> Result<i32> {
        let base = read_order(base.ok_or_else(null_list)?)?;
        let other = read_order(other.ok_or_else(null_list)?)?;
        self.store.compare_prices(&base, &other)
    }

    fn verify_permission(&self, permission: BStrRef<'_>, context: &Variant) -> Result<()> {
        let permission = permission.to_bstr();
        let context = MarshaledVariant::new(context)?;
        self.submit(Kind::Permission, move |store, session| {
            let context = match context.into_variant() {
                Ok(context) => context,
                Err(e) => {
                    session
                        .complete(|player| player.verify_permission_complete(&permission, &Variant::empty(), e.code()));
                    return;
                }
            };
            let result = contained("verify_permission", || store.verify_permission(&permission.to_string(), &context));
            session.complete(|player| player.verify_permission_complete(&permission, &context, code(&result)));
        })
    }
}
