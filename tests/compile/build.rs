//! Generates code for the default schema and, when `../shared/corpus` is
//! present, for every corpus schema, each into its own folder of `OUT_DIR`.

use std::path::{Path, PathBuf};

fn main() -> Result<(), admin_codegen_build::Error> {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    admin_codegen_build::configure()
        .schema("../../schema/admin.graphql")
        .out_dir(out.join("default"))
        .strict(true)
        .compile()?;

    let corpus = Path::new("../../../shared/corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    if !corpus.is_dir() {
        println!("cargo:warning=../shared/corpus is absent: the corpus compile tests are skipped");
        return Ok(());
    }
    println!("cargo:rustc-cfg=corpus");
    for name in ["backendai-24.03.0", "backendai-24.09.0"] {
        admin_codegen_build::compile_to(corpus.join(format!("{name}.graphql")), out.join(name))?;
    }
    // GitHub's scalars are string-valued; map the ones we know, leave the
    // rest to the JSON fallback (which also has to compile).
    admin_codegen_build::configure()
        .schema(corpus.join("github-2019.graphql"))
        .scalar("URI", "::std::string::String")
        .scalar("HTML", "::std::string::String")
        .scalar("GitObjectID", "::std::string::String")
        .out_dir(out.join("github-2019"))
        .compile()
}
