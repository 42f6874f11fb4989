//! A COM server nobody here wrote: Wine's DOMDocument60 (msxml3.dll), created and driven through
//! bindings generated from Wine's msxml6.idl. Each way loads the same XML text, selects the same
//! node by XPath and reads its text, on an object of its own:
//!
//! 1. `vtable`: the generated dual interface's safe callers (`IXMLDOMDocument2::load_xml`...),
//!    straight through the vtable;
//! 2. `dispatch`: the generated dispinterface wrappers, which call `IDispatch::Invoke` with the
//!    DISPIDs of msxml6.idl and VARIANT arguments and results;
//! 3. `windows crate`: bindings generated with `--windows-crate`, whose interfaces stand on the
//!    `windows` crate's IDispatch: the document is created as a `windows` crate object and passed
//!    to them as it is;
//!
//! and prints one line per way, then whether the results are equal; then a `windows` crate object
//! of ours goes straight into a generated method of the third bindings, and the server keeps it.
//! Exits non-zero on a failure or a difference. Windows only (scripts/windows-e2e.sh runs it
//! under Wine).

#[cfg(windows)]
mod plain {
    include!(concat!(env!("OUT_DIR"), "/plain/msxml6.rs"));
}
#[cfg(windows)]
mod with_windows {
    include!(concat!(env!("OUT_DIR"), "/windows/msxml6.rs"));
}

/// The document every way loads, the node it selects, and the text that node holds.
const XML: &str =
    "<catalog><book id=\"1\"><title>Dune</title></book><book id=\"2\"><title>Solaris</title></book></catalog>";
const XPATH: &str = "/catalog/book[@id='2']/title";

