//! The player's side: a callback that records what the store calls, and container lists built
//! from track ids, as `#[implement]` objects. They are not agile (`Agile = false`), like the
//! player's own objects: on Windows they belong to the apartment that made them, and a store's
//! worker reaches them only through marshaling.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::apartment::pump_for;
use contentpartner::bindings::*;
use contentpartner::hresult::E_INVALIDARG;
use contentpartner::ole::{BStrRef, Bstr, Variant, VariantValue};
use contentpartner::windows_core::{HRESULT, Result, implement};

use crate::reentrancy::{Hook, Trigger};

/// What the store called on the player, in arrival order.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<Event>>>);

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    DownloadTrack { cookie: u32, id: u32, url: String, params: String, hr: HRESULT },
    BuyComplete { cookie: u32, hr: HRESULT },
    RefreshLicenseComplete { cookie: u32, id: u32, hr: HRESULT },
    AddListContents { cookie: u32, items: Vec<u32> },
    ListContentsComplete { cookie: u32, hr: HRESULT },
    SendMessageComplete { message: String, param: String, result: String },
    VerifyPermissionComplete { permission: String, device: String, hr: HRESULT },
    UpdateDeviceComplete { device: String },
    Notify { kind: i32, value: String },
    ChangeView { kind: String, id: String },
}

impl Events {
    fn push(&self, e: Event) {
        self.0.lock().unwrap().push(e);
    }
    /// How many of the events so far match `pick`.
    pub fn count(&self, pick: impl Fn(&Event) -> bool) -> usize {
        self.0.lock().unwrap().iter().filter(|e| pick(e)).count()
    }
    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    pub fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
    /// Waits (pumping, at most `bound`) until `n` events have arrived; whether they did.
    pub fn wait_for_count(&self, n: usize, bound: Duration) -> bool {
        contentpartner::apartment::wait_until(Instant::now() + bound, || self.len() >= n)
    }

    /// Waits until `n` events have arrived (bounded by `report::timeout_for(n)`), and takes them.
    /// The wait pumps messages, as a player's UI thread does: in a single-threaded apartment that
    /// is how callbacks get in. Past 2,000 events it prints its progress every 2 s.
    pub fn wait(&self, n: usize) -> Vec<Event> {
        let start = Instant::now();
        let bound = crate::report::timeout_for(n);
        let mut shown = start;
        while self.len() < n && start.elapsed() < bound {
            pump_for(Duration::from_millis(1));
            if n > 2000 && shown.elapsed() > Duration::from_secs(2) {
                shown = Instant::now();
                let got = self.len();
                println!("    ... {got} of {n} so far ({:.0}/s)", got as f64 / start.elapsed().as_secs_f64());
            }
        }
        // Anything beyond `n` that arrives late would break "exactly once": give it a moment.
        pump_for(Duration::from_millis(20));
        self.take()
    }
}

#[implement(IWMPContentPartnerCallback, Agile = false)]
pub struct PlayerCallback {
    pub events: Events,
    /// What the player does from inside one of its callbacks (the re-entrancy scenarios).
    pub hook: Hook,
}

impl PlayerCallback {
    pub fn new(events: &Events) -> Self {
        PlayerCallback { events: events.clone(), hook: Hook::default() }
    }
}

pub fn describe(v: &Variant) -> String {
    match v.value() {
        VariantValue::Bool(b) => format!("BOOL {b}"),
        VariantValue::UI4(u) => format!("UI4 {u}"),
        VariantValue::Empty => "EMPTY".into(),
        other => format!("{other:?}"),
    }
}

