//! Interfaces handed from one apartment to another through the global interface table.

use windows_core::{Interface, Result};

/// An interface handed to other threads. On Windows it is registered in the global interface
/// table and fetched on the thread that uses it (the workers live in the MTA, the object in its
/// caller's apartment), which works from Windows 7 on and under Wine (RoGetAgileReference, behind
/// windows-core's AgileReference, does neither); elsewhere, where there are no apartments, it is
/// the interface itself.
pub struct Marshaled<T: Interface> {
    #[cfg(windows)]
    table: crate::com::IGlobalInterfaceTable,
    #[cfg(windows)]
    cookie: u32,
    #[cfg(windows)]
    kind: std::marker::PhantomData<T>,
    #[cfg(not(windows))]
    object: T,
}

/// CLSID_StdGlobalInterfaceTable.
#[cfg(windows)]
const GLOBAL_INTERFACE_TABLE: windows_core::GUID =
    windows_core::GUID::from_u128(0x00000323_0000_0000_c000_000000000046);

impl<T: Interface> Marshaled<T> {
    /// Called on the thread (in the apartment) that received `object`.
    pub fn new(object: &T) -> Result<Self> {
        #[cfg(windows)]
        {
            let table: crate::com::IGlobalInterfaceTable =
                crate::apartment::create_instance(&GLOBAL_INTERFACE_TABLE, crate::apartment::Context::InProcess)?;
            let mut cookie = 0;
            // SAFETY: a live interface pointer of type T, its IID, and an out-pointer to a local.
            unsafe { table.RegisterInterfaceInGlobal(object.as_raw(), &T::IID, &mut cookie) }.ok()?;
            Ok(Marshaled { table, cookie, kind: std::marker::PhantomData })
        }
        #[cfg(not(windows))]
        return Ok(Marshaled { object: object.clone() });
    }

    /// The interface, usable on the calling thread.
    pub fn get(&self) -> Result<T> {
        #[cfg(windows)]
        {
            let mut raw = std::ptr::null_mut();
            // SAFETY: our cookie, T's IID and an out-pointer to a local.
            unsafe { self.table.GetInterfaceFromGlobal(self.cookie, &T::IID, &mut raw) }.ok()?;
            // SAFETY: on success the table hands over one reference to a T for this apartment.
            Ok(unsafe { T::from_raw(raw) })
        }
        #[cfg(not(windows))]
        return Ok(self.object.clone());
    }
}

#[cfg(windows)]
impl<T: Interface> Drop for Marshaled<T> {
    fn drop(&mut self) {
        // Any apartment of the process may revoke.
        // SAFETY: our cookie, revoked once.
        let _ = unsafe { self.table.RevokeInterfaceFromGlobal(self.cookie) };
    }
}

// SAFETY: off Windows there are no apartments: a COM object may be called from any thread, and
// the player's objects are made for that. On Windows the standard global interface table is
// free-threaded, and the cookie is valid in every apartment of the process.
unsafe impl<T: Interface> Send for Marshaled<T> {}
// SAFETY: as above.
unsafe impl<T: Interface> Sync for Marshaled<T> {}

/// A VARIANT handed to a worker: a copy that owns its contents and points into no caller's memory
/// (VariantCopyInd), with an interface it holds carried through the global interface table like
/// any other interface. A VARIANT whose interfaces sit inside an array or a record is refused
/// (E_INVALIDARG): they could not be marshaled one by one.
pub enum MarshaledVariant {
    Value(crate::ole::Variant),
    Interface(u16, Marshaled<windows_core::IUnknown>),
}

impl MarshaledVariant {
    /// Called on the thread (in the apartment) that received `value`.
    pub fn new(value: &crate::ole::Variant) -> Result<Self> {
        let copy = value.to_owned_copy()?;
        if copy.holds_nested_interfaces() {
            return Err(windows_core::Error::from_hresult(crate::hresult::E_INVALIDARG));
        }
        Ok(match copy.interface() {
            Some((vt, object)) => MarshaledVariant::Interface(vt, Marshaled::new(&object)?),
            None => MarshaledVariant::Value(copy),
        })
    }

    /// The VARIANT, usable on the calling thread.
    pub fn into_variant(self) -> Result<crate::ole::Variant> {
        match self {
            MarshaledVariant::Value(value) => Ok(value),
            MarshaledVariant::Interface(vt, object) => Ok(crate::ole::Variant::from_interface(vt, object.get()?)),
        }
    }
}
