//! The screens.

pub mod admin;
pub mod detail;
pub mod home;
pub mod list;
pub mod login;
pub mod register;
