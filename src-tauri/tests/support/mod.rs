//! Shared WebDriver plumbing for the end-to-end tests and the perf harness:
//! start tauri-driver (stopped with SIGTERM), connect fantoccini, read the
//! page, take screenshots, answer the native save dialog with xdotool.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type R<T> = Result<T, Box<dyn std::error::Error>>;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

pub fn artifacts() -> PathBuf {
    let d = std::env::var_os("PLANMAP_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/e2e-artifacts"));
    std::fs::create_dir_all(&d).expect("artifacts dir");
    d
}

/// tauri-driver, stopped with SIGTERM on drop (SIGKILL would orphan WebKitWebDriver).
pub struct Driver(pub Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
    }
}

pub struct App {
    pub c: Client,
    pub step: usize,
}

impl App {
    pub async fn shot(&mut self, name: &str) -> R<()> {
        self.step += 1;
        let png = self.c.screenshot().await?;
        std::fs::write(
            artifacts().join(format!("{:02}-{name}.png", self.step)),
            png,
        )?;
        Ok(())
    }

    pub async fn js(&self, script: &str) -> R<Value> {
        Ok(self.c.execute(script, vec![]).await?)
    }

    pub async fn wait_js(&self, what: &str, script: &str, secs: u64) -> R<Value> {
        let t = Instant::now();
        loop {
            let v = self.js(script).await?;
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return Ok(v);
            }
            if t.elapsed() > Duration::from_secs(secs) {
                let banner = self
                    .js("const b=document.querySelector('#error-banner');return b?b.textContent:''")
                    .await?;
                return Err(format!("timed out waiting for {what} (banner: {banner})").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn count(&self) -> R<usize> {
        let v = self
            .js("return document.querySelector('#map').dataset.nodeCount")
            .await?;
        Ok(v.as_str().unwrap_or("0").parse()?)
    }

    /// Click an element through a DOM event (SVG groups are not WebDriver-clickable in WebKit).
    pub async fn click_js(&self, css: &str) -> R<()> {
        let found = self
            .c
            .execute(
                "const e=document.querySelector(arguments[0]); if(!e) return false;\
                 e.dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true,view:window})); return true",
                vec![json!(css)],
            )
            .await?;
        if found != json!(true) {
            return Err(format!("no element {css}").into());
        }
        Ok(())
    }

    /// The e2e probe on node `id`: its state (visible / faded / hidden /
    /// absent) and whether the map names it (a placed label: see
    /// `MapController.nameLifted`).
    async fn probe_out(&self, id: &str) -> R<(String, bool)> {
        self.c.find(Locator::Css("#probe-id")).await?;
        let v = self
            .c
            .execute(
                "const i=document.querySelector('#probe-id'); i.value=arguments[0];\
                 document.querySelector('#probe-btn').click();\
                 const o=document.querySelector('#probe-out');\
                 return [o.textContent, o.dataset.named === '1']",
                vec![json!(id)],
            )
            .await?;
        Ok((
            v[0].as_str().unwrap_or_default().to_string(),
            v[1] == json!(true),
        ))
    }

    /// visible / faded / hidden / absent, from the e2e probe.
    pub async fn probe(&self, id: &str) -> R<String> {
        Ok(self.probe_out(id).await?.0)
    }

    /// Wait until the map names node `id`; false if it does not within `secs`.
    pub async fn named(&self, id: &str, secs: u64) -> R<bool> {
        let t = Instant::now();
        loop {
            if self.probe_out(id).await?.1 {
                return Ok(true);
            }
            if t.elapsed() > Duration::from_secs(secs) {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn settle(&self, before: usize) -> R<usize> {
        let t = Instant::now();
        loop {
            let n = self.count().await?;
            if n != before || t.elapsed() > Duration::from_secs(10) {
                tokio::time::sleep(Duration::from_millis(300)).await;
                return self.count().await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Click export, answer the native save dialog with `path`, wait for the file.
    pub async fn export(&mut self, format: &str, scale: &str, path: &Path) -> R<Vec<u8>> {
        let _ = std::fs::remove_file(path);
        self.c
            .execute(
                "document.querySelector('#export-format').value=arguments[0];\
                 document.querySelector('#export-format').dispatchEvent(new Event('change'));\
                 const s=document.querySelector('#export-scale'); if(s){s.value=arguments[1];s.dispatchEvent(new Event('change'));}\
                 document.querySelector('#toast').textContent='';",
                vec![json!(format), json!(scale)],
            )
            .await?;
        self.c
            .find(Locator::Css("#export-btn"))
            .await?
            .click()
            .await?;
        answer_save_dialog(path)?;
        let t = Instant::now();
        while !(path.exists() && std::fs::metadata(path)?.len() > 0) {
            if t.elapsed() > Duration::from_secs(120) {
                return Err(format!("{} was not written", path.display()).into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.wait_js(
            "the saved toast",
            "return document.querySelector('#toast').textContent",
            10,
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(std::fs::read(path)?)
    }
}

/// The GTK save dialog: find it, type the full path in the name field, press Enter.
pub fn answer_save_dialog(path: &Path) -> R<()> {
    answer_dialog("Export", path, true)
}

/// The GTK open dialog: typing a path that starts with `/` opens its location
/// field; Enter opens the file.
pub fn answer_open_dialog(path: &Path) -> R<()> {
    answer_dialog("Open a plan", path, false)
}

fn answer_dialog(title: &str, path: &Path, select_all: bool) -> R<()> {
    let t = Instant::now();
    let win = loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .output()?;
        let ids = String::from_utf8_lossy(&out.stdout).to_string();
        if let Some(id) = ids.lines().last().filter(|l| !l.trim().is_empty()) {
            break id.trim().to_string();
        }
        if t.elapsed() > Duration::from_secs(20) {
            return Err(format!("the dialog {title:?} did not appear").into());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    std::thread::sleep(Duration::from_millis(700));
    let xdo = |args: &[&str]| -> R<()> {
        let st = Command::new("xdotool").args(args).status()?;
        if !st.success() {
            return Err(format!("xdotool {args:?} failed").into());
        }
        Ok(())
    };
    xdo(&["windowfocus", "--sync", &win])?;
    if select_all {
        xdo(&["key", "--window", &win, "ctrl+a"])?;
    } else {
        // ctrl+L opens the location field of a GTK open dialog
        xdo(&["key", "--window", &win, "ctrl+l"])?;
        std::thread::sleep(Duration::from_millis(400));
    }
    xdo(&[
        "type",
        "--window",
        &win,
        "--delay",
        "5",
        &path.display().to_string(),
    ])?;
    std::thread::sleep(Duration::from_millis(300));
    xdo(&["key", "--window", &win, "Return"])?;
    Ok(())
}

pub fn png_size(bytes: &[u8]) -> R<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return Err("not a PNG".into());
    }
    Ok((
        u32::from_be_bytes(bytes[16..20].try_into()?),
        u32::from_be_bytes(bytes[20..24].try_into()?),
    ))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(4444)
}

pub async fn connect(bin: &Path, data: &Path) -> R<(Driver, App)> {
    let port = free_port();
    let native = free_port();
    let child = Command::new("tauri-driver")
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("PLANMAP_DB", data.join("planmap.db"))
        .env("GSETTINGS_BACKEND", "memory")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| {
            format!("cannot start tauri-driver (cargo install tauri-driver --locked): {e}")
        })?;
    let driver = Driver(child);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        json!({ "application": bin.display().to_string() }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let t = Instant::now();
    let c = loop {
        let conn = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(conn)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if t.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(format!("cannot connect to tauri-driver: {e}").into()),
        }
    };
    Ok((driver, App { c, step: 0 }))
}
