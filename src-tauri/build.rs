//! Lists the app's commands so Tauri generates and enforces one permission per
//! command (capabilities/main.json grants exactly these).
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(planmap_commands::COMMANDS)),
    )
    .expect("tauri build script");
}

#[path = "src/commands_list.rs"]
mod planmap_commands;
