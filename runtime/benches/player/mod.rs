//! What the download benches share: a minimal store whose DownloadTrack answer is a URL, and the
//! player's side (container lists of albums, from the tests' support module, and a callback that
//! counts DownloadTrack calls and tells the player when the last one has arrived). The bench
//! declares `support` next to this module.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::content_partner;
use contentpartner::hresult::S_OK;
use contentpartner::ole::BStrRef;
use contentpartner::partner::{ContentPartner, TrackDownload, TrackRequest};
use windows_core::{ComObject, GUID, HRESULT, Interface, Result, implement};

use crate::support::{FakeContainer, FakeList};

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

/// Tracks 1 to `tracks` in albums of `per_album`.
pub fn list(tracks: u32, per_album: u32) -> IWMPContentContainerList {
    let albums = (0..tracks.div_ceil(per_album)).map(|a| {
        let first = a * per_album + 1;
        FakeContainer::album(a, first..=tracks.min(first + per_album - 1))
    });
    FakeList::new(WMPTransactionType::wmpttDownload, albums).into()
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
