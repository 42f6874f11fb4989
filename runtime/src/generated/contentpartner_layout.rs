/// `(type, member, byte offset)` of every generated vtable slot and struct field.
pub const LAYOUT: &[(&str, &str, usize)] = &[
    ("WMPContextMenuInfo", "dwID", ::core::mem::offset_of!(WMPContextMenuInfo, dwID)),
    (
        "WMPContextMenuInfo",
        "bstrMenuText",
        ::core::mem::offset_of!(WMPContextMenuInfo, bstrMenuText),
    ),
    (
        "WMPContextMenuInfo",
        "bstrHelpText",
        ::core::mem::offset_of!(WMPContextMenuInfo, bstrHelpText),
    ),
    ("WMPContextMenuInfo", "sizeof", ::core::mem::size_of::<WMPContextMenuInfo>()),
    (
        "IWMPContentContainerVtbl",
        "GetID",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetID),
    ),
    (
        "IWMPContentContainerVtbl",
        "GetPrice",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetPrice),
    ),
    (
        "IWMPContentContainerVtbl",
        "GetType",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetType),
    ),
    (
        "IWMPContentContainerVtbl",
        "GetContentCount",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetContentCount),
    ),
    (
        "IWMPContentContainerVtbl",
        "GetContentPrice",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetContentPrice),
    ),
    (
        "IWMPContentContainerVtbl",
        "GetContentID",
        ::core::mem::offset_of!(IWMPContentContainer_Vtbl, GetContentID),
    ),
    (
        "IWMPContentContainerVtbl",
        "sizeof",
        ::core::mem::size_of::<IWMPContentContainer_Vtbl>(),
    ),
    (
        "IWMPContentContainerListVtbl",
        "GetTransactionType",
        ::core::mem::offset_of!(IWMPContentContainerList_Vtbl, GetTransactionType),
    ),
    (
        "IWMPContentContainerListVtbl",
        "GetContainerCount",
        ::core::mem::offset_of!(IWMPContentContainerList_Vtbl, GetContainerCount),
    ),
    (
        "IWMPContentContainerListVtbl",
        "GetContainer",
        ::core::mem::offset_of!(IWMPContentContainerList_Vtbl, GetContainer),
    ),
    (
        "IWMPContentContainerListVtbl",
        "sizeof",
        ::core::mem::size_of::<IWMPContentContainerList_Vtbl>(),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "Notify",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, Notify),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "BuyComplete",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, BuyComplete),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "DownloadTrack",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, DownloadTrack),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "GetCatalogVersion",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, GetCatalogVersion),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "UpdateDeviceComplete",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, UpdateDeviceComplete),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "ChangeView",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, ChangeView),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "AddListContents",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, AddListContents),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "ListContentsComplete",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, ListContentsComplete),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "SendMessageComplete",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, SendMessageComplete),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "GetContentIDsInLibrary",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, GetContentIDsInLibrary),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "RefreshLicenseComplete",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, RefreshLicenseComplete),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "ShowPopup",
        ::core::mem::offset_of!(IWMPContentPartnerCallback_Vtbl, ShowPopup),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "VerifyPermissionComplete",
        ::core::mem::offset_of!(
            IWMPContentPartnerCallback_Vtbl, VerifyPermissionComplete
        ),
    ),
    (
        "IWMPContentPartnerCallbackVtbl",
        "sizeof",
        ::core::mem::size_of::<IWMPContentPartnerCallback_Vtbl>(),
    ),
    (
        "IWMPContentPartnerVtbl",
        "SetCallback",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, SetCallback),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Notify",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Notify),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetItemInfo",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetItemInfo),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetContentPartnerInfo",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetContentPartnerInfo),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetCommands",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetCommands),
    ),
    (
        "IWMPContentPartnerVtbl",
        "InvokeCommand",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, InvokeCommand),
    ),
    (
        "IWMPContentPartnerVtbl",
        "CanBuySilent",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, CanBuySilent),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Buy",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Buy),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetStreamingURL",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetStreamingURL),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Download",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Download),
    ),
    (
        "IWMPContentPartnerVtbl",
        "DownloadTrackComplete",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, DownloadTrackComplete),
    ),
    (
        "IWMPContentPartnerVtbl",
        "RefreshLicense",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, RefreshLicense),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetCatalogURL",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetCatalogURL),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetTemplate",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetTemplate),
    ),
    (
        "IWMPContentPartnerVtbl",
        "UpdateDevice",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, UpdateDevice),
    ),
    (
        "IWMPContentPartnerVtbl",
        "GetListContents",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, GetListContents),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Login",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Login),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Authenticate",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Authenticate),
    ),
    (
        "IWMPContentPartnerVtbl",
        "Logout",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, Logout),
    ),
    (
        "IWMPContentPartnerVtbl",
        "SendMessage",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, SendMessage),
    ),
    (
        "IWMPContentPartnerVtbl",
        "StationEvent",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, StationEvent),
    ),
    (
        "IWMPContentPartnerVtbl",
        "CompareContainerListPrices",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, CompareContainerListPrices),
    ),
    (
        "IWMPContentPartnerVtbl",
        "VerifyPermission",
        ::core::mem::offset_of!(IWMPContentPartner_Vtbl, VerifyPermission),
    ),
    (
        "IWMPContentPartnerVtbl",
        "sizeof",
        ::core::mem::size_of::<IWMPContentPartner_Vtbl>(),
    ),
];
