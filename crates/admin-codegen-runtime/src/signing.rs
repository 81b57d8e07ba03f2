//! Request signing shared by the Admin API's client and server (spec §8).
//!
//! ```text
//! signing key    = HMAC_H(HMAC_H(secret_key, date as %Y%m%d), host)
//! string to sign = METHOD \n path?query \n date header \n host:<host> \n
//!                  content-type:<media type> \n x-backendai-version:<version> \n hex(H(""))
//! signature      = hex(HMAC_H(signing key, string to sign))
//! Authorization: BackendAI signMethod=HMAC-SHA256, credential=<access key>:<signature>
//! ```

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime};
use hmac::{Hmac, KeyInit, Mac};

/// The hash a request is signed with, named by `signMethod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignMethod {
    /// `HMAC-SHA256`: the default, used by the reference client.
    HmacSha256,
    /// `HMAC-MD5`: accepted for old clients.
    HmacMd5,
}

impl SignMethod {
    /// The `signMethod` value.
    pub fn as_str(self) -> &'static str {
        match self {
            SignMethod::HmacSha256 => "HMAC-SHA256",
            SignMethod::HmacMd5 => "HMAC-MD5",
        }
    }

    /// Parses a `signMethod` value (case-insensitive).
    pub fn parse(s: &str) -> Option<SignMethod> {
        match s.to_ascii_uppercase().as_str() {
            "HMAC-SHA256" => Some(SignMethod::HmacSha256),
            "HMAC-MD5" => Some(SignMethod::HmacMd5),
            _ => None,
        }
    }

    fn hmac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            SignMethod::HmacSha256 => run::<Hmac<sha2::Sha256>>(key, message),
            SignMethod::HmacMd5 => run::<Hmac<md5::Md5>>(key, message),
        }
    }

    fn empty_hash(self) -> &'static str {
        match self {
            SignMethod::HmacSha256 => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            SignMethod::HmacMd5 => "d41d8cd98f00b204e9800998ecf8427e",
        }
    }
}

/// The parts of a request that are signed.
#[derive(Debug, Clone, Copy)]
pub struct SignedParts<'a> {
    /// The HTTP method (any case; signed uppercase).
    pub method: &'a str,
    /// The request path with its query string, exactly as sent.
    pub path_and_query: &'a str,
    /// The `Host` header value (host, plus `:port` when the request carries one).
    pub host: &'a str,
    /// The `Date` (or `X-BackendAI-Date`) header value, exactly as sent.
    pub date: &'a str,
    /// The `Content-Type` header value (parameters are dropped, the media type lowercased).
    pub content_type: &'a str,
    /// The `X-BackendAI-Version` header value.
    pub version: &'a str,
}

/// Why a request could not be signed or its signature checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    /// The date is not an ISO-8601 date-time.
    BadDate(String),
    /// The `Authorization` header does not have the `BackendAI signMethod=…, credential=…:…` form.
    MalformedAuthorization(String),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::BadDate(d) => write!(f, "Date/time sync error: `{d}` is not an ISO-8601 date-time"),
            SignError::MalformedAuthorization(why) => write!(f, "Malformed authorization header: {why}"),
        }
    }
}

impl std::error::Error for SignError {}

/// Parses a request date: ISO-8601; no offset means UTC.
pub fn parse_request_date(value: &str) -> Result<DateTime<FixedOffset>, SignError> {
    let value = value.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Ok(dt);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y%m%dT%H%M%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(value, format) {
            return Ok(dt);
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y%m%dT%H%M%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(value, format) {
            return Ok(naive.and_utc().fixed_offset());
        }
    }
    Err(SignError::BadDate(value.to_owned()))
}

/// The media type of a `Content-Type` value: parameters dropped, lowercased.
pub fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The seven-line string that is signed.
pub fn string_to_sign(method: SignMethod, parts: &SignedParts<'_>) -> String {
    format!(
        "{}\n{}\n{}\nhost:{}\ncontent-type:{}\nx-backendai-version:{}\n{}",
        parts.method.to_ascii_uppercase(),
        parts.path_and_query,
        parts.date,
        parts.host,
        media_type(parts.content_type),
        parts.version,
        method.empty_hash()
    )
}

