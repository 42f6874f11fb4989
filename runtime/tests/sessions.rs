//! Sessions under re-entrancy and shutdown: a player that detaches, re-attaches or releases from
//! inside the store's own callbacks; a store whose `attach` or `Drop` panics; the DLL's threads
//! counted until they are gone; a Download that never drops a track silently.
//!
//! Each test first enters the multithreaded apartment, as a host must.

mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::hresult::{E_FAIL, E_INVALIDARG, E_POINTER, E_UNEXPECTED, S_FALSE, S_OK};
use contentpartner::ole::{BStrRef, Bstr};
use contentpartner::partner::*;
use contentpartner::server::Module;
use support::*;
use windows_core::{Error, HRESULT, Result, implement};

/// A store that serves every track, slowly enough that a download is still going when the player
/// acts in its fifth DownloadTrack.
#[derive(Default)]
struct Slow;

impl ContentPartner for Slow {
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        std::thread::sleep(Duration::from_micros(200));
        Ok(TrackDownload { url: format!("u{}", track.content_id), params: String::new() })
    }
    fn send_message(&self, message: &str, _: &str) -> Result<String> {
        Ok(format!("re: {message}"))
    }
}

/// What the player does inside its `at`th DownloadTrack.
enum Act {
    Detach,
    DetachAndAttach(IWMPContentPartnerCallback),
    Release,
}

/// What the call made inside the callback left: how many lines the log had when it returned, its
/// result and how long it took; `None` until it has returned.
type Returned = Arc<Mutex<Option<(usize, Result<()>, Duration)>>>;

/// A player that records DownloadTrack and SendMessageComplete and, in its `at`th DownloadTrack,
/// calls into the store (`partner` is its reference, taken out when it acts).
#[implement(IWMPContentPartnerCallback)]
struct Reentrant {
    log: Log,
    at: usize,
    seen: AtomicUsize,
    partner: Mutex<Option<IWMPContentPartner>>,
    act: Mutex<Option<Act>>,
    /// How many lines the log had when the call made inside the callback returned, and its result.
    returned: Returned,
    /// The module's threads, read from inside the callback after the call returned.
    module: Option<&'static Module>,
    threads_inside: Arc<AtomicUsize>,
}

impl IWMPContentPartnerCallbackHandler for Reentrant {
    fn download_track(&self, cookie: u32, url: BStrRef<'_>, id: u32, _: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        self.log.push(format!("DownloadTrack {cookie} {id} {url:?} {:#x}", hr.0));
        if self.seen.fetch_add(1, Ordering::SeqCst) + 1 != self.at {
            return Ok(());
        }
        let partner = self.partner.lock().unwrap().take().expect("the player's reference");
        let act = self.act.lock().unwrap().take().expect("an act");
        let started = Instant::now();
        let result = match act {
            Act::Detach => partner.set_callback(None),
            Act::DetachAndAttach(other) => partner.set_callback(None).and_then(|()| partner.set_callback(Some(&other))),
            Act::Release => {
                drop(partner);
                Ok(())
            }
        };
        *self.returned.lock().unwrap() = Some((self.log.len(), result, started.elapsed()));
        if let Some(module) = self.module {
            self.threads_inside.store(module.threads(), Ordering::SeqCst);
        }
        Ok(())
    }
    fn send_message_complete(&self, message: BStrRef<'_>, _: BStrRef<'_>, result: BStrRef<'_>) -> Result<()> {
        self.log.push(format!("SendMessageComplete {message:?} {result:?}"));
        Ok(())
    }
}

struct Run {
    log: Log,
    returned: Returned,
    threads_inside: Arc<AtomicUsize>,
    /// Kept for the acts that leave the player holding the object.
    partner: Option<IWMPContentPartner>,
}

