//! A player that floods the store with requests without waiting: each kind's queue is bounded, a
//! request past the bound fails at once with E_BUSY and gets no completion, and memory stays
//! flat (counted by this binary's allocator).

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::hresult::E_BUSY;
use contentpartner::partner::*;
use support::*;
use windows_core::Result;

/// Counts the bytes alive on the heap.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's layout, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: a block this allocator handed out, with its layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A store whose first DownloadTrack waits at its gate.
struct Held(Arc<Gate>);

impl ContentPartner for Held {
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        self.0.pass();
        Ok(TrackDownload { url: format!("u{}", track.cookie), params: String::new() })
    }
}

#[test]
fn a_million_requests_are_refused_past_the_bound_with_flat_memory() {
    const REQUESTS: usize = 1_000_000;
    let _apartment = Apartment::multithreaded();
    let gate = Arc::new(Gate::default());
    let (partner, log) = attach(Held(Arc::clone(&gate)));
    let list: IWMPContentContainerList =
        FakeList::new(WMPTransactionType::wmpttDownload, [FakeContainer::album(1, [1])]).into();
    // The first download holds the worker, so every later one waits in the queue.
    partner.download(Some(&list), 0).unwrap();
    gate.wait_entered();
    let before = LIVE.load(Ordering::Relaxed);
    let (mut accepted, mut busy) = (0, 0);
    for cookie in 1..=REQUESTS as u32 {
        match partner.download(Some(&list), cookie) {
            Ok(()) => accepted += 1,
            Err(e) if e.code() == E_BUSY => busy += 1,
            Err(e) => panic!("Download {cookie}: {e:?}"),
        }
    }
    let grown = LIVE.load(Ordering::Relaxed) - before;
    assert_eq!((accepted, busy), (QUEUE_BOUND, REQUESTS - QUEUE_BOUND));
    assert!(grown < 4 << 20, "{REQUESTS} requests grew the heap by {grown} bytes");
    // Every accepted request completes once; the refused ones never do.
    gate.open();
    let lines = log.settled(1 + QUEUE_BOUND);
    assert_eq!(lines.len(), 1 + QUEUE_BOUND);
    let expected: Vec<String> =
        (0..=QUEUE_BOUND).map(|cookie| format!(r#"DownloadTrack {cookie} 1 "u{cookie}" "" 0x0"#)).collect();
    assert_eq!(lines, expected);
    println!("{REQUESTS} requests: {accepted} queued, {busy} refused with E_BUSY; the heap grew by {grown} bytes");
}
