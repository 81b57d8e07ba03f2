//! Admin API versions (spec §1).

/// Every version a client may send in `X-BackendAI-Version`.
pub const KNOWN: &[&str] = &[
    "v4.20181215",
    "v4.20190115",
    "v4.20190315",
    "v4.20190615",
    "v5.20191215",
    "v6.20200815",
    "v6.20220315",
    "v6.20220615",
    "v6.20221201",
    "v6.20230315",
    "v7.20230615",
    "v8.20240315",
    "v8.20240915",
    "v9.20250722",
];

/// The latest version, announced by `GET /`.
pub const LATEST: &str = "v9.20250722";

/// The latest major version: URL prefixes `/v1/` … `/v9/` are accepted.
pub const LATEST_MAJOR: u32 = 9;

/// The lower of two versions (what a client uses after negotiating with `GET /`).
pub fn negotiate<'a>(ours: &'a str, theirs: &'a str) -> &'a str {
    let key = |v: &str| {
        let (major, date) = v.trim_start_matches('v').split_once('.').unwrap_or(("0", "0"));
        (major.parse::<u32>().unwrap_or(0), date.parse::<u32>().unwrap_or(0))
    };
    if key(theirs) < key(ours) { theirs } else { ours }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_is_known_and_last() {
        assert_eq!(KNOWN.last(), Some(&LATEST));
        assert!(LATEST.starts_with(&format!("v{LATEST_MAJOR}.")));
        assert_eq!(negotiate(LATEST, "v8.20240915"), "v8.20240915");
        assert_eq!(negotiate("v8.20240915", LATEST), "v8.20240915");
    }
}