/// The lowercase hex signature of a request.
pub fn sign(secret_key: &str, method: SignMethod, parts: &SignedParts<'_>) -> Result<String, SignError> {
    let date = parse_request_date(parts.date)?;
    let day = format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    let key = method.hmac(secret_key.as_bytes(), day.as_bytes());
    let key = method.hmac(&key, parts.host.as_bytes());
    Ok(hex::encode(method.hmac(&key, string_to_sign(method, parts).as_bytes())))
}

/// The `Authorization` header value for a signature.
pub fn authorization(method: SignMethod, access_key: &str, signature: &str) -> String {
    format!("BackendAI signMethod={}, credential={access_key}:{signature}", method.as_str())
}

/// A parsed `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The hash.
    pub method: SignMethod,
    /// The access key.
    pub access_key: String,
    /// The hex signature as sent.
    pub signature: String,
}

/// Parses `BackendAI signMethod=HMAC-SHA256, credential=<access key>:<signature>`.
pub fn parse_authorization(value: &str) -> Result<Authorization, SignError> {
    let bad = |why: &str| SignError::MalformedAuthorization(why.to_owned());
    let rest = value.trim().strip_prefix("BackendAI ").ok_or_else(|| bad("expected the `BackendAI` scheme"))?;
    let (mut method, mut credential) = (None, None);
    for pair in rest.split(',') {
        let (key, val) = pair.trim().split_once('=').ok_or_else(|| bad("expected `key=value` pairs"))?;
        match key.trim() {
            "signMethod" => method = Some(val.trim()),
            "credential" => credential = Some(val.trim()),
            _ => {}
        }
    }
    let method = method.ok_or_else(|| bad("missing signMethod"))?;
    let method = SignMethod::parse(method).ok_or_else(|| bad("unsupported signMethod"))?;
    let (access_key, signature) = credential
        .ok_or_else(|| bad("missing credential"))?
        .split_once(':')
        .ok_or_else(|| bad("credential is not `key:signature`"))?;
    if access_key.is_empty() || signature.is_empty() {
        return Err(bad("empty access key or signature"));
    }
    Ok(Authorization { method, access_key: access_key.to_owned(), signature: signature.to_owned() })
}

