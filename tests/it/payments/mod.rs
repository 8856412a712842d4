//! Taking payments through Razorpay: checkout signatures and orders linked to bookings
//! (`checkout`), webhook deliveries processed once (`webhook`).

mod checkout;
pub(crate) mod webhook;
