//! The golden output of a store IDL that imports contentpartner.idl (codegen's
//! tests/golden/store_ext.idl, generated through the Builder with extern_path), compiled against
//! this crate's bindings and used: the store's interface derives from IWMPContentPartner, passes
//! our interfaces in and out, and hands back a task-memory array of WMPContextMenuInfo.

// codegen's golden output, generated: allowed here, as the runtime allows its own bindings.
#[allow(clippy::undocumented_unsafe_blocks, clippy::all)]
mod store_ext {
    include!("../../codegen/tests/golden/store_ext.rs");
}

use contentpartner::bindings::*;
use contentpartner::ole::{self, BStrRef, Bstr};
use store_ext::{IContosoPartner, IContosoPartnerHandler};
use windows_core::{Interface, Result, implement};

#[implement(IContosoPartner)]
struct Contoso;

impl IWMPContentPartnerHandler for Contoso {
    fn logout(&self) -> Result<()> {
        Ok(())
    }
}

impl IContosoPartnerHandler for Contoso {
    fn ping(
        &self,
        callback: Option<&IWMPContentPartnerCallback>,
        kind: WMPStreamingType,
    ) -> Result<Option<IWMPContentContainerList>> {
        assert_eq!(kind, WMPStreamingType::wmpstVideo);
        Ok(callback.and_then(|c| c.cast().ok()))
    }
    fn menu(&self) -> Result<Vec<WMPContextMenuInfo>> {
        Ok(vec![WMPContextMenuInfo {
            dwID: 9,
            bstrMenuText: Bstr::from("Play").into_abi(),
            bstrHelpText: Bstr::new().into_abi(),
        }])
    }
}

#[implement(IWMPContentPartnerCallback, IWMPContentContainerList)]
struct Both;

impl IWMPContentPartnerCallbackHandler for Both {}

impl IWMPContentContainerListHandler for Both {
    fn get_container_count(&self) -> Result<u32> {
        Ok(3)
    }
}

#[test]
fn a_store_interface_built_on_the_runtime_bindings() -> Result<()> {
    let store: IContosoPartner = Contoso.into();
    let player: IWMPContentPartnerCallback = Both.into();
    let list = store.ping(Some(&player), WMPStreamingType::wmpstVideo)?.expect("a list back");
    assert_eq!(list.get_container_count()?, 3);
    assert!(store.ping(None, WMPStreamingType::wmpstVideo)?.is_none());
    let menu = store.menu()?;
    // SAFETY: the BSTR belongs to `menu`, which outlives the view.
    assert_eq!((menu[0].dwID, unsafe { BStrRef::from_abi(menu[0].bstrMenuText) }.to_string()), (9, "Play".to_string()));
    // The base interface's methods, through Deref and through QueryInterface.
    store.logout()?;
    assert_eq!(
        store.get_streaming_url(WMPStreamingType::wmpstMusic, &ole::Variant::empty()).unwrap_err().code(),
        ole::E_NOTIMPL
    );
    let partner: IWMPContentPartner = store.cast()?;
    partner.logout()?;
    let back: IContosoPartner = partner.cast()?;
    assert_eq!(back.as_raw(), store.as_raw());
    Ok(())
}
