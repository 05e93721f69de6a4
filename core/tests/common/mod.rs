//! Shared by the tests of the native command (`cli.rs`, `forecast.rs`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `phasebill` with `args`, `stdin` as its standard input, and waits for it.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phasebill"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("phasebill runs");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    // Written from a thread: the output may fill its pipe before the input is read. A usage
    // error may exit before reading its input: a broken pipe is no failure here.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("phasebill exits");
    writer.join().expect("writer");
    output
}
