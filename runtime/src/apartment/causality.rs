//! Which chain of nested calls the current thread is running: COM's causality (logical thread)
//! id. A call the player makes from inside one of our callbacks carries the id of the thread that
//! made the callback, in every apartment arrangement (the same thread in the MTA, the player's STA
//! thread dispatching our call, an RPC thread of another process). Off Windows, where calls are
//! direct, the thread is the chain.

/// One chain of nested calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Causality(u128);

/// The chain the calling thread is part of now.
pub fn current() -> Causality {
    #[cfg(windows)]
    {
        let mut id = windows_sys::core::GUID { data1: 0, data2: 0, data3: 0, data4: [0; 8] };
        // SAFETY: an out-pointer to a local GUID.
        if unsafe { crate::win32::CoGetCurrentLogicalThreadId(&mut id) } >= 0 {
            return Causality(windows_core::GUID::from_values(id.data1, id.data2, id.data3, id.data4).to_u128());
        }
    }
    thread_chain()
}

/// The calling thread itself, as a chain of its own (numbered above any 64-bit range a GUID's
/// high half could collide with in practice: the top bit is set and the rest is a counter).
fn thread_chain() -> Causality {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local!(static ID: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    Causality((1u128 << 127) | ID.with(|id| *id) as u128)
}
