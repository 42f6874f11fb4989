//! Contoso Music, a sample type 1 online store: everything a store writes with contentpartner-rs.
//!
//! The catalog is procedural, so it is large without data files: tracks 1 to 999,999 exist, and
//! track `n` belongs to album `n / 100`. Every 97th track cannot be bought. One user (alice,
//! password "secret") can log in.
//!
//! Two things are there for test hosts: the message `whoami` answers with the store's process id
//! and the thread that runs it, and the item name and message `panic` make the store panic, which
//! the player sees as E_UNEXPECTED (or an empty message result), never as a crash.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use contentpartner::bindings::*;
use contentpartner::content_partner;
use contentpartner::ole::{BStrRef, Variant};
use contentpartner::partner::*;
use contentpartner::windows_core::{Error, Result};

// E_NOT_FOUND: the track is not in the catalog; E_ACCESSDENIED: the order holds a track that
// cannot be bought.
use contentpartner::hresult::{E_ACCESSDENIED, E_INVALIDARG, E_NOT_FOUND};

const BASE: &str = "https://contoso.example";
const CATALOG_END: u32 = 1_000_000;

fn in_catalog(id: u32) -> bool {
    (1..CATALOG_END).contains(&id)
}

fn buyable(id: u32) -> bool {
    in_catalog(id) && id % 97 != 0
}

#[content_partner(
    clsid = "3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01",
    store_key = "ContosoMusic",
    name = "Contoso Music",
    capabilities(background_processing, device_available)
)]
#[derive(Default)]
pub struct Contoso {
    logged_in: AtomicBool,
    player: Mutex<Option<Player>>,
}

impl Contoso {
    fn player(&self) -> Result<Player> {
        self.player.lock().unwrap().clone().ok_or_else(|| Error::from_hresult(E_INVALIDARG))
    }
}

impl ContentPartner for Contoso {
    fn attach(&self, player: Player) {
        *self.player.lock().unwrap() = Some(player);
    }

    fn detach(&self) {
        *self.player.lock().unwrap() = None;
    }

