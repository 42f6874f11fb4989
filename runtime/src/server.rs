//! What an in-process COM server needs around its objects: live-object and lock counting, the
//! class factory, and the logic of the DllGetClassObject and DllCanUnloadNow exports. The
//! `#[content_partner]` macro's exports are one-line calls into this module.

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use windows_core::{GUID, HRESULT, IUnknown, Interface, implement};

use crate::com::{IClassFactory, IClassFactory_Impl};
use crate::hresult::{CLASS_E_CLASSNOTAVAILABLE, CLASS_E_NOAGGREGATION, E_INVALIDARG, E_POINTER, S_FALSE, S_OK};

/// Live objects, server locks and running threads of one DLL. The DLL may unload when all three
/// are zero.
pub struct Module {
    objects: AtomicUsize,
    locks: AtomicUsize,
    threads: AtomicUsize,
}

impl Module {
    pub const fn new() -> Self {
        Module { objects: AtomicUsize::new(0), locks: AtomicUsize::new(0), threads: AtomicUsize::new(0) }
    }

    pub fn objects(&self) -> usize {
        self.objects.load(Ordering::SeqCst)
    }

    pub fn locks(&self) -> usize {
        self.locks.load(Ordering::SeqCst)
    }

    /// Threads of the DLL's own (workers) that have not finished yet.
    pub fn threads(&self) -> usize {
        self.threads.load(Ordering::SeqCst)
    }

    /// IClassFactory::LockServer. An unlock without a lock is ignored rather than wrapping.
    pub fn lock(&self, lock: bool) {
        if lock {
            self.locks.fetch_add(1, Ordering::SeqCst);
        } else {
            let _ = self.locks.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        }
    }

    /// DllCanUnloadNow: S_OK when no object, lock or thread of ours is alive, S_FALSE otherwise.
    pub fn can_unload_now(&self) -> HRESULT {
        if self.objects() == 0 && self.locks() == 0 && self.threads() == 0 { S_OK } else { S_FALSE }
    }
}

impl Default for Module {
    fn default() -> Self {
        Module::new()
    }
}

/// Held by every COM object of a module: counts it alive until it is dropped.
pub struct ObjectCount(&'static Module);

impl ObjectCount {
    pub fn new(module: &'static Module) -> Self {
        module.objects.fetch_add(1, Ordering::SeqCst);
        ObjectCount(module)
    }

    /// The module this object counts in.
    pub fn module(&self) -> &'static Module {
        self.0
    }
}

impl Drop for ObjectCount {
    fn drop(&mut self) {
        self.0.objects.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Held by a thread of the module's own from before it starts until its last statement: the DLL
/// does not say it may unload while the thread still runs its code. (What runs after the drop is
/// the thread's exit path, a few instructions that COM's delayed unloading of in-process servers
/// covers.)
pub struct ThreadCount(&'static Module);

impl ThreadCount {
    pub fn new(module: &'static Module) -> Self {
        module.threads.fetch_add(1, Ordering::SeqCst);
        ThreadCount(module)
    }
}

impl Drop for ThreadCount {
    fn drop(&mut self) {
        self.0.threads.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Makes a new object of the class a factory serves.
pub type Constructor = fn() -> windows_core::Result<IUnknown>;

/// The class factory of one class. It counts as a live object of its module, so the DLL stays
/// loaded while anyone holds it.
#[implement(IClassFactory)]
pub struct ClassFactory {
    create: Constructor,
    alive: ObjectCount,
}

impl ClassFactory {
    pub fn new(module: &'static Module, create: Constructor) -> Self {
        ClassFactory { create, alive: ObjectCount::new(module) }
    }
}

impl IClassFactory_Impl for ClassFactory_Impl {
    unsafe fn CreateInstance(&self, outer: *mut c_void, riid: *const GUID, ppv: *mut *mut c_void) -> HRESULT {
        if ppv.is_null() {
            return E_POINTER;
        }
        // SAFETY: checked non-null; COM callers pass a writable out-pointer.
        unsafe { ppv.write(std::ptr::null_mut()) };
        if riid.is_null() {
            return E_POINTER;
        }
        if !outer.is_null() {
            return CLASS_E_NOAGGREGATION;
        }
        match (self.create)() {
            // SAFETY: `riid` and `ppv` are valid (checked above); query sets `*ppv` or nulls it.
            Ok(object) => unsafe { object.query(riid, ppv) },
            Err(e) => e.code(),
        }
    }

    unsafe fn LockServer(&self, lock: i32) -> HRESULT {
        self.alive.module().lock(lock != 0);
        S_OK
    }
}

/// DllGetClassObject's logic: the class factory of `ours` for the interface `riid`.
///
/// # Safety
/// The pointers are what COM passes to DllGetClassObject: each null or valid for its use.
pub unsafe fn get_class_object(
    module: &'static Module,
    ours: &GUID,
    create: Constructor,
    clsid: *const GUID,
    riid: *const GUID,
    ppv: *mut *mut c_void,
) -> HRESULT {
    if ppv.is_null() {
        return E_POINTER;
    }
    // SAFETY: checked non-null.
    unsafe { ppv.write(std::ptr::null_mut()) };
    if clsid.is_null() || riid.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: checked non-null; a CLSID is plain data.
    if unsafe { *clsid } != *ours {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    let factory: IClassFactory = ClassFactory::new(module, create).into();
    // SAFETY: `riid` and `ppv` are valid (checked above).
    unsafe { factory.query(riid, ppv) }
}
