//! `#[__rt::args]` as generated server modules use it: the derives, the
//! `filter`/`order` decoders checked against the list's table, and the spec.

#[allow(unused_imports)]
use admin_codegen_runtime::codegen as __rt;
use admin_codegen_runtime::query::Spec;

__rt::__list_fields!(__FIELDS_0 = [("email" String 0), ("created_at" DateTime 1)]);

#[__rt::args("Queries.user_list", __FIELDS_0)]
pub struct QueriesUserListArgs {
    #[serde(flatten)]
    pub page: __rt::OffsetPageRequest,
    #[args(filter)]
    pub filter: __rt::Option<__rt::query::Filter>,
    #[args(order)]
    pub order: __rt::query::Order,
    #[serde(rename = "isActive")]
    pub is_active: __rt::Option<bool>,
}

#[__rt::args("Queries.user")]
pub struct QueriesUserArgs {
    pub email: __rt::String,
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn the_list_spec_names_the_field_and_its_table() {
    assert_eq!(QueriesUserListArgs::SPEC.list, "Queries.user_list");
    assert_eq!(QueriesUserListArgs::SPEC.fields.len(), 2);
}

#[test]
fn filter_and_order_are_checked_against_the_table() {
    let args: QueriesUserListArgs =
        decode(r#"{"limit": 10, "offset": 0, "filter": "email ilike \"%@lablup.com\"", "order": "-created_at", "isActive": true}"#)
            .unwrap();
    assert!(args.filter.is_some());
    assert_eq!(args.is_active, Some(true));
    // Debug, Clone and PartialEq come from the attribute.
    assert_eq!(args.clone(), args);
    assert!(format!("{args:?}").contains("QueriesUserListArgs"));

    let unknown =
        decode::<QueriesUserListArgs>(r#"{"limit": 10, "offset": 0, "filter": "password == \"x\""}"#).unwrap_err();
    assert!(unknown.to_string().contains("password"), "{unknown}");
    let unknown = decode::<QueriesUserListArgs>(r#"{"limit": 10, "offset": 0, "order": "+password"}"#).unwrap_err();
    assert!(unknown.to_string().contains("password"), "{unknown}");
}

#[test]
fn filter_and_order_may_be_absent_or_null() {
    let args: QueriesUserListArgs = decode(r#"{"limit": 10, "offset": 0, "filter": null}"#).unwrap();
    assert_eq!(args.filter, None);
    assert_eq!(args.order, __rt::query::Order::default());
}

#[test]
fn a_struct_without_a_table_is_plain_arguments() {
    let args: QueriesUserArgs = decode(r#"{"email": "admin@lablup.com"}"#).unwrap();
    assert_eq!(args, QueriesUserArgs { email: "admin@lablup.com".into() });
}
