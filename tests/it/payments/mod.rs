//! Payments taken through Razorpay.

pub(crate) mod webhook;
