//! Running a command with its standard streams redirected to memory, on the current thread only:
//! `rollcall mcp` runs the same commands in-process while its real stdout carries the protocol.
//!
//! Every write to stdout or stderr goes through [`super::Console`] or [`super::write_stdout`], and
//! every read of standard input through [`read_stdin`], so a capture set here sees all of them.
//! Outside a capture nothing changes.

use std::cell::RefCell;
use std::io::Read;

/// What a captured command wrote, and the standard input it was given.
#[derive(Debug, Default)]
pub struct Captured {
    /// Bytes written to stdout.
    pub stdout: Vec<u8>,
    /// Bytes written to stderr (warnings, diagnostics).
    pub stderr: Vec<u8>,
    /// Standard input still unread.
    stdin: Vec<u8>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `run` with stdout and stderr kept in memory and `stdin` as its standard input; returns
/// its result and what it wrote. Captures do not nest: an inner one replaces the outer until done.
pub fn capturing<T>(stdin: Vec<u8>, run: impl FnOnce() -> T) -> (T, Captured) {
    let outer = CAPTURE.with(|c| {
        c.borrow_mut().replace(Captured {
            stdin,
            ..Captured::default()
        })
    });
    let result = run();
    let captured = CAPTURE.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    (result, captured.unwrap_or_default())
}

/// Appends `bytes` to the captured stdout; false when no capture is active.
pub fn stdout(bytes: &[u8]) -> bool {
    with_capture(|c| c.stdout.extend_from_slice(bytes))
}

/// Appends `bytes` to the captured stderr; false when no capture is active.
pub fn stderr(bytes: &[u8]) -> bool {
    with_capture(|c| c.stderr.extend_from_slice(bytes))
}

/// True while this thread runs under [`capturing`] (its standard input is not the process's).
pub fn is_active() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

/// Reads standard input to its end: the captured input under [`capturing`], else the process's.
pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut taken = None;
    with_capture(|c| taken = Some(std::mem::take(&mut c.stdin)));
    if let Some(bytes) = taken {
        return Ok(bytes);
    }
    let mut buf = Vec::new();
    std::io::stdin().read_to_end(&mut buf)?;
    Ok(buf)
}

fn with_capture(write: impl FnOnce(&mut Captured)) -> bool {
    CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(captured) => {
            write(captured);
            true
        }
        None => false,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_keeps_both_streams_and_gives_its_stdin_once() {
        let (read, captured) = capturing(b"body".to_vec(), || {
            assert!(stdout(b"out"));
            assert!(stderr(b"err"));
            let first = read_stdin().unwrap();
            let second = read_stdin().unwrap();
            (first, second)
        });
        assert_eq!(read, (b"body".to_vec(), Vec::new()));
        assert_eq!(captured.stdout, b"out");
        assert_eq!(captured.stderr, b"err");
        assert!(!stdout(b"x"), "no capture outside capturing");
        assert!(!is_active());
    }

    #[test]
    fn captures_are_per_thread() {
        let ((), captured) = capturing(Vec::new(), || {
            std::thread::spawn(|| assert!(!is_active())).join().unwrap();
            stdout(b"mine");
        });
        assert_eq!(captured.stdout, b"mine");
    }
}
