//! Payments taken through Razorpay: proving that a payment is real before a seat is sold on it.
//!
//! `confirm --payment-id` alone believes whatever id it is given, and the system this replaces
//! confirmed bookings from webhooks whose signatures it never checked. Here a payment counts
//! only once its signature checks out against a secret that boxoffice holds and never prints
//! (`config.rs`: where the secrets come from; `signature.rs`: the check itself), for an order
//! linked to the booking it pays (`orders.rs`; `checkout.rs`: `confirm --signature`).
//! `webhook.rs` turns a Razorpay webhook delivery into its one effect, recorded once.

pub mod checkout;
pub mod orders;
pub mod signature;
pub mod webhook;
