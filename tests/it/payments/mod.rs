//! Payments taken through Razorpay.

mod webhook;
