//! What the download benches share: a minimal store whose DownloadTrack answer is a URL, and the
//! player's side (container lists of albums, a callback that counts DownloadTrack calls and tells
//! the player when the last one has arrived).

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::content_partner;
use contentpartner::ole::{BStrRef, Bstr, E_INVALIDARG, S_OK};
use contentpartner::partner::{ContentPartner, TrackDownload, TrackRequest};
use windows_core::{ComObject, Error, GUID, HRESULT, Interface, Result, implement};

/// Tracks per album: a typical album, so the per-container reads (id, kind, price) count too.
pub const ALBUM: u32 = 12;

const CLSID: GUID = GUID::from_u128(0x0d9e8f7a_6b5c_4d3e_9f20_1a2b3c4d5e6f);

#[content_partner(clsid = "0d9e8f7a-6b5c-4d3e-9f20-1a2b3c4d5e6f", store_key = "DownloadBench", name = "Download bench")]
#[derive(Default)]
pub struct Store;

impl ContentPartner for Store {
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        Ok(TrackDownload { url: format!("https://store.example/{}.wma", track.content_id), params: String::new() })
    }
}

unsafe extern "system" {
    // Defined by `#[content_partner]` above; found by name, as a player finds it in the DLL.
    fn DllGetClassObject(clsid: *const GUID, riid: *const GUID, ppv: *mut *mut c_void) -> HRESULT;
}

#[implement(IWMPContentContainer)]
struct Album {
    id: u32,
    tracks: Vec<u32>,
}

impl IWMPContentContainerHandler for Album {
    fn get_id(&self) -> Result<u32> {
        Ok(self.id)
    }
    fn get_price(&self) -> Result<Bstr> {
        Ok("9.99".into())
    }
    fn get_type(&self) -> Result<Bstr> {
        Ok(g_szCPAlbumID.into())
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(self.tracks.len() as u32)
    }
    fn get_content_price(&self, _: u32) -> Result<Bstr> {
        Ok("0.99".into())
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        self.tracks.get(i as usize).copied().ok_or_else(|| Error::from_hresult(E_INVALIDARG))
    }
}

#[implement(IWMPContentContainerList)]
struct Albums {
    containers: Vec<IWMPContentContainer>,
}

impl IWMPContentContainerListHandler for Albums {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(WMPTransactionType::wmpttDownload)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(self.containers.len() as u32)
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        Ok(self.containers.get(i as usize).cloned())
    }
}

/// Tracks 1 to `tracks` in albums of `per_album`.
pub fn list(tracks: u32, per_album: u32) -> IWMPContentContainerList {
    let containers = (0..tracks.div_ceil(per_album))
        .map(|a| {
            let first = a * per_album + 1;
            Album { id: a, tracks: (first..=tracks.min(first + per_album - 1)).collect() }.into()
        })
        .collect();
    Albums { containers }.into()
}

/// The player's callback: counts DownloadTrack calls and checks they come in order with a URL.
#[implement(IWMPContentPartnerCallback)]
struct Counter {
    next: AtomicU32,
    last: AtomicU32,
    in_order: AtomicBool,
    done: mpsc::Sender<()>,
}

impl IWMPContentPartnerCallbackHandler for Counter {
    fn download_track(&self, _: u32, url: BStrRef<'_>, id: u32, _: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        // Only the download worker calls: relaxed loads and stores see its own writes.
        let expected = self.next.load(Ordering::Relaxed);
        if id != expected || hr != S_OK || url.wide().is_empty() {
            self.in_order.store(false, Ordering::Relaxed);
        }
        self.next.store(expected + 1, Ordering::Relaxed);
        if id == self.last.load(Ordering::Relaxed) {
            let _ = self.done.send(());
        }
        Ok(())
    }
}

/// A store created through its DllGetClassObject, with the player's callback attached.
pub struct Player {
    partner: IWMPContentPartner,
    counter: ComObject<Counter>,
    done: mpsc::Receiver<()>,
}

impl Player {
    pub fn attach() -> Player {
        let mut raw = std::ptr::null_mut();
        // SAFETY: pointers to locals; S_OK hands over an owned IClassFactory.
        let factory = unsafe {
            DllGetClassObject(&CLSID, &IClassFactory::IID, &mut raw).unwrap();
            IClassFactory::from_raw(raw)
        };
        let mut raw = std::ptr::null_mut();
        // SAFETY: as above; S_OK hands over an owned IWMPContentPartner.
        let partner = unsafe {
            factory.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, &mut raw).unwrap();
            IWMPContentPartner::from_raw(raw)
        };
        let (done_tx, done) = mpsc::channel();
        let counter = ComObject::new(Counter {
            next: AtomicU32::new(0),
            last: AtomicU32::new(0),
            in_order: AtomicBool::new(true),
            done: done_tx,
        });
        partner.set_callback(Some(&counter.to_interface())).unwrap();
        Player { partner, counter, done }
    }

    /// Downloads tracks 1 to `tracks` of `list` and waits for the last DownloadTrack.
    pub fn download(&self, list: &IWMPContentContainerList, tracks: u32) {
        let counter = &self.counter;
        counter.next.store(1, Ordering::Relaxed);
        counter.last.store(tracks, Ordering::Relaxed);
        self.partner.download(Some(list), tracks).unwrap();
        self.done.recv().unwrap();
        assert!(counter.in_order.load(Ordering::Relaxed), "DownloadTrack out of order or failed");
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        let _ = self.partner.set_callback(None);
    }
}