/// Whether `signature` is the right signature, compared in constant time.
pub fn verify(
    secret_key: &str,
    method: SignMethod,
    parts: &SignedParts<'_>,
    signature: &str,
) -> Result<bool, SignError> {
    use subtle::ConstantTimeEq;
    let expected = sign(secret_key, method, parts)?;
    Ok(expected.as_bytes().ct_eq(signature.to_ascii_lowercase().as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// `../shared/spec/sign-vectors.txt`, restated so the test runs without it.
    const VECTORS: &[(&str, &str, &str, &str, &str, SignMethod, &str)] = &[
        (
            "POST",
            "/admin/gql",
            "api.example.com",
            "2025-01-02T03:04:05.678901+00:00",
            "v9.20250722",
            SignMethod::HmacSha256,
            "063641dd1a5af1c3b885f6468f8dd6c20940e289b9c224e498bbba46f257b5f2",
        ),
        (
            "POST",
            "/admin/graphql",
            "127.0.0.1:8090",
            "2025-01-02T03:04:05+00:00",
            "v8.20240915",
            SignMethod::HmacSha256,
            "dee250a80f6e340bf501b0b0d5254163375f1cac5e611d3b58e8eaaabe49e4c5",
        ),
        (
            "GET",
            "/folders?group_id=abc",
            "127.0.0.1:8090",
            "2025-01-02T23:59:59+00:00",
            "v9.20250722",
            SignMethod::HmacSha256,
            "319bd7d35643064908e59e8d1a0577e4b76de0d8a8204b658fe7639e728a7845",
        ),
        (
            "POST",
            "/admin/gql",
            "api.example.com",
            "2025-01-02T03:04:05+00:00",
            "v9.20250722",
            SignMethod::HmacMd5,
            "bf08b3937fa2920a804e4891780b84ec",
        ),
    ];

    fn parts<'a>(v: &'a (&str, &str, &str, &str, &str, SignMethod, &str)) -> SignedParts<'a> {
        SignedParts {
            method: v.0,
            path_and_query: v.1,
            host: v.2,
            date: v.3,
            content_type: "application/json",
            version: v.4,
        }
    }

    #[test]
    fn reproduces_the_reference_vectors() {
        for v in VECTORS {
            assert_eq!(sign(SECRET, v.5, &parts(v)).unwrap(), v.6, "{v:?}");
            assert!(verify(SECRET, v.5, &parts(v), v.6).unwrap());
        }
    }

    #[test]
    fn the_shared_vector_file_agrees_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec/sign-vectors.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped: {} is absent", path.display());
            return;
        };
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            let method = if f[5] == "md5" { SignMethod::HmacMd5 } else { SignMethod::HmacSha256 };
            let p = SignedParts {
                method: f[0],
                path_and_query: f[1],
                host: f[2],
                date: f[3],
                content_type: "application/json",
                version: f[4],
            };
            assert_eq!(sign(SECRET, method, &p).unwrap(), f[6], "{line}");
            checked += 1;
        }
        assert_eq!(checked, 4);
    }

    #[test]
    fn string_to_sign_matches_the_spec_example() {
        let s = string_to_sign(SignMethod::HmacSha256, &parts(&VECTORS[0]));
        assert_eq!(
            s,
            "POST\n/admin/gql\n2025-01-02T03:04:05.678901+00:00\nhost:api.example.com\ncontent-type:application/json\nx-backendai-version:v9.20250722\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn any_one_character_change_to_a_signed_input_fails() {
        let v = &VECTORS[0];
        let base = parts(v);
        let tweak = |s: &str| format!("{s}x");
        let method = tweak(base.method);
        let path = tweak(base.path_and_query);
        let host = tweak(base.host);
        let date = "2025-01-02T03:04:05.678902+00:00";
        let version = tweak(base.version);
        let variants = [
            SignedParts { method: &method, ..base },
            SignedParts { path_and_query: &path, ..base },
            SignedParts { host: &host, ..base },
            SignedParts { date, ..base },
            SignedParts { content_type: "application/jsox", ..base },
            SignedParts { version: &version, ..base },
        ];
        for p in &variants {
            assert!(!verify(SECRET, v.5, p, v.6).unwrap(), "{p:?}");
        }
        assert!(!verify("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEz", v.5, &base, v.6).unwrap());
        let mut sig = v.6.to_owned();
        sig.replace_range(0..1, "1");
        assert!(!verify(SECRET, v.5, &base, &sig).unwrap());
        // Content-type parameters and case are not signed.
        assert!(
            verify(SECRET, v.5, &SignedParts { content_type: "Application/JSON; charset=utf-8", ..base }, v.6).unwrap()
        );
    }

    #[test]
    fn authorization_headers_round_trip_and_bad_ones_are_named() {
        let h = authorization(SignMethod::HmacSha256, "AKIAIOSFODNN7EXAMPLE", "abc");
        assert_eq!(h, "BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:abc");
        let a = parse_authorization(&h).unwrap();
        assert_eq!(
            (a.method, a.access_key.as_str(), a.signature.as_str()),
            (SignMethod::HmacSha256, "AKIAIOSFODNN7EXAMPLE", "abc")
        );
        for bad in [
            "",
            "Bearer x",
            "BackendAI signMethod=HMAC-SHA1, credential=a:b",
            "BackendAI credential=a:b",
            "BackendAI signMethod=HMAC-SHA256, credential=ab",
            "BackendAI signMethod=HMAC-SHA256",
        ] {
            assert!(matches!(parse_authorization(bad), Err(SignError::MalformedAuthorization(_))), "{bad}");
        }
    }

    #[test]
    fn dates_without_offset_are_utc() {
        assert_eq!(parse_request_date("2025-01-02T03:04:05").unwrap().to_rfc3339(), "2025-01-02T03:04:05+00:00");
        assert!(parse_request_date("Thu, 02 Jan 2025 03:04:05 GMT").is_err());
    }
}
