//! Where new ids are made. Their text form (a UUID) is the core's (`Display` and `FromStr` on
//! `klachten_core::ids`), the same in the database and on the wire.

use klachten_core::ids::ComplaintId;

/// A new time-ordered id (UUID v7): keyset pagination orders by it.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A new random id (UUIDv4), for ids that leave the system where the moment they were made
/// must not show (a UUIDv7 carries it to the millisecond).
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new complaint id: random (UUIDv4), so it tells nothing of when the complaint was
/// registered. The list orders by reference (`Place`), not by id.
pub fn new_complaint_id() -> ComplaintId {
    ComplaintId(uuid::Uuid::new_v4().as_u128())
}