    fn item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        let index = context.as_i4().map(|i| i as i64).or(context.as_ui4().map(i64::from)).unwrap_or(0);
        let url = match name.to_string().as_str() {
            "panic" => panic!("GetItemInfo(\"panic\")"),
            n if n == g_szItemInfo_PopupURL => format!("{BASE}/popup/{index}"),
            n if n == g_szItemInfo_PopupCaption => format!("Contoso Music ({index})"),
            n if n == g_szItemInfo_LoginFailureURL => format!("{BASE}/login-help/{index}"),
            n if n == g_szItemInfo_AuthenticationSuccessURL => format!("{BASE}/welcome/{index}"),
            n if n == g_szItemInfo_AlbumArtURL => format!("{BASE}/art/album/{index}.jpg"),
            n if n == g_szItemInfo_CreateAccountURL => format!("{BASE}/account/new"),
            _ => return Err(Error::from_hresult(E_INVALIDARG)),
        };
        Ok(Variant::bstr(url))
    }

    fn partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        match name.to_string().as_str() {
            n if n == g_szContentPartnerInfo_LoginState => Ok(Variant::bool(self.logged_in.load(Ordering::SeqCst))),
            n if n == g_szContentPartnerInfo_MediaPlayerAccountType => {
                Ok(Variant::ui4(WMPAccountType::wmpatBuyOnly.0 as u32))
            }
            n if n == g_szContentPartnerInfo_MaximumTrackPurchasePerPurchase => Ok(Variant::ui4(0)),
            n if n == g_szContentPartnerInfo_LicenseRefreshAdvanceWarning => Ok(Variant::ui4(5)),
            n if n == g_szContentPartnerInfo_UserName && self.logged_in.load(Ordering::SeqCst) => {
                Ok(Variant::bstr("alice"))
            }
            _ => Err(Error::from_hresult(E_INVALIDARG)),
        }
    }

    fn commands(
        &self,
        _: BStrRef<'_>,
        _: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<MenuItem>> {
        let what = if item_location == g_szCPAlbumID { "album" } else { "track" };
        let s = if items.len() == 1 { "" } else { "s" };
        Ok(vec![
            MenuItem { id: 1, text: format!("Buy {} {what}{s}", items.len()), help: "Buy from Contoso Music".into() },
            MenuItem { id: 0, text: String::new(), help: String::new() },
            MenuItem { id: 2, text: "Show in the store".into(), help: "Open the store page".into() },
        ])
    }

    fn invoke_command(&self, id: u32, _: BStrRef<'_>, _: &Variant, _: BStrRef<'_>, items: &[u32]) -> Result<()> {
        let first = items.first().copied().unwrap_or(0);
        match id {
            1 => self.player()?.change_view(g_szOnlineStore, &format!("{BASE}/buy/{first}"), ""),
            2 => self.player()?.change_view(g_szOnlineStore, &format!("{BASE}/track/{first}"), ""),
            _ => Err(Error::from_hresult(E_INVALIDARG)),
        }
    }

    fn can_buy_silent(&self, order: &Order) -> Result<(String, bool)> {
        let tracks: usize = order.containers.iter().map(|c| c.tracks.len()).sum();
        Ok((format!("${}.{:02}", tracks * 99 / 100, tracks * 99 % 100), tracks <= 1))
    }

    fn buy(&self, order: &Order) -> Result<()> {
        let refused = order.containers.iter().flat_map(|c| &c.tracks).any(|(id, _)| !buyable(*id));
        if refused { Err(Error::from_hresult(E_ACCESSDENIED)) } else { Ok(()) }
    }

    fn streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<String> {
        let id = context.as_ui4().ok_or_else(|| Error::from_hresult(E_INVALIDARG))?;
        let ext = if kind == WMPStreamingType::wmpstMusic { "wma" } else { "asx" };
        Ok(format!("{BASE}/stream/{id}.{ext}"))
    }

    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        if !in_catalog(track.content_id) {
            return Err(Error::from_hresult(E_NOT_FOUND));
        }
        Ok(TrackDownload {
            url: format!("{BASE}/music/{}/{}.wma", track.content_id / 100, track.content_id),
            params: format!("container={};track={}", track.container.id, track.content_id),
        })
    }

    fn refresh_license(&self, request: &LicenseRequest) -> Result<()> {
        if in_catalog(request.content_id) { Ok(()) } else { Err(Error::from_hresult(E_NOT_FOUND)) }
    }

    fn catalog_url(&self, version: u32, _: u32, lcid: u32) -> Result<CatalogUrl> {
        let next = version.max(41) + 1;
        Ok(CatalogUrl {
            version: next,
            url: format!("{BASE}/catalog/{next}/{lcid}.cab"),
            expires: Variant::date(46_000.0),
        })
    }

    fn template(&self, request: &TemplateRequest<'_>) -> Result<(String, WMPTemplateSize)> {
        let size = if request.task == WMPTaskType::wmpttBrowse {
            WMPTemplateSize::wmptsLarge
        } else {
            WMPTemplateSize::wmptsSmall
        };
        Ok((format!("{BASE}/discover/{}?at={}", request.task.0, request.location), size))
    }

    fn device_needs_update(&self, device: &str) -> bool {
        device.starts_with("Zune")
    }

    fn list_contents(&self, request: &ListRequest) -> Result<Vec<u32>> {
        let list = request.context.as_ui4().ok_or_else(|| Error::from_hresult(E_INVALIDARG))?;
        // List n holds n * 10 tracks, starting at track n * 1000.
        Ok((0..list * 10).map(|i| list * 1000 + i).collect())
    }

    fn login(&self, user: &[u8], password: &[u8], _: bool, _: bool) -> std::result::Result<(), LoginFailure> {
        if user == b"alice" && password == b"secret" {
            self.logged_in.store(true, Ordering::SeqCst);
            Ok(())
        } else {
            Err(LoginFailure { page: 1 })
        }
    }

    fn authenticate(&self, user: &[u8], password: &[u8]) -> bool {
        user == b"alice" && password == b"secret"
    }

    fn logout(&self) {
        self.logged_in.store(false, Ordering::SeqCst);
    }

    fn send_message(&self, message: &str, param: &str) -> Result<String> {
        Ok(match message {
            "ping" => "pong".to_string(),
            "whoami" => {
                let thread = std::thread::current();
                format!("process {} thread {}", std::process::id(), thread.name().unwrap_or("unnamed"))
            }
            "panic" => panic!("SendMessage(\"panic\")"),
            _ => format!("{}({param})", message.to_uppercase()),
        })
    }

    fn compare_prices(&self, base: &Order, other: &Order) -> Result<i32> {
        let count = |o: &Order| o.containers.iter().map(|c| c.tracks.len()).sum::<usize>();
        Ok(count(base).cmp(&count(other)) as i32)
    }

    fn verify_permission(&self, permission: &str, context: &Variant) -> Result<()> {
        let device = context.as_bstr().map(|d| d.to_string()).unwrap_or_default();
        if permission == g_szVerifyPermissionSync && device.starts_with("Zune") {
            Ok(())
        } else {
            Err(Error::from_hresult(E_ACCESSDENIED))
        }
    }
}
