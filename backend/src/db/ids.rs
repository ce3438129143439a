//! Ids as stored (text UUIDs) and as the core knows them (`u128` newtypes): the one place that
//! converts between the two, and where new ids are made.

use klachten_core::ids::{ComplaintId, UserId};

/// A new time-ordered id (UUID v7): keyset pagination orders by it.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A new random id (UUIDv4), for ids that leave the system where the moment they were made
/// must not show (a UUIDv7 carries it to the millisecond).
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Parses a stored id.
pub fn parse_id(id: &str) -> Option<UserId> {
    uuid::Uuid::parse_str(id).ok().map(|u| UserId(u.as_u128()))
}

/// The stored form of an id.
pub fn id_string(id: UserId) -> String {
    uuid::Uuid::from_u128(id.0).to_string()
}

/// The stored form of a complaint id.
pub fn complaint_id_string(id: ComplaintId) -> String {
    uuid::Uuid::from_u128(id.0).to_string()
}

/// A new complaint id: random (UUIDv4), so it tells nothing of when the complaint was
/// registered. The list orders by reference (`Place`), not by id.
pub fn new_complaint_id() -> ComplaintId {
    ComplaintId(uuid::Uuid::new_v4().as_u128())
}

/// Parses a complaint id as sent by a client.
pub fn parse_complaint_id(id: &str) -> Option<ComplaintId> {
    uuid::Uuid::parse_str(id.trim())
        .ok()
        .map(|u| ComplaintId(u.as_u128()))
}
