//! The names of the app's IPC commands, shared by `build.rs` (permissions),
//! `lib.rs` (registration is checked against it) and the tests.

/// Every command the window may invoke.
pub const COMMANDS: &[&str] = &[
    "open_default",
    "overview",
    "view_graph",
    "trace",
    "counties",
    "cell",
    "focus",
    "path",
    "lens",
    "node_evidence",
    "edge_evidence",
    "outline",
    "search",
    "gaps",
    "export_data",
    "export_image",
    "open_plan",
    "views_list",
    "view_save",
    "view_get",
    "view_delete",
    "last_view_get",
    "last_view_set",
];
