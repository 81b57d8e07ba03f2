//! Writes a synthetic schema and its operations to a directory:
//! `cargo run -p admin-codegen-synth --example write -- <types> <dir>`
//! writes `<dir>/schema.graphql` and `<dir>/operations/synthetic.graphql`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(Ok(types)), Some(dir)) = (args.next().map(|t| t.parse::<usize>()), args.next().map(PathBuf::from)) else {
        eprintln!("usage: write <types> <dir>");
        return ExitCode::from(2);
    };
    let s = admin_codegen_synth::synthesize(types);
    let written = std::fs::create_dir_all(dir.join("operations"))
        .and_then(|()| std::fs::write(dir.join("schema.graphql"), &s.sdl))
        .and_then(|()| std::fs::write(dir.join("operations/synthetic.graphql"), &s.operations));
    if let Err(e) = written {
        eprintln!("error: cannot write to {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!("{} types ({} units), {} SDL bytes, in {}", s.types, s.units, s.sdl.len(), dir.display());
    ExitCode::SUCCESS
}
