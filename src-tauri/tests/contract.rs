//! The window's permissions and the IPC command list agree everywhere:
//! `commands_list.rs` (what build.rs turns into permissions), the handler
//! registered in `lib.rs`, the capability file, and the UI's `ipc.ts`. The CSP
//! and capability hold nothing beyond the allowlist.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn read(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn commands() -> BTreeSet<String> {
    planmap_app::COMMANDS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn handler_registers_exactly_the_listed_commands() {
    let lib = read("src/lib.rs");
    let start = lib.find("generate_handler![").expect("generate_handler");
    let end = lib[start..].find(']').expect("end") + start;
    let registered: BTreeSet<String> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(registered, commands());
}

#[test]
fn ui_ipc_names_the_same_commands() {
    let ts = read("../ui/src/ipc.ts");
    let start = ts
        .find("export const COMMANDS = [")
        .expect("COMMANDS in ipc.ts");
    let end = ts[start..].find("] as const").expect("end") + start;
    let names: BTreeSet<String> = ts[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert_eq!(names, commands());
}

#[test]
fn capability_grants_only_the_commands_and_event_listening() {
    let cap: Value = serde_json::from_str(&read("capabilities/main.json")).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let perms: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_string())
        .collect();
    let mut allowed: BTreeSet<String> = commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    allowed.insert("core:event:allow-listen".into());
    allowed.insert("core:event:allow-unlisten".into());
    assert_eq!(
        perms, allowed,
        "the capability grants exactly the allowlist"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        1,
        "one capability file"
    );
}

#[test]
fn csp_and_security_settings_are_strict() {
    let conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let app = &conf["app"];
    assert_eq!(app["withGlobalTauri"], Value::Bool(false));
    let sec = &app["security"];
    assert_eq!(sec["capabilities"], serde_json::json!(["main"]));
    let csp = sec["csp"].as_object().expect("a CSP directive map");
    let allowed: &[(&str, &[&str])] = &[
        ("default-src", &["'self'"]),
        ("connect-src", &["ipc:", "http://ipc.localhost"]),
        ("img-src", &["'self'", "data:", "blob:"]),
        ("style-src", &["'self'"]),
        ("font-src", &["'self'"]),
        ("object-src", &["'none'"]),
        ("base-uri", &["'none'"]),
        ("form-action", &["'none'"]),
        ("frame-src", &["'none'"]),
    ];
    for (k, v) in csp {
        let ok = allowed
            .iter()
            .find(|(d, _)| d == k)
            .unwrap_or_else(|| panic!("CSP directive {k} is not on the allowlist"));
        for src in v.as_str().expect("string").split_whitespace() {
            assert!(ok.1.contains(&src), "CSP {k} {src} is not on the allowlist");
        }
    }
    assert!(csp.contains_key("default-src"));
    assert!(
        !read("Cargo.toml").contains("tauri-plugin-shell")
            && !read("Cargo.toml").contains("tauri-plugin-fs"),
        "no shell or fs plugin"
    );
    assert_ne!(
        sec["dangerousDisableAssetCspModification"],
        Value::Bool(true)
    );
}
