//! Writing generated files: only when their bytes change, atomically.

use std::io;
use std::path::{Path, PathBuf};

use admin_codegen_emit::GeneratedFile;

/// Whether to write or only compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Write files whose bytes differ.
    Write,
    /// Write nothing; report which files would change.
    Check,
}

/// What writing did (or, in check mode, would do).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes differed (written, or that would be written).
    pub changed: Vec<PathBuf>,
    /// Files left alone because their bytes were already right.
    pub unchanged: Vec<PathBuf>,
}

/// Writes `files` under `out_dir`.
///
/// Every changed file is first written to a temporary file beside its target,
/// and only when all of them are written are they renamed into place, so a
/// failure part-way leaves the existing output as it was. Files whose bytes
/// are unchanged are not touched (their mtimes stay).
pub fn write_files(out_dir: &Path, files: &[GeneratedFile], mode: WriteMode) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let mut pending = Vec::new();
    for file in files {
        let target = out_dir.join(&file.path);
        if holds(&target, file.contents.as_bytes()) {
            report.unchanged.push(target);
        } else {
            report.changed.push(target.clone());
            pending.push((target, file));
        }
    }
    if mode == WriteMode::Check || pending.is_empty() {
        return Ok(report);
    }
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(pending.len());
    let result = (|| -> io::Result<()> {
        for (target, file) in &pending {
            let dir = target.parent().unwrap_or(out_dir);
            std::fs::create_dir_all(dir)?;
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            std::fs::write(&temp, file.contents.as_bytes())?;
            temps.push((temp, target.clone()));
        }
        for (temp, target) in &temps {
            std::fs::rename(temp, target)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temp, _) in &temps {
            let _ = std::fs::remove_file(temp);
        }
        return Err(io::Error::new(e.kind(), format!("cannot write output in `{}`: {e}", out_dir.display())));
    }
    Ok(report)
}

/// Whether the file at `path` holds exactly `bytes` (false when it cannot be
/// read): the length first, then the bytes in blocks, without reading the
/// file into memory of its own (outputs run to megabytes).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    if f.metadata().map_or(true, |m| m.len() != bytes.len() as u64) {
        return false;
    }
    let mut block = [0u8; 64 * 1024];
    let mut rest = bytes;
    loop {
        match f.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && block[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_compares_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.rs");
        // Larger than one block, so the comparison crosses blocks.
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).unwrap();
        assert!(holds(&path, &big));
        let mut last = big.clone();
        *last.last_mut().unwrap() ^= 1;
        assert!(!holds(&path, &last), "a change in the last block");
        let mut second = big.clone();
        second[70_000] ^= 1;
        assert!(!holds(&path, &second), "a change in the second block");
        assert!(!holds(&path, &big[..big.len() - 1]), "shorter");
        assert!(!holds(&dir.path().join("missing.rs"), b""), "a missing file holds nothing");
        std::fs::write(&path, b"").unwrap();
        assert!(holds(&path, b""));
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn writes_only_changes_and_check_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![file("mod.rs", "a"), file("types.rs", "b")];
        let r = write_files(dir.path(), &files, WriteMode::Write).unwrap();
        assert_eq!(r.changed.len(), 2);
        let r = write_files(dir.path(), &files, WriteMode::Write).unwrap();
        assert_eq!((r.changed.len(), r.unchanged.len()), (0, 2));

        let changed = vec![file("mod.rs", "a"), file("types.rs", "c")];
        let r = write_files(dir.path(), &changed, WriteMode::Check).unwrap();
        assert_eq!(r.changed, vec![dir.path().join("types.rs")]);
        assert_eq!(std::fs::read_to_string(dir.path().join("types.rs")).unwrap(), "b");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }
}
