//! The command line's words, read the same way by every command: `--flag value` or
//! `--flag=value`, positional arguments, and `-h`/`--help` and `--version` anywhere.

/// Why a command does not run: it was asked for help or the version, or the words are wrong.
pub enum Stop {
    Help,
    Version,
    Usage(String),
}

impl From<String> for Stop {
    fn from(problem: String) -> Self {
        Stop::Usage(problem)
    }
}

impl From<&str> for Stop {
    fn from(problem: &str) -> Self {
        Stop::Usage(problem.into())
    }
}

/// One word of the command line, as handed to a command's parser.
pub enum Word<'a> {
    /// A `--flag`; `value` takes its value (inline after `=`, else the next word).
    Flag(&'a str, &'a mut dyn FnMut() -> Result<String, Stop>),
    Positional(String),
}

/// Hands each word of `args` to `handle`, and stops at help, version or a problem.
pub fn read(
    mut args: impl Iterator<Item = String>,
    mut handle: impl FnMut(Word<'_>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    while let Some(arg) = args.next() {
        let (flag, mut inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Err(Stop::Help),
            "--version" => return Err(Stop::Version),
            _ if flag.starts_with("--") => {
                let mut value = || {
                    inline
                        .take()
                        .or_else(|| args.next())
                        .ok_or_else(|| Stop::Usage(format!("{flag} needs a value")))
                };
                handle(Word::Flag(&flag, &mut value))?;
            }
            _ => handle(Word::Positional(arg))?,
        }
    }
    Ok(())
}

/// `unknown option '--x'`: the problem for a flag no command knows.
pub fn unknown(flag: &str) -> Stop {
    Stop::Usage(format!("unknown option '{flag}'"))
}
