//! The registration as installer data: a .reg file for `regedit /s`, and a WiX fragment whose
//! Registry table Windows Installer writes on install and removes on uninstall. Both are rendered
//! from [`Registration::entries`], the values `register` writes, so no key or value has a second
//! copy.

use super::{Entry, Hive, Registration, Value};

/// How [`Registration::to_wix`] names what it declares.
#[derive(Clone, Debug)]
pub struct WixComponent<'a> {
    pub id: &'a str,
    /// The component's GUID; `*` has the compiler derive a stable one from the file's path.
    pub guid: &'a str,
    /// The Directory the DLL is installed into, declared by the package (a DirectoryRef).
    pub directory: &'a str,
    /// The File's Id: `[#file_id]` is its installed path.
    pub file_id: &'a str,
    /// The DLL on the build machine (the File's Source).
    pub source: &'a str,
    /// A 64-bit DLL: its component writes the 64-bit registry view and may go under
    /// ProgramFiles64Folder.
    pub win64: bool,
}

impl Registration {
    /// The values of [`Registration::entries`] by key, each key where its first value is written.
    fn entries_by_key(&self) -> Vec<(Hive, String, Vec<Entry>)> {
        let mut keys: Vec<(Hive, String, Vec<Entry>)> = Vec::new();
        for e in self.entries() {
            match keys.iter_mut().find(|(hive, key, _)| *hive == e.hive && *key == e.key) {
                Some((_, _, values)) => values.push(e),
                None => keys.push((e.hive, e.key.clone(), vec![e])),
            }
        }
        keys
    }

    /// The registration as a .reg file (regedit's "Version 5.00" text, CRLF): `regedit /s` of it
    /// writes exactly the values `register` writes. Windows' regedit reads such a file as UTF-16LE
    /// with a byte order mark, the encoding it writes itself and the only one that keeps text
    /// beyond ASCII.
    pub fn to_reg(&self) -> String {
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = String::from("Windows Registry Editor Version 5.00\r\n");
        for (hive, key, values) in self.entries_by_key() {
            let root = match hive {
                Hive::ClassesRoot => "HKEY_CLASSES_ROOT",
                Hive::LocalMachine => "HKEY_LOCAL_MACHINE",
            };
            out.push_str(&format!("\r\n[{root}\\{key}]\r\n"));
            for e in values {
                let name = e.name.as_deref().map_or_else(|| "@".to_string(), quoted);
                let data = match &e.value {
                    // A quoted string cannot hold a line break: hex(1) is REG_SZ as UTF-16LE bytes.
                    Value::Sz(s) if s.chars().any(char::is_control) => {
                        let bytes: Vec<String> = s
                            .encode_utf16()
                            .chain([0])
                            .flat_map(u16::to_le_bytes)
                            .map(|b| format!("{b:02x}"))
                            .collect();
                        format!("hex(1):{}", bytes.join(","))
                    }
                    Value::Sz(s) => quoted(s),
                    Value::Dword(d) => format!("dword:{d:08x}"),
                };
                out.push_str(&format!("{name}={data}\r\n"));
            }
        }
        out
    }

    /// A WiX source fragment (the v3 schema, which Debian's wixl reads) with one component: the
    /// DLL as its File and key path, and every key and value `register` writes as RegistryKey and
    /// RegistryValue, which Windows Installer writes on install and removes on uninstall from its
    /// own Registry table, no DllRegisterServer involved. `dll_path` is written as it is, as
    /// Windows Installer formatted text (`[#file_id]` is the installed file's path); every other
    /// string is escaped to stay literal.
    pub fn to_wix(&self, c: &WixComponent<'_>) -> String {
        let win64 = if c.win64 { " Win64=\"yes\"" } else { "" };
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<Wix xmlns=\"http://schemas.microsoft.com/wix/2006/wi\">\n  <Fragment>\n");
        out.push_str(&format!("    <DirectoryRef Id=\"{}\">\n", xml(c.directory)));
        out.push_str(&format!("      <Component Id=\"{}\" Guid=\"{}\"{win64}>\n", xml(c.id), xml(c.guid)));
        out.push_str(&format!(
            "        <File Id=\"{}\" Source=\"{}\" KeyPath=\"yes\" />\n",
            xml(c.file_id),
            xml(c.source)
        ));
        for (hive, key, values) in self.entries_by_key() {
            out.push_str(&format!("        <RegistryKey Root=\"{hive}\" Key=\"{}\">\n", literal(&key)));
            for e in values {
                let name = e.name.as_deref().map(|n| format!(" Name=\"{}\"", literal(n))).unwrap_or_default();
                let (kind, value) = match &e.value {
                    Value::Sz(s) if hive == Hive::ClassesRoot && key == self.inproc_key() && e.name.is_none() => {
                        ("string", xml(s))
                    }
                    Value::Sz(s) => ("string", literal(s)),
                    // Windows Installer reads `#n` as a signed 32-bit number.
                    Value::Dword(d) => ("integer", (*d as i32).to_string()),
                };
                out.push_str(&format!("          <RegistryValue{name} Type=\"{kind}\" Value=\"{value}\" />\n"));
            }
            out.push_str("        </RegistryKey>\n");
        }
        out.push_str("      </Component>\n    </DirectoryRef>\n  </Fragment>\n</Wix>\n");
        out
    }
}

/// Windows Installer formatted text that reads as `s`: `[` and `]` open and close a property
/// reference; `[\[]` and `[\]]` are the characters themselves.
fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '[' => out.push_str("[\\[]"),
            ']' => out.push_str("[\\]]"),
            c => out.push(c),
        }
    }
    xml(&out)
}

/// Text for an XML attribute value.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // An attribute's line breaks and tabs would be read as spaces.
            c if c.is_control() => out.push_str(&format!("&#{};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}
