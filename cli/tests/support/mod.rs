//! Helpers every whole-command test shares: the real binary run in a temp folder with a
//! controlled environment, the fixtures and the seed registry, output text and exit-code
//! assertions, and many processes started at once.

#![allow(clippy::unwrap_used, dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The seed registry (tests/fixtures/marketing-registry.md).
pub const SEED: &str = include_str!("../../../tests/fixtures/marketing-registry.md");

/// The repository's tests/fixtures folder.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The path of `name` under tests/fixtures.
pub fn fixture_path(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

/// The bytes of `name` under tests/fixtures.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

/// The session key store every test shares (`ROLLCALL_KEYS`): keys are filed by coordination
/// folder, so tests in different temp folders never see each other's keys.
pub fn key_store() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("session-keys")
}

/// `rollcall` run from `dir`: no `ROLLCALL_DIR` or `ROLLCALL_SESSION`, `NO_COLOR=1`, stdin closed,
/// keys in [`key_store`].
pub fn rollcall(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rollcall"));
    cmd.current_dir(dir)
        .env_remove("ROLLCALL_DIR")
        .env_remove("ROLLCALL_SESSION")
        .env("ROLLCALL_KEYS", key_store())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// `rollcall` run from `dir` with an empty environment but `PATH`, `NO_COLOR=1` and the test
/// key store.
pub fn clean(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rollcall"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ROLLCALL_KEYS", key_store())
        .env("NO_COLOR", "1");
    cmd
}

/// The message files (`*.json`, not hidden, not their `.json.sig` signatures) directly in
/// `dir`, sorted; none when `dir` does not exist.
pub fn message_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && name.ends_with(".json") && p.is_file()
        })
        .collect();
    files.sort();
    files
}

/// An approver's ed25519 key pair, made by `ssh-keygen` in `dir` (outside any coordination
/// folder): the private and the public key file.
pub fn approver_key(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let private = dir.join(format!("approver-{name}"));
    if !private.exists() {
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&private)
            .output()
            .expect("ssh-keygen (openssh-client) is installed");
        assert!(out.status.success(), "{}", describe(&out));
    }
    let public = dir.join(format!("approver-{name}.pub"));
    (private, public)
}

/// Signs `file` with `ssh-keygen -Y sign -n NAMESPACE`, as a human does; returns `FILE.sig`.
pub fn ssh_keygen_sign(private: &Path, namespace: &str, file: &Path) -> PathBuf {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", namespace, "-f"])
        .arg(private)
        .arg(file)
        .output()
        .expect("ssh-keygen (openssh-client) is installed");
    assert!(out.status.success(), "{}", describe(&out));
    let mut sig = file.as_os_str().to_owned();
    sig.push(".sig");
    PathBuf::from(sig)
}

/// `--approver NAME=PUB` for `init`, with the key pair made in `dir` by [`approver_key`].
pub fn approver_arg(dir: &Path, name: &str) -> String {
    format!("{name}={}", approver_key(dir, name).1.display())
}

/// `rollcall ARGS` from `dir` with an empty environment but `PATH` and `NO_COLOR=1`.
pub fn run_clean(dir: &Path, args: &[&str]) -> Output {
    clean(dir).args(args).output().unwrap()
}

/// Runs `cmd` with `stdin` (or an empty stdin) piped in.
pub fn run_with_stdin(cmd: &mut Command, stdin: Option<&[u8]>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rollcall");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            input.write_all(bytes).expect("write stdin");
        }
    }
    child.wait_with_output().expect("wait for rollcall")
}

/// The `code` of every diagnostic in a `--json` document's `diagnostics` array.
pub fn diagnostic_codes(document: &serde_json::Value) -> Vec<&str> {
    document["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect()
}

/// stdout as UTF-8 (panics on anything else).
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

/// stderr as UTF-8 (panics on anything else).
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

/// stdout, stderr and exit code, for assertion messages.
pub fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts the process exited with `code`, showing its stderr otherwise.
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A temp dir holding an empty coordination folder at `sub` (`coordination`, `docs/coordination`).
pub struct TempFolder {
    _tmp: tempfile::TempDir,
    /// The coordination folder.
    pub dir: PathBuf,
}

impl TempFolder {
    /// A fresh temp dir with `sub` created inside it.
    pub fn new(sub: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        TempFolder { _tmp: tmp, dir }
    }

    /// `rollcall ARGS` from the folder with `ROLLCALL_DIR` set to it.
    pub fn run(&self, args: &[&str]) -> Output {
        rollcall(&self.dir)
            .args(args)
            .env("ROLLCALL_DIR", &self.dir)
            .output()
            .unwrap()
    }

    /// `rollcall ARGS`, which must exit 0.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", describe(&out));
        out
    }
}

/// Declares `struct $name(TempFolder)`, dereferencing to the [`TempFolder`], with `$name::new()`
/// making the folder `$sub` in a fresh temp dir; the test file adds its own methods.
#[macro_export]
macro_rules! temp_folder {
    ($(#[$doc:meta])* $name:ident, $sub:expr) => {
        $(#[$doc])*
        struct $name($crate::support::TempFolder);

        impl std::ops::Deref for $name {
            type Target = $crate::support::TempFolder;

            fn deref(&self) -> &$crate::support::TempFolder {
                &self.0
            }
        }

        impl $name {
            /// A fresh temp dir holding the empty folder.
            fn new() -> Self {
                $name($crate::support::TempFolder::new($sub))
            }
        }
    };
}

/// Starts `n` commands at once (stdout and stderr captured) and waits for every one of them.
pub fn race(n: usize, mut command: impl FnMut(usize) -> Command) -> Vec<Output> {
    let children: Vec<_> = (0..n)
        .map(|i| {
            command(i)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}
