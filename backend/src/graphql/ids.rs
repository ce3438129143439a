//! Ids at the edge: an id a client sends is read into its core type here and nowhere else, and
//! an id leaves as its text. Rule: imports no sibling.

use crate::error::{ApiError, ApiResult};
use async_graphql::ID;
use klachten_core::ids::Id;

/// An id sent by a client, read into its core type here and nowhere else; an unparsable one is
/// as unknown as a missing one.
pub(super) fn typed<T: Id>(id: &ID) -> ApiResult<T> {
    id.parse::<T>().ok().ok_or_else(ApiError::unknown::<T>)
}

/// An optional id sent by a client.
pub(super) fn typed_opt<T: Id>(id: Option<&ID>) -> ApiResult<Option<T>> {
    id.map(typed).transpose()
}

/// An id as the API gives it.
pub(super) fn id_out<T: Id>(id: T) -> ID {
    ID(id.to_string())
}