/// Attaches a [`Reentrant`] player to a new [`Slow`] store, starts a download of 5,000 tracks
/// (cookie 77) and waits, bounded, until the player has acted.
fn run(act: Act, module: Option<&'static Module>) -> Run {
    let release = matches!(act, Act::Release);
    let log = Log::default();
    let returned = Arc::new(Mutex::new(None));
    let threads_inside = Arc::new(AtomicUsize::new(usize::MAX));
    let partner = Partner::new(Slow, module).into_interface();
    let player: IWMPContentPartnerCallback = Reentrant {
        log: log.clone(),
        at: 5,
        seen: AtomicUsize::new(0),
        partner: Mutex::new(Some(partner.clone())),
        act: Mutex::new(Some(act)),
        returned: Arc::clone(&returned),
        module,
        threads_inside: Arc::clone(&threads_inside),
    }
    .into();
    partner.set_callback(Some(&player)).unwrap();
    let list: IWMPContentContainerList =
        FakeList::new(WMPTransactionType::wmpttDownload, [FakeContainer::album(1, 1..=5000)]).into();
    partner.download(Some(&list), 77).unwrap();
    let kept = (!release).then_some(partner);
    let start = Instant::now();
    while returned.lock().unwrap().is_none() {
        assert!(start.elapsed() < TIMEOUT, "the player never acted: {} callbacks", log.len());
        std::thread::sleep(Duration::from_millis(1));
    }
    Run { log, returned, threads_inside, partner: kept }
}

impl Run {
    /// (callbacks when the call returned, its result, how long it took), after a settling pause in
    /// which any late callback would have arrived.
    fn outcome(&self) -> (usize, Result<()>, Duration) {
        std::thread::sleep(SETTLE * 4);
        let (at, result, took) = self.returned.lock().unwrap().take().unwrap();
        (at, result, took)
    }
}

