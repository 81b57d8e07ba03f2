//! The Admin API's custom scalars.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A scalar value that does not have its scalar's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarError {
    /// The scalar's GraphQL name.
    pub scalar: &'static str,
    /// Why the value was rejected.
    pub message: String,
}

impl fmt::Display for ScalarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} value: {}", self.scalar, self.message)
    }
}

impl std::error::Error for ScalarError {}

/// The Admin API's `DateTime` scalar: an ISO-8601 date-time with an offset.
///
/// Parsing accepts RFC 3339 (`2020-02-16T15:47:28.997335+00:00`, `…Z`) and a
/// date-time without an offset, which means UTC. Printing follows the
/// reference server: microseconds only when non-zero, and a `+HH:MM` offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(pub chrono::DateTime<FixedOffset>);

/// The `Date` scalar: an ISO-8601 calendar date (`2024-03-01`).
pub type Date = chrono::NaiveDate;

impl DateTime {
    /// The current time in UTC.
    pub fn now() -> DateTime {
        DateTime(Utc::now().fixed_offset())
    }
}

impl std::ops::Deref for DateTime {
    type Target = chrono::DateTime<FixedOffset>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime(value.fixed_offset())
    }
}

impl FromStr for DateTime {
    type Err = ScalarError;
    /// Parses, keeping microseconds as the reference server does (finer
    /// digits are dropped), so that what parses prints back as text that
    /// parses to the same instant.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || ScalarError {
            scalar: "DateTime",
            message: format!("`{s}` is not an ISO-8601 date-time such as `2020-02-16T15:47:28.997335+00:00`"),
        };
        // A four-digit year first, as ISO 8601 and RFC 3339 write it: chrono's
        // `%Y` alone also takes leading spaces and signed or short years,
        // which would print back as text this parser refuses.
        let b = s.as_bytes();
        if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
            return Err(invalid());
        }
        let micros = |dt: chrono::DateTime<FixedOffset>| {
            let nanos = dt.nanosecond();
            DateTime(dt.with_nanosecond(nanos - nanos % 1_000).unwrap_or(dt))
        };
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
            return Ok(micros(dt));
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
                return Ok(micros(naive.and_utc().fixed_offset()));
            }
        }
        Err(invalid())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = if self.0.nanosecond().is_multiple_of(1_000_000_000) {
            "%Y-%m-%dT%H:%M:%S%:z"
        } else {
            "%Y-%m-%dT%H:%M:%S%.6f%:z"
        };
        write!(f, "{}", self.0.format(format))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// The `JSONString` scalar: JSON encoded a second time, as a string.
///
/// On the wire `{"cpu": "1"}` travels as `"{\"cpu\": \"1\"}"`; in Rust it is
/// the decoded [`serde_json::Value`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonString(pub serde_json::Value);

impl std::ops::Deref for JsonString {
    type Target = serde_json::Value;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<serde_json::Value> for JsonString {
    fn from(value: serde_json::Value) -> Self {
        JsonString(value)
    }
}

impl Serialize for JsonString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for JsonString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        serde_json::from_str(&s).map(JsonString).map_err(|e| {
            de::Error::custom(ScalarError { scalar: "JSONString", message: format!("the string is not JSON: {e}") })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_formats() {
        for (input, printed) in [
            ("2020-02-16T15:47:28.997335+00:00", "2020-02-16T15:47:28.997335+00:00"),
            ("2020-02-16T15:47:28Z", "2020-02-16T15:47:28+00:00"),
            ("2020-02-16T15:47:28.5+09:00", "2020-02-16T15:47:28.500000+09:00"),
            ("2020-02-16T15:47:28.997335", "2020-02-16T15:47:28.997335+00:00"),
        ] {
            let dt: DateTime = input.parse().unwrap();
            assert_eq!(dt.to_string(), printed, "{input}");
        }
        // Whatever parses prints back as text that parses to the same instant (found by fuzzing).
        for odd in [
            "  -024-03-01T09:00:6.02222",
            "-0024-03-01T09:00:06+00:00",
            "12024-03-01T09:00:00Z",
            " 2024-03-01T09:00:00Z",
        ] {
            assert!(odd.parse::<DateTime>().is_err(), "{odd}");
        }
        let fine: DateTime = "2024-03-01T09:00:00.123456789Z".parse().unwrap();
        assert_eq!(fine.to_string(), "2024-03-01T09:00:00.123456+00:00");
        assert_eq!(fine.to_string().parse::<DateTime>().unwrap(), fine);
        let err = "yesterday".parse::<DateTime>().unwrap_err();
        assert!(err.to_string().contains("`yesterday`"), "{err}");
    }

    #[test]
    fn date_time_serde() {
        let dt: DateTime = serde_json::from_str("\"2025-01-02T03:04:05+00:00\"").unwrap();
        assert_eq!(serde_json::to_string(&dt).unwrap(), "\"2025-01-02T03:04:05+00:00\"");
        assert!(serde_json::from_str::<DateTime>("\"2025-13-02T03:04:05\"").is_err());
        assert!(serde_json::from_str::<DateTime>("5").is_err());
    }

    #[test]
    fn json_string_is_json_in_a_string() {
        let v: JsonString = serde_json::from_str(r#""{\"cpu\": \"1\"}""#).unwrap();
        assert_eq!(v.0["cpu"], "1");
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""{\"cpu\":\"1\"}""#);
        let err = serde_json::from_str::<JsonString>(r#""{cpu""#).unwrap_err();
        assert!(err.to_string().contains("JSONString"), "{err}");
    }
}
