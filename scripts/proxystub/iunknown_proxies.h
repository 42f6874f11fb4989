/* widl's -Oif proxy code calls these rpcrt4 exports, which mingw's headers do not declare
 * (its librpcrt4.a has them). Passed to gcc with -include. */
#include <unknwn.h>
HRESULT STDMETHODCALLTYPE IUnknown_QueryInterface_Proxy(IUnknown *This, REFIID riid, void **ppvObject);
ULONG STDMETHODCALLTYPE IUnknown_AddRef_Proxy(IUnknown *This);
ULONG STDMETHODCALLTYPE IUnknown_Release_Proxy(IUnknown *This);