impl IWMPContentPartnerCallbackHandler for PlayerCallback {
    fn notify(&self, kind: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.events.push(Event::Notify { kind: kind.0, value: describe(context) });
        Ok(())
    }
    fn buy_complete(&self, hr: HRESULT, cookie: u32) -> Result<()> {
        self.events.push(Event::BuyComplete { cookie, hr });
        self.hook.fire(Trigger::BuyComplete, &self.events);
        Ok(())
    }
    fn download_track(&self, cookie: u32, url: BStrRef<'_>, id: u32, params: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        self.events.push(Event::DownloadTrack { cookie, id, url: url.to_string(), params: params.to_string(), hr });
        self.hook.fire(Trigger::DownloadTrack, &self.events);
        Ok(())
    }
    fn get_catalog_version(&self) -> Result<(u32, u32, u32)> {
        Ok((41, 1, 1033))
    }
    fn update_device_complete(&self, device: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::UpdateDeviceComplete { device: device.to_string() });
        Ok(())
    }
    fn change_view(&self, kind: BStrRef<'_>, id: BStrRef<'_>, _: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::ChangeView { kind: kind.to_string(), id: id.to_string() });
        Ok(())
    }
    fn add_list_contents(&self, cookie: u32, items: &[u32]) -> Result<()> {
        self.events.push(Event::AddListContents { cookie, items: items.to_vec() });
        self.hook.fire(Trigger::AddListContents, &self.events);
        Ok(())
    }
    fn list_contents_complete(&self, cookie: u32, hr: HRESULT) -> Result<()> {
        self.events.push(Event::ListContentsComplete { cookie, hr });
        Ok(())
    }
    fn send_message_complete(&self, message: BStrRef<'_>, param: BStrRef<'_>, result: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::SendMessageComplete {
            message: message.to_string(),
            param: param.to_string(),
            result: result.to_string(),
        });
        Ok(())
    }
    fn get_content_ids_in_library(&self) -> Result<Vec<u32>> {
        Ok(vec![101, 102])
    }
    fn refresh_license_complete(&self, cookie: u32, id: u32, hr: HRESULT) -> Result<()> {
        self.events.push(Event::RefreshLicenseComplete { cookie, id, hr });
        Ok(())
    }
    fn verify_permission_complete(&self, permission: BStrRef<'_>, context: &Variant, hr: HRESULT) -> Result<()> {
        let device = context.as_bstr().map(|d| d.to_string()).unwrap_or_default();
        self.events.push(Event::VerifyPermissionComplete { permission: permission.to_string(), device, hr });
        Ok(())
    }
}

#[implement(IWMPContentContainer, Agile = false)]
struct Container {
    id: u32,
    kind: &'static str,
    tracks: Vec<u32>,
}

impl IWMPContentContainerHandler for Container {
    fn get_id(&self) -> Result<u32> {
        Ok(self.id)
    }
    fn get_price(&self) -> Result<Bstr> {
        Ok(format!("${}.{:02}", self.tracks.len() * 99 / 100, self.tracks.len() * 99 % 100).into())
    }
    fn get_type(&self) -> Result<Bstr> {
        Ok(self.kind.into())
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(self.tracks.len() as u32)
    }
    fn get_content_price(&self, i: u32) -> Result<Bstr> {
        self.tracks.get(i as usize).map(|_| Bstr::from("$0.99")).ok_or_else(|| E_INVALIDARG.into())
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        self.tracks.get(i as usize).copied().ok_or_else(|| E_INVALIDARG.into())
    }
}

#[implement(IWMPContentContainerList, Agile = false)]
struct ContainerList {
    transaction: WMPTransactionType,
    containers: Vec<IWMPContentContainer>,
}

impl IWMPContentContainerListHandler for ContainerList {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(self.transaction)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(self.containers.len() as u32)
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        self.containers.get(i as usize).cloned().map(Some).ok_or_else(|| E_INVALIDARG.into())
    }
}

/// A container list of `(id, kind, tracks)` containers.
pub fn list(
    transaction: WMPTransactionType,
    containers: Vec<(u32, &'static str, Vec<u32>)>,
) -> IWMPContentContainerList {
    let containers = containers.into_iter().map(|(id, kind, tracks)| Container { id, kind, tracks }.into()).collect();
    ContainerList { transaction, containers }.into()
}
