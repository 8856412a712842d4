//! Taking payments: Razorpay checkout signatures, orders linked to bookings.

mod checkout;
