//! The player's credentials (Login, Authenticate): its encrypted BLOBs, copied for the worker and
//! wiped when dropped, whether the job ran or was dropped unrun. Never logged: no `Debug`.

/// A copy of the user name and password BLOBs, zeroed before its memory is freed.
pub struct Credentials {
    user: Vec<u8>,
    password: Vec<u8>,
}

impl Credentials {
    pub fn new(user: &[u8], password: &[u8]) -> Self {
        // `to_vec` allocates exactly the length: no spare capacity holds a stray copy.
        Credentials { user: user.to_vec(), password: password.to_vec() }
    }

    pub fn user(&self) -> &[u8] {
        &self.user
    }

    pub fn password(&self) -> &[u8] {
        &self.password
    }
}

fn wipe(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: a valid, exclusive reference to a byte; volatile so the store is not elided as
        // a write to memory about to be freed.
        unsafe { std::ptr::write_volatile(b, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

impl Drop for Credentials {
    fn drop(&mut self) {
        wipe(&mut self.user);
        wipe(&mut self.password);
    }
}