#[test]
fn set_callback_null_from_inside_download_track_returns_and_nothing_follows() {
    let _apartment = Apartment::multithreaded();
    let run = run(Act::Detach, None);
    let (at, result, took) = run.outcome();
    assert_eq!(result.map_err(|e| e.code()), Ok(()));
    assert!(took < END_WAIT, "SetCallback(NULL) took {took:?}");
    assert_eq!(at, 5);
    let late = run.log.lines().split_off(5);
    assert!(late.is_empty(), "{} callbacks after SetCallback(NULL) returned, from {:?}", late.len(), late.first());
    // The object still works for the next player.
    let (player, log) = recording_player();
    let partner = run.partner.unwrap();
    partner.set_callback(Some(&player)).unwrap();
    partner.send_message("hello", "").unwrap();
    assert_eq!(log.settled(1), [r#"SendMessageComplete "hello" "" "re: hello""#]);
}

#[test]
fn a_new_session_never_revives_the_old_one() {
    let _apartment = Apartment::multithreaded();
    let (next, next_log) = recording_player();
    let run = run(Act::DetachAndAttach(next), None);
    let (at, result, _) = run.outcome();
    assert_eq!(result.map_err(|e| e.code()), Ok(()));
    // The old download stopped at the fifth track and went to nobody afterwards.
    assert_eq!(at, 5);
    let late = run.log.lines().split_off(5);
    assert!(late.is_empty(), "the old session went on: {} more callbacks, from {:?}", late.len(), late.first());
    assert!(next_log.lines().is_empty(), "the old session's work reached the new player: {:?}", next_log.lines());
    // The new session is the player's own.
    run.partner.as_ref().unwrap().send_message("next", "").unwrap();
    assert_eq!(next_log.settled(1), [r#"SendMessageComplete "next" "" "re: next""#]);
}

#[test]
fn the_last_release_from_inside_download_track_ends_everything_and_threads_are_counted() {
    static MODULE: Module = Module::new();
    let _apartment = Apartment::multithreaded();
    let run = run(Act::Release, Some(&MODULE));
    let (at, result, took) = run.outcome();
    assert_eq!(result.map_err(|e| e.code()), Ok(()));
    assert!(took < END_WAIT, "the last Release took {took:?}");
    let late = run.log.lines().split_off(at);
    assert!(late.is_empty(), "{} callbacks after the last Release returned, from {:?}", late.len(), late.first());
    // Inside the callback the object was gone but its worker was still running our code: the DLL
    // said it was in use.
    assert_eq!(MODULE.objects(), 0);
    assert_eq!(run.threads_inside.load(Ordering::SeqCst), 1, "the worker was not counted while it ran");
    // Once the worker has finished, the DLL may unload.
    eventually("the worker has finished", || MODULE.can_unload_now() == S_OK);
    assert_ne!(MODULE.can_unload_now(), S_FALSE);
}

/// A store whose `attach` panics.
struct NoAttach;

impl ContentPartner for NoAttach {
    fn attach(&self, _: Player) {
        panic!("attach fails")
    }
    fn send_message(&self, _: &str, _: &str) -> Result<String> {
        Ok("served".into())
    }
}

#[test]
fn a_failing_attach_leaves_nothing_attached() {
    let _apartment = Apartment::multithreaded();
    let (player, log) = recording_player();
    let partner = Partner::new(NoAttach, None).into_interface();
    assert_eq!(partner.set_callback(Some(&player)).unwrap_err().code(), E_UNEXPECTED);
    // No session: asynchronous requests are refused, and nothing reaches the player.
    assert_eq!(partner.send_message("m", "").unwrap_err().code(), E_UNEXPECTED);
    std::thread::sleep(SETTLE);
    assert!(log.lines().is_empty(), "{:?}", log.lines());
}

/// A store whose Drop panics, which tells when it was dropped.
struct DropBomb(Arc<AtomicBool>);

impl ContentPartner for DropBomb {}

impl Drop for DropBomb {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
        panic!("the store's Drop panics");
    }
}

#[test]
fn a_store_whose_drop_panics_is_released_without_aborting() {
    let _apartment = Apartment::multithreaded();
    let dropped = Arc::new(AtomicBool::new(false));
    let (player, _log) = recording_player();
    let partner = Partner::new(DropBomb(Arc::clone(&dropped)), None).into_interface();
    partner.set_callback(Some(&player)).unwrap();
    // The object's last Release runs the store's Drop (inside windows-core's Release: a panic
    // there would abort the process).
    drop(partner);
    assert!(dropped.load(Ordering::SeqCst));
}

/// A container whose informational getters fail, with tracks that can still be read.
#[implement(IWMPContentContainer)]
struct Mute {
    tracks: Vec<u32>,
}

impl IWMPContentContainerHandler for Mute {
    fn get_id(&self) -> Result<u32> {
        Err(Error::from_hresult(E_FAIL))
    }
    fn get_price(&self) -> Result<Bstr> {
        Err(Error::from_hresult(E_FAIL))
    }
    fn get_type(&self) -> Result<Bstr> {
        Err(Error::from_hresult(E_FAIL))
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(self.tracks.len() as u32)
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        self.tracks.get(i as usize).copied().ok_or_else(|| Error::from_hresult(E_INVALIDARG))
    }
}

/// A list of: a container with failing getters, a container that cannot be handed over, an
/// album whose count says one track more than it has, and one that answers None.
#[implement(IWMPContentContainerList)]
struct Gappy;

impl IWMPContentContainerListHandler for Gappy {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(WMPTransactionType::wmpttDownload)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(4)
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        match i {
            0 => Ok(Some(Mute { tracks: vec![11, 12] }.into())),
            1 => Err(Error::from_hresult(E_FAIL)),
            2 => Ok(Some(FakeContainer { count: Some(2), ..FakeContainer::album(3, [31]) }.into())),
            _ => Ok(None),
        }
    }
}

#[test]
fn a_download_reports_every_track_and_every_gap() {
    let _apartment = Apartment::multithreaded();
    let (partner, log) = attach(Slow);
    partner.download(Some(&Gappy.into()), 5).unwrap();
    let gap = g_knReservedCPTrackID_NotFound;
    assert_eq!(
        log.settled(6),
        [
            // The container whose getters fail is still walked: both tracks.
            r#"DownloadTrack 5 11 "u11" "" 0x0"#.to_string(),
            r#"DownloadTrack 5 12 "u12" "" 0x0"#.to_string(),
            // The container the list could not hand over.
            format!(r#"DownloadTrack 5 {gap} "" "" {:#x}"#, E_FAIL.0),
            // The album: its one track, then the id its count promised and could not give.
            r#"DownloadTrack 5 31 "u31" "" 0x0"#.to_string(),
            format!(r#"DownloadTrack 5 {gap} "" "" {:#x}"#, E_INVALIDARG.0),
            // The container that came back as None.
            format!(r#"DownloadTrack 5 {gap} "" "" {:#x}"#, E_POINTER.0),
        ]
    );
}

/// A container list that tells when it is released for good.
#[implement(IWMPContentContainerList)]
struct Tracked(Arc<AtomicUsize>);

impl IWMPContentContainerListHandler for Tracked {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(WMPTransactionType::wmpttDownload)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(0)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        // Counted only when released from inside an apartment: on Windows a release from a thread
        // that has left its apartment is a COM call made without COM (Wine lets it pass, Windows
        // refuses the GIT revocation that would do it, and the list leaks).
        if in_an_apartment() {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[cfg(windows)]
fn in_an_apartment() -> bool {
    #[link(name = "ole32")]
    unsafe extern "system" {
        fn CoGetApartmentType(kind: *mut i32, qualifier: *mut i32) -> i32;
    }
    let (mut kind, mut qualifier) = (0, 0);
    // SAFETY: two out-pointers to locals.
    unsafe { CoGetApartmentType(&mut kind, &mut qualifier) >= 0 }
}

/// Off Windows there are no apartments: every thread counts.
#[cfg(not(windows))]
fn in_an_apartment() -> bool {
    true
}

/// A store whose first DownloadTrack waits at its gate: the worker is busy while more requests
/// queue up.
struct Holding(Arc<Gate>);

impl ContentPartner for Holding {
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        self.0.pass();
        Ok(TrackDownload { url: format!("u{}", track.content_id), params: String::new() })
    }
}

#[test]
fn queued_work_dropped_unrun_releases_the_players_lists() {
    static MODULE: Module = Module::new();
    // A single-threaded player, as WMP's UI thread is: the store's workers are then the only
    // members of the multithreaded apartment, which ends with the last of them. Work dropped
    // after a worker has left it is released with no apartment at all.
    let _apartment = Apartment::single_threaded();
    let (player, _log) = recording_player();
    let gate = Arc::new(Gate::default());
    let partner = Partner::new(Holding(Arc::clone(&gate)), Some(&MODULE)).into_interface();
    partner.set_callback(Some(&player)).unwrap();
    let first: IWMPContentContainerList =
        FakeList::new(WMPTransactionType::wmpttDownload, [FakeContainer::album(1, [1])]).into();
    partner.download(Some(&first), 1).unwrap();
    gate.wait_entered();
    // Ten more wait in the queue, each holding its list (through the global interface table on
    // Windows); the player keeps no reference of its own.
    let released = Arc::new(AtomicUsize::new(0));
    for cookie in 2..12 {
        let list: IWMPContentContainerList = Tracked(Arc::clone(&released)).into();
        partner.download(Some(&list), cookie).unwrap();
    }
    let opener = gate.open_after(Duration::from_millis(20));
    partner.set_callback(None).unwrap();
    opener.join().unwrap();
    drop(partner);
    eventually("the worker has finished", || MODULE.threads() == 0);
    assert_eq!(released.load(Ordering::SeqCst), 10, "lists of dropped requests not released inside an apartment");
}
