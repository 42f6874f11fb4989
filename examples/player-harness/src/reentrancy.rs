//! A player that ends the session from inside the store's own callbacks: SetCallback(NULL) from
//! inside DownloadTrack, AddListContents and BuyComplete, the last Release from inside
//! DownloadTrack, and SetCallback(another player) from inside DownloadTrack. The rule: the call
//! returns promptly (a bounded wait, never a hang), and once it has returned no callback of the
//! ended session arrives.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::apartment::{pump_for, wait_until};
use contentpartner::bindings::*;
use contentpartner::hresult::E_NOTIMPL;
use contentpartner::windows_core::Result;

use crate::player::{Event, Events, PlayerCallback, list};
use crate::report::watched;
use crate::{Report, hr_text};

/// How long callbacks are counted for after the call returned.
const AFTERWARDS: Duration = Duration::from_millis(300);

/// The callback the hook acts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    DownloadTrack,
    AddListContents,
    BuyComplete,
}

impl Trigger {
    fn is(self, event: &Event) -> bool {
        matches!(
            (self, event),
            (Trigger::DownloadTrack, Event::DownloadTrack { .. })
                | (Trigger::AddListContents, Event::AddListContents { .. })
                | (Trigger::BuyComplete, Event::BuyComplete { .. })
        )
    }
}

/// What the player does there.
pub enum Action {
    /// SetCallback(NULL).
    Detach(IWMPContentPartner),
    /// Drops the player's only reference.
    Release(IWMPContentPartner),
    /// SetCallback(another player).
    Replace(IWMPContentPartner, IWMPContentPartnerCallback),
}

/// What happened when the hook fired.
pub struct Outcome {
    pub took: Duration,
    pub result: Result<()>,
    /// Callbacks the player had seen when the call returned.
    pub before: usize,
}

struct Armed {
    trigger: Trigger,
    /// Fires on this occurrence of the trigger, or the first after it once `ready`.
    at: usize,
    seen: usize,
    /// Whether the scenario has let go of what the action needs to be the only holder of (for
    /// Release, the player's other reference).
    ready: bool,
    action: Option<Action>,
}

/// A player's plan to act inside a callback, shared by the callback object and the scenario.
#[derive(Clone, Default)]
pub struct Hook {
    armed: Arc<Mutex<Option<Armed>>>,
    /// Set when the hook starts its call, so a call that never returns is told from a trigger
    /// that never came.
    fired: Arc<Mutex<bool>>,
    outcome: Arc<Mutex<Option<Outcome>>>,
}

impl Hook {
    /// Arms the hook. A Release fires only once [`ready`](Self::ready) has been called too.
    pub fn arm(&self, trigger: Trigger, at: usize, action: Action) {
        let ready = !matches!(action, Action::Release(_));
        *self.armed.lock().unwrap() = Some(Armed { trigger, at, seen: 0, ready, action: Some(action) });
    }

    pub fn ready(&self) {
        if let Some(armed) = self.armed.lock().unwrap().as_mut() {
            armed.ready = true;
        }
    }

    /// Called by the callback object after it recorded `trigger`. The store is called with no
    /// lock of ours held, since it may call back in.
    pub fn fire(&self, trigger: Trigger, events: &Events) {
        let action = {
            let mut armed = self.armed.lock().unwrap();
            match armed.as_mut() {
                Some(a) if a.trigger == trigger => {
                    a.seen += 1;
                    if a.seen >= a.at && a.ready { a.action.take() } else { None }
                }
                _ => None,
            }
        };
        let Some(action) = action else { return };
        *self.fired.lock().unwrap() = true;
        let started = Instant::now();
        // Watched: in a single-threaded apartment this runs on the thread that would otherwise
        // notice a call that never returns.
        let result = match action {
            Action::Detach(partner) => {
                watched(&format!("SetCallback(NULL) inside {trigger:?}"), || partner.set_callback(None))
            }
            Action::Release(partner) => {
                watched(&format!("the last Release inside {trigger:?}"), || drop(partner));
                Ok(())
            }
            Action::Replace(partner, other) => {
                watched(&format!("SetCallback(new) inside {trigger:?}"), || partner.set_callback(Some(&other)))
            }
        };
        let outcome = Outcome { took: started.elapsed(), result, before: events.len() };
        *self.outcome.lock().unwrap() = Some(outcome);
    }

    /// Waits (pumping, bounded, or until `over()`: the request has completed without firing it)
    /// for the hook to have fired, and disarms it either way, which drops a partner it still holds.
    fn outcome(&self, bound: Duration, over: impl Fn() -> bool) -> Option<Outcome> {
        wait_until(Instant::now() + bound, || self.outcome.lock().unwrap().is_some() || over());
        self.armed.lock().unwrap().take();
        self.outcome.lock().unwrap().take()
    }
}

/// What the scenario asks of the store to get the trigger called.
#[derive(Clone, Copy)]
enum Request {
    /// A download of 20,000 tracks (the trigger: the 5th DownloadTrack).
    Download,
    /// A list of 5,000 items, which comes in five AddListContents calls (the trigger: the 2nd).
    List,
    /// Two purchases (the trigger: the first BuyComplete).
    Buy,
}