#[cfg(windows)]
fn main() -> std::process::ExitCode {
    use windows::Win32::System::Com::{COINIT_APARTMENTTHREADED, CoInitializeEx};
    // SAFETY: the first COM call of this thread, which stays in the STA it enters until exit.
    if let Err(e) = unsafe { CoInitializeEx(None, COINIT_APARTMENTTHREADED) }.ok() {
        println!("FAIL CoInitializeEx: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let ways: &[(&str, Way)] =
        &[("vtable", through_vtable), ("dispatch", through_dispatch), ("windows crate", through_windows_crate)];
    let mut results = Vec::new();
    for (name, way) in ways {
        let result = way();
        match &result {
            Ok(text) => println!("ok {name}: selectSingleNode({XPATH:?}).text = {text:?}"),
            Err(e) => println!("FAIL {name}: {e}"),
        }
        results.push(result.ok());
    }
    let held = match a_windows_object_into_a_generated_method() {
        Ok(line) => {
            println!("ok {line}");
            true
        }
        Err(e) => {
            println!("FAIL a windows object into a generated method: {e}");
            false
        }
    };
    let all_equal = results.iter().all(|r| r.is_some() && *r == results[0]);
    if !all_equal {
        println!("FAIL the ways read different texts: {results:?}");
        return std::process::ExitCode::FAILURE;
    }
    println!("ok all {} ways read the same text", results.len());
    if held { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}

/// A `windows` crate IDispatch of ours, implemented with windows-core's `#[implement]` and the
/// windows crate's `IDispatch_Impl`; it notes its release.
#[cfg(windows)]
#[windows_core::implement(windows::Win32::System::Com::IDispatch)]
struct Sink(std::rc::Rc<std::cell::Cell<bool>>);

#[cfg(windows)]
impl Drop for Sink {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[cfg(windows)]
impl windows::Win32::System::Com::IDispatch_Impl for Sink_Impl {
    fn GetTypeInfoCount(&self) -> windows_core::Result<u32> {
        Ok(0)
    }
    fn GetTypeInfo(&self, _: u32, _: u32) -> windows_core::Result<windows::Win32::System::Com::ITypeInfo> {
        Err(windows_core::Error::from_hresult(windows_core::HRESULT(0x80004001_u32 as i32)))
    }
    fn GetIDsOfNames(
        &self,
        _: *const windows_core::GUID,
        _: *const windows_core::PCWSTR,
        _: u32,
        _: u32,
        _: *mut i32,
    ) -> windows_core::Result<()> {
        Err(windows_core::Error::from_hresult(windows_core::HRESULT(0x80004001_u32 as i32)))
    }
    fn Invoke(
        &self,
        _: i32,
        _: *const windows_core::GUID,
        _: u32,
        _: windows::Win32::System::Com::DISPATCH_FLAGS,
        _: *const windows::Win32::System::Com::DISPPARAMS,
        _: *mut windows::Win32::System::Variant::VARIANT,
        _: *mut windows::Win32::System::Com::EXCEPINFO,
        _: *mut u32,
    ) -> windows_core::Result<()> {
        Ok(())
    }
}

/// Our `windows` crate IDispatch passed as it is to the generated
/// `IXMLHTTPRequest::set_onreadystatechange` of the `--windows-crate` bindings: Wine's XMLHTTP60
/// holds it after we let go of ours, and releases it with the request.
#[cfg(windows)]
fn a_windows_object_into_a_generated_method() -> windows_core::Result<String> {
    use windows::Win32::System::Com::{CLSCTX_INPROC_SERVER, CoCreateInstance, IDispatch};
    use with_windows::msxml6::{CLSID_XMLHTTP60, IXMLHTTPRequest};
    let released = std::rc::Rc::new(std::cell::Cell::new(false));
    // SAFETY: COM is initialized on this thread (main); the CLSID is msxml6.idl's.
    let request: IXMLHTTPRequest = unsafe { CoCreateInstance(&CLSID_XMLHTTP60, None, CLSCTX_INPROC_SERVER) }?;
    let sink: IDispatch = Sink(released.clone()).into();
    request.set_onreadystatechange(Some(&sink))?;
    drop(sink);
    if released.get() {
        return Err(failure("the request did not keep the handler it was given".into()));
    }
    drop(request);
    if !released.get() {
        return Err(failure("the handler outlived the request".into()));
    }
    Ok("a windows object into a generated method: IXMLHTTPRequest::set_onreadystatechange kept our windows::Win32::System::Com::IDispatch until the request was released".into())
}

/// One way to read the node's text.
#[cfg(windows)]
type Way = fn() -> windows_core::Result<String>;

/// A new DOMDocument60, asked for as `T`.
#[cfg(windows)]
fn document<T: windows_core::Interface>() -> windows_core::Result<T> {
    use windows::Win32::System::Com::{CLSCTX_INPROC_SERVER, CoCreateInstance};
    // SAFETY: COM is initialized on this thread (main); the CLSID is msxml6.idl's.
    unsafe { CoCreateInstance(&plain::msxml6::CLSID_DOMDocument60, None, CLSCTX_INPROC_SERVER) }
}

/// Loads [`XML`] into `$doc` and reads the text of the node at [`XPATH`], through the generated
/// safe callers of a tree's `IXMLDOMDocument2` and `IXMLDOMNode` (`$node`): the two trees'
/// interfaces are types of their own, with the same methods.
#[cfg(windows)]
macro_rules! select_text {
    ($doc:expr, $node:ty) => {{
        let doc = $doc;
        if !doc.load_xml(XML)? {
            return Err(failure("loadXML returned VARIANT_FALSE".into()));
        }
        let root: &$node = &doc;
        let node = root.select_single_node(XPATH)?.ok_or_else(no_node)?;
        Ok(node.text()?.to_string())
    }};
}

/// The generated safe callers: each is one call through the vtable.
#[cfg(windows)]
fn through_vtable() -> windows_core::Result<String> {
    use plain::msxml6::{IXMLDOMDocument2, IXMLDOMNode};
    let doc: IXMLDOMDocument2 = document()?;
    select_text!(doc, IXMLDOMNode)
}

/// The generated dispinterface wrappers: Invoke by DISPID, VARIANTs in and out.
#[cfg(windows)]
fn through_dispatch() -> windows_core::Result<String> {
    use contentpartner::ole::{IDispatch, Variant};
    use plain::msxml6::{IXMLDOMDocument_Dispatch, IXMLDOMNode_Dispatch};
    let doc = IXMLDOMDocument_Dispatch(document::<IDispatch>()?);
    let loaded = doc.load_xml(&Variant::bstr(XML))?;
    if loaded.as_bool() != Some(true) {
        return Err(failure(format!("loadXML returned {:?}", loaded.value())));
    }
    let node: IDispatch = doc.select_single_node(&Variant::bstr(XPATH))?.to_interface()?.ok_or_else(no_node)?;
    let text = IXMLDOMNode_Dispatch(node).text()?;
    text.as_bstr().map(|s| s.to_string()).ok_or_else(|| failure(format!("text is a VARIANT of type {}", text.vt())))
}

/// The `--windows-crate` bindings: the generated IXMLDOMDocument2's base is the windows crate's
/// IDispatch, so a `windows` object converts to it and back without a cast of ours.
#[cfg(windows)]
fn through_windows_crate() -> windows_core::Result<String> {
    use windows::Win32::System::Com::IDispatch;
    use with_windows::msxml6::{IXMLDOMDocument2, IXMLDOMNode};
    let object: IDispatch = document()?;
    let doc: IXMLDOMDocument2 = windows_core::Interface::cast(&object)?;
    // The base of the generated interface is the windows crate's own type.
    let base: &IDispatch = &doc;
    // SAFETY: a plain call of the windows crate's IDispatch on a live object.
    let count = unsafe { base.GetTypeInfoCount() }?;
    if count > 1 {
        return Err(failure(format!("GetTypeInfoCount = {count}")));
    }
    select_text!(doc, IXMLDOMNode)
}

#[cfg(windows)]
fn no_node() -> windows_core::Error {
    failure(format!("selectSingleNode({XPATH:?}) found no node"))
}

/// An E_FAIL error saying what went wrong on our side of the calls.
#[cfg(windows)]
fn failure(message: String) -> windows_core::Error {
    windows_core::Error::new(windows_core::HRESULT(0x80004005_u32 as i32), message)
}

#[cfg(not(windows))]
fn main() {
    eprintln!("msxml-client drives Windows' (or Wine's) msxml: build it for Windows ({XML:?}, {XPATH:?})");
}
