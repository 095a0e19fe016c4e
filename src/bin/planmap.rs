//! `planmap`: build, query, export and evaluate plan knowledge graphs.
//!
//! The arguments and the commands live in [`planmap::cli`]; this is the
//! process boundary: parse, run, print one error line, exit code 1.

use std::process::ExitCode;

use clap::Parser;

use planmap::cli::{error_line, run, Cli, Env};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match run(&mut Env::default(), cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("planmap: error: {}", error_line(&e));
            ExitCode::FAILURE
        }
    }
}
