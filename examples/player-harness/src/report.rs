//! The report: one line per check as it completes, and a summary. A check is a protocol rule,
//! which every store must keep, or the sample store's own behaviour, checked only when the store
//! is the sample and never counted against another store. A method that answers E_NOTIMPL is
//! *not offered*: reported, never failed. Every wait is bounded by [`timeout`], and every call into
//! the store runs under [`watched`], so a store that deadlocks gives a FAIL line naming the call
//! instead of a hang.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How one check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed = 0,
    Failed = 1,
    NotOffered = 2,
}

/// The outcomes so far, for the watchdog's summary when it cuts a run short.
static SO_FAR: [AtomicUsize; 3] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

struct Check {
    name: String,
    outcome: Outcome,
    detail: String,
}

pub struct Report {
    checks: Vec<Check>,
    /// Nothing printed line by line (the report goes out as JSON at the end, or not at all).
    quiet: bool,
    /// The store under test is the sample store: its own behaviour is checked too.
    sample: bool,
}

impl Report {
    pub fn new(quiet: bool) -> Self {
        Report { checks: Vec::new(), quiet, sample: false }
    }

    /// Whether the store is the sample (by its CLSID): from then on sample checks count.
    pub fn store_is_sample(&mut self, sample: bool) {
        self.sample = sample;
    }

    pub fn is_sample(&self) -> bool {
        self.sample
    }

    /// A protocol rule.
    pub fn check(&mut self, name: &str, ok: bool, detail: impl Into<String>) -> bool {
        self.push(name, if ok { Outcome::Passed } else { Outcome::Failed }, detail.into());
        ok
    }

    /// The sample store's own behaviour: checked only when the store is the sample.
    pub fn sample(&mut self, name: &str, ok: bool, detail: impl Into<String>) -> bool {
        if self.sample { self.check(name, ok, detail) } else { true }
    }

    /// A method the store does not offer (it answered E_NOTIMPL).
    pub fn not_offered(&mut self, name: &str, detail: impl Into<String>) {
        self.push(name, Outcome::NotOffered, detail.into());
    }

    fn push(&mut self, name: &str, outcome: Outcome, detail: String) {
        if !self.quiet {
            let word = match outcome {
                Outcome::Passed => "PASS",
                Outcome::Failed => "FAIL",
                Outcome::NotOffered => "NOT OFFERED",
            };
            println!("  {word} {name}: {detail}");
        }
        if !self.quiet {
            SO_FAR[outcome as usize].fetch_add(1, Ordering::SeqCst);
        }
        self.checks.push(Check { name: name.to_string(), outcome, detail });
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }

    /// `N passed, M failed, K not offered`.
    pub fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {} not offered",
            self.count(Outcome::Passed),
            self.count(Outcome::Failed),
            self.count(Outcome::NotOffered)
        )
    }

    pub fn to_json(&self) -> Vec<serde_json::Value> {
        self.checks
            .iter()
            .map(|c| {
                let outcome = match c.outcome {
                    Outcome::Passed => "passed",
                    Outcome::Failed => "failed",
                    Outcome::NotOffered => "not offered",
                };
                serde_json::json!({ "check": c.name, "outcome": outcome, "passed": c.outcome != Outcome::Failed, "detail": c.detail })
            })
            .collect()
    }
}

static TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// Sets the bound of every wait for a callback (once, from the command line).
pub fn set_timeout(bound: Duration) {
    let _ = TIMEOUT.set(bound);
}

/// How long a wait for a callback may take (`--timeout`, 5 s by default).
pub fn timeout() -> Duration {
    *TIMEOUT.get().unwrap_or(&Duration::from_secs(5))
}

/// How long a call that must return at once (Download, Buy: the work goes on a worker) may take:
/// a fiftieth of [`timeout`], 100 ms by default, so a run that waits longer for callbacks (under
/// valgrind, say) allows a slower return too.
pub fn at_once() -> Duration {
    timeout() / 50
}

/// The bound for `n` callbacks: [`timeout`], and as much again for each 500 beyond the first
/// (a long download across processes costs a few milliseconds a track under Wine, more on a
/// loaded machine).
pub fn timeout_for(n: usize) -> Duration {
    timeout() * (1 + n / 500) as u32
}

/// The call into the store that is running now, and since when.
static CALL: Mutex<Option<(String, Instant)>> = Mutex::new(None);
static WATCHDOG: OnceLock<()> = OnceLock::new();

/// How long one call into the store may take before the run ends with a FAIL naming it: three
/// times [`timeout`] (a call returns at once, or in a network round trip across processes).
pub fn call_bound() -> Duration {
    timeout() * 3
}

/// Runs `call` (a call into the store named `name`) under the watchdog. A COM call that never
/// returns cannot be abandoned: the watchdog prints a FAIL line naming it and ends the process
/// with exit code 1.
pub fn watched<T>(name: &str, call: impl FnOnce() -> T) -> T {
    WATCHDOG.get_or_init(|| {
        std::thread::spawn(|| {
            loop {
                std::thread::sleep(Duration::from_millis(100));
                let stuck = CALL.lock().unwrap().as_ref().filter(|(_, since)| since.elapsed() > call_bound()).cloned();
                if let Some((name, since)) = stuck {
                    println!(
                        "  FAIL {name}: the store did not return within {:.1} s (a deadlock?); the run ends here",
                        since.elapsed().as_secs_f64()
                    );
                    let [p, f, n] = &SO_FAR;
                    println!(
                        "{} passed, {} failed, {} not offered (the run was cut short)",
                        p.load(Ordering::SeqCst),
                        f.load(Ordering::SeqCst) + 1,
                        n.load(Ordering::SeqCst)
                    );
                    std::process::exit(1);
                }
            }
        });
    });
    let outer = CALL.lock().unwrap().replace((name.to_string(), Instant::now()));
    let result = call();
    *CALL.lock().unwrap() = outer;
    result
}
