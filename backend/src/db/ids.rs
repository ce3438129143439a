//! Where new ids are made and stored ids are read back. Their text form (a UUID) is the core's
//! (`Display` and `FromStr` on `klachten_core::ids`), the same in the database and on the wire.

use klachten_core::ids::{ComplaintId, Id};
use sea_orm::DbErr;

/// A new time-ordered id (UUID v7): keyset pagination orders by it.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A new random id (UUIDv4), for ids that leave the system where the moment they were made
/// must not show (a UUIDv7 carries it to the millisecond).
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new time-ordered id of kind `T` (UUID v7).
pub fn next<T: Id>() -> T {
    T::from_bits(uuid::Uuid::now_v7().as_u128())
}

/// A new random id of kind `T` (UUIDv4), for ids whose making time must not show.
pub fn random<T: Id>() -> T {
    T::from_bits(uuid::Uuid::new_v4().as_u128())
}

/// A new complaint id: random (UUIDv4), so it tells nothing of when the complaint was
/// registered. The list orders by reference (`Place`), not by id.
pub fn new_complaint_id() -> ComplaintId {
    random()
}

/// An id read back from a column. Text that is not one is a damaged row, not anyone's mistake.
pub fn stored<T: Id>(text: &str) -> Result<T, DbErr> {
    text.parse()
        .map_err(|_| DbErr::Custom(format!("a stored {} id is not a UUID", T::NOUN)))
}

/// An optional id read back from a column.
pub fn stored_opt<T: Id>(text: Option<&str>) -> Result<Option<T>, DbErr> {
    text.map(stored).transpose()
}

/// The column text of ids, for an `IN (…)` filter.
pub fn texts<T: Id>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}
