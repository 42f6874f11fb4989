//! Login and Authenticate credentials are the player's encrypted BLOBs: every copy the runtime
//! makes is wiped before its memory is freed, whether the job ran or was dropped unrun. This
//! binary's allocator looks into each block it frees for the credentials' bytes.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use contentpartner::apartment::Apartment;
use contentpartner::partner::*;
use contentpartner::server::Module;
use support::*;

const USER: &[u8] = b"alice-CREDENTIAL-MARK";
const PASSWORD: &[u8] = b"s3cret-CREDENTIAL-MARK";
const MARK: &[u8] = b"CREDENTIAL-MARK";

/// Blocks freed while they still held [`MARK`].
static UNWIPED: AtomicUsize = AtomicUsize::new(0);

struct Inspecting;

// SAFETY: forwards to the system allocator; before freeing it only reads the block it is given.
unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= MARK.len() {
            // SAFETY: the block is still ours and `layout.size()` bytes long.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if bytes.windows(MARK.len()).any(|w| w == MARK) {
                UNWIPED.fetch_add(1, Ordering::SeqCst);
            }
        }
        // SAFETY: a block this allocator handed out, with its layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

/// A store whose first login waits at its gate, so the others queue up.
struct Held(Arc<Gate>);

impl ContentPartner for Held {
    fn login(&self, user: &[u8], password: &[u8], _: bool, _: bool) -> Result<(), LoginFailure> {
        assert_eq!((user, password), (USER, PASSWORD));
        self.0.pass();
        Ok(())
    }
    fn authenticate(&self, user: &[u8], password: &[u8]) -> bool {
        (user, password) == (USER, PASSWORD)
    }
}

#[test]
fn every_copy_of_the_credentials_is_wiped_whether_used_or_dropped() {
    static MODULE: Module = Module::new();
    let _apartment = Apartment::multithreaded();
    let (player, log) = recording_player();
    let gate = Arc::new(Gate::default());
    let partner = Partner::new(Held(Arc::clone(&gate)), Some(&MODULE)).into_interface();
    partner.set_callback(Some(&player)).unwrap();
    // One login runs to the end; then one held in the store while five more wait in the queue.
    partner.authenticate(USER, PASSWORD).unwrap();
    log.wait_for(1);
    for _ in 0..6 {
        partner.login(USER, PASSWORD, false, true).unwrap();
    }
    gate.wait_entered();
    // The player goes: the queued logins are dropped unrun once the held one is let go.
    let opener = gate.open_after(Duration::from_millis(20));
    partner.set_callback(None).unwrap();
    opener.join().unwrap();
    drop(partner);
    eventually("the worker has finished", || MODULE.threads() == 0);
    assert_eq!(log.lines().len(), 1, "{:?}", log.lines());
    assert_eq!(UNWIPED.load(Ordering::SeqCst), 0, "blocks freed with the credentials still in them");
}
