//! The screens.

pub mod admin;
pub mod audit;
pub mod dashboard;
pub mod detail;
pub mod home;
pub mod letters;
pub mod list;
pub mod login;
pub mod measures;
pub mod meetings;
pub mod register;
