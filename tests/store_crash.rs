//! Crash safety of the store (TRUST.md, "The database"): `planmap build`
//! killed with SIGKILL at points spread over a rebuild, corrupted database
//! files, a read-only and a full data folder, and two processes on one
//! database. After each, the previous database is intact (the same bytes,
//! `quick_check` ok, the same graph) or the error is one exact line.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use planmap::model::GraphData;
use planmap::store::Store;
use planmap::{build_file, BuildOptions};

const BIN: &str = env!("CARGO_BIN_EXE_planmap");

fn planmap(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The "previous" database of every test: the small paren-style fixture, so
/// that a rebuild with the shipped plan changes it visibly.
fn previous() -> &'static GraphData {
    static G: OnceLock<GraphData> = OnceLock::new();
    G.get_or_init(|| {
        let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paren-style.txt");
        build_file(&f, &BuildOptions::default()).unwrap().graph
    })
}

fn shipped() -> &'static GraphData {
    static G: OnceLock<GraphData> = OnceLock::new();
    G.get_or_init(|| {
        planmap::build_default(&BuildOptions::default())
            .unwrap()
            .graph
    })
}

/// Opens (quick_check included) and holds exactly `want`.
fn assert_holds(db: &Path, want: &GraphData, what: &str) {
    let store = Store::open(db).unwrap_or_else(|e| panic!("{what}: {e}"));
    let g = store.load_graph().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(g == *want, "{what}: the graph changed");
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ───────────────────────────── SIGKILL during a rebuild ─────────────────────────────

fn building_file_in(dir: &Path) -> bool {
    files_in(dir).iter().any(|f| f.contains(".building-"))
}

/// Start `planmap build --db db`; when `in_write` is set, first wait until
/// its temporary database file appears (the write phase has begun). The
/// start of the timed part, or `None` if the build ended before that.
fn start_build(db: &Path, in_write: bool) -> (std::process::Child, Option<Instant>) {
    let mut child = planmap(&["build", "--db", db.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if !in_write {
        return (child, Some(Instant::now()));
    }
    let dir = db.parent().unwrap();
    loop {
        if building_file_in(dir) {
            return (child, Some(Instant::now()));
        }
        if child.try_wait().unwrap().is_some() {
            return (child, None);
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn sigkill_at_thirty_points_of_a_rebuild_never_damages_the_previous_database() {
    let dir = common::tmp("crash");
    let db = dir.path().join("plan.db");
    // how long a rebuild of the shipped plan takes here, and its write phase
    // (from the temporary file's creation to the end): the faster of two
    let scratch_dir = common::tmp("crash");
    let scratch = scratch_dir.path().join("scratch.db");
    let (mut full, mut write) = (Duration::MAX, Duration::MAX);
    for _ in 0..2 {
        let t = Instant::now();
        let (mut child, w) = start_build(&scratch, true);
        assert!(child.wait().unwrap().success());
        full = full.min(t.elapsed());
        write = write.min(w.expect("saw the temporary file").elapsed());
    }

    Store::write(&db, previous()).unwrap();
    let mut before = std::fs::read(&db).unwrap();
    const POINTS: u32 = 30;
    const HALF: u32 = POINTS / 2;
    let (mut killed, mut finished, mut strays, mut in_write) = (0u32, 0u32, 0u32, 0u32);
    let mut seed: u64 = 0x5eed;
    for i in 0..POINTS {
        // half spread over the whole run, half over the write phase, each
        // with a little jitter
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let jitter = (seed >> 33) as f64 / (1u64 << 31) as f64 - 0.5;
        let slot = f64::from(i % HALF) + 0.5 + jitter * 0.8;
        let writing = i >= HALF;
        let span = if writing { write } else { full };
        let at = span.mul_f64((0.95 * slot / f64::from(HALF)).max(0.0));
        let (mut child, started) = start_build(&db, writing);
        if let Some(t) = started {
            std::thread::sleep(at.saturating_sub(t.elapsed()));
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            // it finished first: the new database is whole; put the old one back
            finished += 1;
            assert_holds(&db, shipped(), "a finished rebuild");
            Store::write(&db, previous()).unwrap();
            before = std::fs::read(&db).unwrap();
            continue;
        }
        if std::fs::read(&db).unwrap() != before {
            // killed after the rename, before the process exited: the
            // rebuild had finished, so the new database must be whole
            finished += 1;
            assert_holds(
                &db,
                shipped(),
                &format!("kill {i} at {at:?}, after the rename"),
            );
            Store::write(&db, previous()).unwrap();
            before = std::fs::read(&db).unwrap();
            continue;
        }
        killed += 1;
        let stray = building_file_in(dir.path());
        strays += u32::from(stray);
        in_write += u32::from(writing && stray);
        assert_holds(&db, previous(), &format!("kill {i} at {at:?}"));
    }
    println!(
        "kill points: {POINTS} ({HALF} over a {full:?} rebuild, {HALF} over its {write:?} write phase): \
         {killed} killed mid-way ({in_write} while writing the new file), {finished} finished first; \
         {strays} left a temporary file, each removed by the next build"
    );
    assert!(
        killed >= POINTS * 2 / 3,
        "most kills land mid-build: {killed}"
    );
    assert!(
        in_write >= HALF / 2,
        "kills land in the write phase: {in_write}"
    );

    let o = planmap(&["build", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_holds(&db, shipped(), "the build after the kills");
    assert_eq!(files_in(dir.path()), ["plan.db"], "strays removed");
}

// ───────────────────────────── corrupted files ─────────────────────────────

/// The CLI's exact line for a damaged database.
fn damaged(db: &Path, reason: &str) -> String {
    format!(
        "planmap: error: the database {} is unusable: {reason}; `planmap build` replaces it with a new one\n",
        db.display()
    )
}

#[test]
fn corrupted_databases_are_detected_at_open_and_reported_in_one_line() {
    let dir = common::tmp("crash");
    let good = dir.path().join("good.db");
    Store::write(&good, shipped()).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    let n = bytes.len();
    let flip = |offsets: &[usize]| {
        let mut b = bytes.clone();
        for &o in offsets {
            b[o] ^= 0xFF;
        }
        b
    };
    // (name, bytes, reason): structural damage (quick_check), damaged
    // records (the graph's checksum), and files cut short or overwritten.
    let malformed = "integrity check failed: database disk image is malformed";
    let checksum =
        "its content does not match the checksum written with it (the file was changed or damaged)";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("header zeroed", {
            let mut b = bytes.clone();
            b[..100].fill(0);
            b
        }, "file is not a database"),
        ("cut to half", bytes[..n / 2].to_vec(), malformed),
        ("cut to one page", bytes[..page].to_vec(), malformed),
        ("page header of page 2 flipped", flip(&[page, page + 1, page + 3]), malformed),
        ("page header of a middle page flipped", flip(&[page * (n / page / 2)]), malformed),
        ("a byte of plan text flipped", {
            let at = find(&bytes, "祥符荡科创绿谷".as_bytes());
            flip(&[at + 1])
        }, "a stored value is damaged (invalid utf-8 sequence of 1 bytes from index 20455 at index 5)"),
        ("a digit of the plan text changed", {
            let mut b = bytes.clone();
            let at = find(&b, "2035".as_bytes());
            b[at + 3] = b'6';
            b
        }, checksum),
        ("a node id changed", {
            // the first copy of a whole node id: its row in the nodes table
            // (a bare `platform:` may lie in a page's free space)
            let mut b = bytes.clone();
            let at = find(&b, "platform:祥符荡科创绿谷".as_bytes());
            b[at] = b'P';
            b
        }, "integrity check failed: row * missing from index sqlite_autoindex_nodes_1"),
        ("garbage", b"not a database at all, just text\n".repeat(200), "file is not a database"),
    ];
    let mut detected = 0;
    for (what, b, reason) in &cases {
        let db = dir.path().join("bad.db");
        std::fs::write(&db, b).unwrap();
        let o = planmap(&["stats", "--db", db.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        let err = stderr(&o);
        println!("{what}: {err}");
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        match reason.split_once('*') {
            // the row number follows the graph's node order
            Some((head, tail)) => {
                let whole = damaged(&db, head);
                let prefix = &whole[..whole.find(head).unwrap() + head.len()];
                assert!(
                    err.starts_with(prefix) && err.contains(tail),
                    "{what}: {err}"
                );
            }
            None => assert_eq!(err, damaged(&db, reason), "{what}"),
        }
        detected += 1;
        // nothing was changed by looking, and a build replaces it
        assert!(std::fs::read(&db).unwrap() == *b, "{what}: left as it was");
        std::fs::write(dir.path().join("views.json"), "{}").unwrap();
        let o = planmap(&["build", "--db", db.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert_holds(&db, shipped(), what);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("views.json")).unwrap(),
            "{}",
            "nothing else in the folder touched"
        );
        std::fs::remove_file(&db).unwrap();
    }
    println!("corruptions detected: {detected} of {}", cases.len());
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}

// ───────────────────────────── read-only and full folders ─────────────────────────────

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_data_folder_under_a_file_gives_a_clear_error() {
    let dir = common::tmp("crash");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let db = file.join("plan.db");
    let o = planmap(&["build", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "planmap: error: cannot write the database {}: the data folder {} is a file\n",
            db.display(),
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// Run `script` (sh) in a private mount namespace, so its mounts vanish with
/// it; `None` where mount namespaces are not available.
fn in_mount_namespace(script: &str, args: &[&str]) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-m", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    Some(
        Command::new("unshare")
            .args(["-m", "sh", "-c", script, "sh"])
            .args(args)
            .env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db")
            .output()
            .unwrap(),
    )
}

#[test]
fn a_read_only_data_folder_gives_a_clear_error_and_still_answers_queries() {
    let dir = common::tmp("crash");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let db = data.join("plan.db");
    Store::write(&db, previous()).unwrap();
    let before = std::fs::read(&db).unwrap();
    let want = |reason: &str| {
        format!(
            "planmap: error: cannot write the database {}: {reason}\n",
            db.display()
        )
    };
    let mut tried = Vec::new();

    // 1. a read-only mount (EROFS), which stops root too
    let script = r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
"$2" build --db "$1/plan.db"; echo "exit=$?" >&2
"$2" stats --db "$1/plan.db" >/dev/null && echo "stats=ok" >&2"#;
    if let Some(o) = in_mount_namespace(script, &[data.to_str().unwrap(), BIN]) {
        if o.status.code() != Some(99) {
            assert_eq!(
                stderr(&o),
                format!(
                    "{}exit=1\nstats=ok\n",
                    want("Read-only file system (os error 30)")
                )
            );
            tried.push("read-only bind mount (EROFS)");
        }
    }
    // 2. chmod 0555, as an unprivileged user (setpriv when we are root)
    let mut perms = std::fs::metadata(&data).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&data, perms.clone()).unwrap();
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    // the unprivileged user must reach the folder and the binary, so that
    // what stops it is the folder's own mode
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let reachable = [data.as_path(), Path::new(BIN)].iter().all(|start| {
        start.ancestors().skip(1).all(|p| {
            p.as_os_str().is_empty()
                || std::fs::metadata(p).is_ok_and(|m| {
                    std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o001 != 0
                })
        })
    });
    if !is_root() || reachable {
        let o = cmd
            .args(["build", "--db", db.to_str().unwrap()])
            .env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db")
            .output()
            .unwrap();
        assert_eq!(stderr(&o), want("Permission denied (os error 13)"));
        assert_eq!(o.status.code(), Some(1));
        tried.push("chmod 0555 as an unprivileged user (EACCES)");
    }
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&data, perms).unwrap();
    assert!(std::fs::read(&db).unwrap() == before);
    assert_holds(&db, previous(), "after the read-only attempts");
    assert_eq!(files_in(&data), ["plan.db"]);
    println!("read-only folder, tried: {tried:?}");
    assert!(!tried.is_empty(), "no way to make a folder read-only here");
}

#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_previous_database() {
    let dir = common::tmp("crash");
    let db = dir.path().join("plan.db");
    Store::write(&db, previous()).unwrap();
    let before = std::fs::read(&db).unwrap();
    let mut tried = Vec::new();

    // 1. a real full file system: a 600 KiB tmpfs holding the previous database
    let work = dir.path().join("small");
    std::fs::create_dir(&work).unwrap();
    let script = r#"mount -t tmpfs -o size=600k tmpfs "$1" || exit 99
cp "$2" "$1/plan.db"
"$3" build --db "$1/plan.db"; echo "exit=$?" >&2
cmp -s "$2" "$1/plan.db" && echo "intact" >&2
ls -A "$1" >&2"#;
    if let Some(o) =
        in_mount_namespace(script, &[work.to_str().unwrap(), db.to_str().unwrap(), BIN])
    {
        if o.status.code() != Some(99) {
            let inner = work.join("plan.db");
            assert_eq!(
                stderr(&o),
                format!(
                    "planmap: error: cannot write the database {}: the disk is full (or a file size limit was reached)\nexit=1\nintact\nplan.db\n",
                    inner.display()
                )
            );
            tried.push("600 KiB tmpfs (ENOSPC)");
        }
    }
    // 2. a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored so writes fail with EFBIG)
    let o = Command::new("sh")
        .args([
            "-c",
            r#"trap "" XFSZ; exec prlimit --fsize=300000 "$0" build --db "$1""#,
            BIN,
            db.to_str().unwrap(),
        ])
        .env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "planmap: error: cannot write the database {}: a write failed (disk I/O error: a failing disk, or a file size limit)\n",
            db.display()
        )
    );
    tried.push("RLIMIT_FSIZE 300 KB (EFBIG)");
    assert!(std::fs::read(&db).unwrap() == before);
    assert_holds(&db, previous(), "after the full disk");
    assert_eq!(files_in(dir.path()), ["plan.db", "small"]);
    println!("full disk, tried: {tried:?}");
}

// ───────────────────────────── two processes ─────────────────────────────

/// Not a test on its own: the reader process of
/// `two_processes_one_reading_one_rebuilding_never_conflict`, started as a
/// child of this test binary with `PLANMAP_READER_DB` set.
#[test]
fn reader_process() {
    let Some(db) = std::env::var_os("PLANMAP_READER_DB") else {
        return;
    };
    let db = PathBuf::from(db);
    let until = Instant::now() + Duration::from_secs(6);
    // one store held open across every rebuild, like the app's session
    let held = Store::open(&db).expect("open");
    let held_graph = held.load_graph().expect("load");
    let mut rounds = 0u32;
    while Instant::now() < until {
        // the held connection keeps reading the file it opened
        assert!(!held.search("发展", 5).expect("held search").is_empty());
        assert!(held.load_graph().expect("held load") == held_graph);
        // and a fresh open, like a CLI query, sees a whole database
        let fresh = Store::open(&db).expect("fresh open");
        let g = fresh.load_graph().expect("fresh load");
        assert!(!g.nodes.is_empty());
        assert!(!fresh.search("建设", 5).expect("fresh search").is_empty());
        drop(fresh);
        rounds += 1;
    }
    drop(held); // the drop that once deleted the new database's -wal/-shm
    println!("reader rounds: {rounds}");
}

#[test]
fn two_processes_one_reading_one_rebuilding_never_conflict() {
    let dir = common::tmp("crash");
    let db = dir.path().join("plan.db");
    Store::write(&db, previous()).unwrap();
    let reader = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "reader_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PLANMAP_READER_DB", &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paren-style.txt");
    let start = Instant::now();
    let mut builds = 0;
    while start.elapsed() < Duration::from_secs(5) {
        let mut args = vec!["build", "--db", db.to_str().unwrap()];
        if builds % 4 != 0 {
            args.push(fixture.to_str().unwrap());
        }
        let o = planmap(&args).output().unwrap();
        assert!(o.status.success(), "rebuild {builds}: {}", stderr(&o));
        builds += 1;
    }
    let o = reader.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "the reader failed: {out}{}", stderr(&o));
    assert!(out.contains("reader rounds: "), "{out}");
    let want = if (builds - 1) % 4 == 0 {
        shipped()
    } else {
        previous()
    };
    assert_holds(&db, want, "after both processes");
    assert_eq!(files_in(dir.path()), ["plan.db"], "no side files left");
    let rounds = out
        .split("reader rounds: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("?");
    println!("two processes: {builds} rebuilds while the reader ran {rounds} rounds");
}

// ───────────────────────────── journals of the old database ─────────────────────────────

/// Not a test on its own: a writer of `PLANMAP_WRITER_DB` that dies in the
/// middle of a transaction (killed by
/// `a_crashed_writers_journal_is_never_replayed_onto_the_new_database`).
#[test]
fn writer_process() {
    let Some(db) = std::env::var_os("PLANMAP_WRITER_DB") else {
        return;
    };
    let conn = rusqlite::Connection::open(PathBuf::from(db)).unwrap();
    conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))
        .unwrap();
    // a tiny cache spills changed pages into the file before the commit
    conn.execute_batch("PRAGMA cache_size=2; BEGIN; UPDATE passages SET text = text || '改';")
        .unwrap();
    println!("ready");
    use std::io::Write;
    std::io::stdout().flush().unwrap();
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn a_crashed_writers_journal_is_never_replayed_onto_the_new_database() {
    let dir = common::tmp("crash");
    let db = dir.path().join("plan.db");
    Store::write(&db, shipped()).unwrap();
    let mut writer = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "writer_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PLANMAP_WRITER_DB", &db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = std::io::BufReader::new(writer.stdout.take().unwrap());
    while !line.contains("ready") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0);
    }
    writer.kill().unwrap(); // SIGKILL mid-transaction: a hot journal stays
    writer.wait().unwrap();
    let journal = dir.path().join("plan.db-journal");
    assert!(journal.exists(), "the crashed writer left its journal");
    // the rebuild lets SQLite roll the journal back on the old file before
    // the rename; were it left, the next open would replay it onto the new one
    Store::write(&db, previous()).unwrap();
    assert!(!journal.exists());
    assert_holds(&db, previous(), "the new database");
    assert_eq!(files_in(dir.path()), ["plan.db"]);
}

#[test]
fn a_database_left_in_wal_mode_is_switched_back_and_a_live_wal_is_never_deleted() {
    let dir = common::tmp("crash");
    let db = dir.path().join("plan.db");
    Store::write(&db, previous()).unwrap();
    // an older planmap left it in WAL mode
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
            .unwrap();
    }
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "opening switched it back");
    // an older planmap holds it open in WAL mode: a rebuild refuses rather
    // than delete the live -wal
    c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    c.query_row("SELECT count(*) FROM nodes", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert!(dir.path().join("plan.db-wal").exists());
    let e = Store::write(&db, shipped()).expect_err("refused");
    println!("{e}");
    assert!(
        e.to_string().ends_with(
            "another process has the database open in WAL mode (an older planmap?); close it and try again"
        ),
        "{e}"
    );
    assert_holds(&db, previous(), "kept");
    drop(c);
    Store::write(&db, shipped()).unwrap();
    assert_holds(&db, shipped(), "rebuilt once it was closed");
    assert_eq!(files_in(dir.path()), ["plan.db"]);
}