/// Every re-entrancy scenario, each on a fresh store object from `make`.
pub fn play(make: &dyn Fn() -> Result<IWMPContentPartner>, report: &mut Report) {
    use Request::*;
    let scenarios: [(&str, Request, Trigger, usize, Kind); 5] = [
        ("SetCallback(NULL) from inside DownloadTrack", Download, Trigger::DownloadTrack, 5, Kind::Detach),
        ("SetCallback(NULL) from inside AddListContents", List, Trigger::AddListContents, 2, Kind::Detach),
        ("SetCallback(NULL) from inside BuyComplete", Buy, Trigger::BuyComplete, 1, Kind::Detach),
        ("the last Release from inside DownloadTrack", Download, Trigger::DownloadTrack, 5, Kind::Release),
        ("SetCallback(new) from inside DownloadTrack", Download, Trigger::DownloadTrack, 5, Kind::Replace),
    ];
    for (name, request, trigger, at, kind) in scenarios {
        one(name, make, request, trigger, at, kind, report);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Detach,
    Release,
    Replace,
}

fn one(
    name: &str,
    make: &dyn Fn() -> Result<IWMPContentPartner>,
    request: Request,
    trigger: Trigger,
    at: usize,
    kind: Kind,
    report: &mut Report,
) {
    let partner = match make() {
        Ok(p) => p,
        Err(e) => {
            report.check(name, false, format!("a new store object: {}", hr_text(e.code())));
            return;
        }
    };
    let events = Events::default();
    let player = PlayerCallback::new(&events);
    let hook = player.hook.clone();
    let callback: IWMPContentPartnerCallback = player.into();
    if let Err(e) = partner.set_callback(Some(&callback)) {
        report.check(name, false, format!("SetCallback: {}", hr_text(e.code())));
        return;
    }
    let other_events = Events::default();
    let other: IWMPContentPartnerCallback = PlayerCallback::new(&other_events).into();
    // The lists must outlive the requests.
    let download = list(WMPTransactionType::wmpttDownload, vec![(5, g_szCPAlbumID, (1..=20_000).collect())]);
    let buy = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901, 902])]);
    let action = match kind {
        Kind::Detach => Action::Detach(partner.clone()),
        Kind::Release => Action::Release(partner.clone()),
        Kind::Replace => Action::Replace(partner.clone(), other.clone()),
    };
    hook.arm(trigger, at, action);
    let asked = match request {
        Request::Download => partner.download(Some(&download), 77),
        Request::List => {
            partner.get_list_contents(g_szCPListID, &contentpartner::ole::Variant::ui4(5000), g_szCPTrackID, "", 78)
        }
        Request::Buy => partner.buy(Some(&buy), 79).and_then(|()| partner.buy(Some(&buy), 80)),
    };
    // For Release, the hook's reference must be the player's last one when it acts: the hook
    // waits until this one is gone.
    let kept = (kind != Kind::Release).then_some(partner);
    hook.ready();
    if let Err(e) = asked {
        hook.outcome(Duration::ZERO, || true);
        if e.code() == E_NOTIMPL {
            report.not_offered(name, "its request answered E_NOTIMPL");
        } else {
            report.check(name, false, format!("the request: {}", hr_text(e.code())));
        }
        return;
    }
    // Longer than the watchdog's bound, so that a call that never returns is named by it.
    let bound = crate::report::call_bound() + crate::report::timeout();
    let over = || match request {
        Request::Download => events.count(|e| matches!(e, Event::DownloadTrack { .. })) >= 20_000,
        Request::List => events.count(|e| matches!(e, Event::ListContentsComplete { .. })) > 0,
        Request::Buy => events.count(|e| matches!(e, Event::BuyComplete { .. })) >= 2,
    };
    let Some(outcome) = hook.outcome(bound, over) else {
        // A store may answer the request without the callback to act in (a list with no items,
        // an empty download): then there is nothing to test here.
        let got = events.take();
        if !got.is_empty() && !got.iter().any(|e| trigger.is(e)) {
            report.not_offered(name, format!("the request completed without a {trigger:?}: {:?}", got.last()));
        } else if *hook.fired.lock().unwrap() {
            report.check(name, false, format!("the call made inside the {trigger:?} did not return within {bound:?}"));
        } else {
            report.check(name, false, format!("no {trigger:?} came within {bound:?}"));
        }
        return;
    };
    pump_for(AFTERWARDS);
    let after = events.len() - outcome.before;
    let mut detail = format!(
        "{}: took {:.1} ms; {} callbacks before it returned, {after} after",
        outcome.result.as_ref().map(|()| "S_OK".to_string()).unwrap_or_else(|e| hr_text(e.code())),
        outcome.took.as_secs_f64() * 1e3,
        outcome.before,
    );
    let mut ok = outcome.result.is_ok() && after == 0 && outcome.took < bound;
    if kind == Kind::Replace {
        // The new player's session works (when the store offers SendMessage), and it got nothing
        // of the old one.
        let asked = kept.as_ref().map(|p| p.send_message("ping", "new"));
        let offered = !matches!(&asked, Some(Err(e)) if e.code() == E_NOTIMPL);
        let answered = offered && other_events.wait_for_count(1, crate::report::timeout());
        let got = other_events.take();
        ok &= if offered { matches!(asked, Some(Ok(()))) && answered && got.len() == 1 } else { got.is_empty() };
        detail.push_str(&format!("; the new player got {} callback(s): {got:?}", got.len()));
    }
    report.check(name, ok, detail);
    if let Some(partner) = kept {
        let _ = partner.set_callback(None);
    }
}
