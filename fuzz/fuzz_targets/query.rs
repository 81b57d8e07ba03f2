//! The `filter` and `order` parsers on arbitrary text: never a panic; a
//! filter that checks prints back to the same tree; evaluation and sorting
//! over a record never panic.
#![no_main]

use admin_codegen_runtime::query::{Cell, FieldSpec, Kind, Limits, ListSpec, Record, Storage, ToCell};
use libfuzzer_sys::fuzz_target;

const STATUS: &[&str] = &["ACTIVE", "INACTIVE"];

static SPEC: ListSpec = ListSpec {
    list: "Query.user_list",
    fields: &[
        FieldSpec::new("name", Kind::String, Storage::Column("name"), true, Some(0)),
        FieldSpec::new("age", Kind::Int, Storage::Column("age"), true, Some(1)),
        FieldSpec::new("score", Kind::Float, Storage::Column("score"), true, Some(2)),
        FieldSpec::new("active", Kind::Bool, Storage::Column("active"), true, Some(3)),
        FieldSpec::new("status", Kind::Enum("Status", STATUS), Storage::Column("status"), true, Some(4)),
        FieldSpec::new("uuid", Kind::Uuid, Storage::Column("uuid"), true, None),
        FieldSpec::new("at", Kind::DateTime, Storage::Column("at"), true, None),
        FieldSpec::new("tags", Kind::String, Storage::Array("tags"), false, Some(5)),
        FieldSpec::new("cpu", Kind::BigInt, Storage::Json { column: "slots", key: "cpu" }, true, Some(6)),
    ],
};

struct Row(Option<String>, i32, f64, bool, &'static str, Vec<Option<String>>, admin_codegen_runtime::serde_json::Value);

impl Record for Row {
    fn cell(&self, member: u16) -> Cell<'_> {
        match member {
            0 => self.0.to_cell(),
            1 => self.1.to_cell(),
            2 => self.2.to_cell(),
            3 => self.3.to_cell(),
            4 => Cell::enumeration(Some(self.4)),
            5 => self.5.to_cell(),
            6 => self.6.to_cell(),
            _ => Cell::Null,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rows = [
        Row(Some("a%b".into()), 3, 0.5, true, "ACTIVE", vec![Some("gpu".into()), None], Default::default()),
        Row(None, -1, -2.0, false, "INACTIVE", Vec::new(), admin_codegen_runtime::serde_json::json!({ "cpu": 2 })),
    ];
    if let Ok(filter) = SPEC.filter(text) {
        let printed = filter.to_string();
        // Printing normalizes values (`1` for a Float prints `1.0`), so it may be longer than the input.
        let relaxed = Limits { max_len: usize::MAX, ..Limits::default() };
        let again =
            SPEC.filter_with(&printed, relaxed).unwrap_or_else(|e| panic!("{printed:?} does not parse back: {e}"));
        assert_eq!(again, filter, "{printed:?}");
        for row in &rows {
            let _ = filter.matches(row);
        }
    }
    if let Ok(order) = SPEC.order(text) {
        let again = SPEC.order(&order.to_string()).expect("an order prints back");
        assert_eq!(again, order);
        let mut rows = rows;
        order.sort(&mut rows);
    }
});
