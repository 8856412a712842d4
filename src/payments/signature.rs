//! Razorpay's two signatures, as its documentation defines them:
//!
//! * checkout (the browser's `razorpay_signature`): hex HMAC-SHA256 of `order_id|payment_id`
//!   keyed with the account's key secret;
//! * webhook (the `X-Razorpay-Signature` header): hex HMAC-SHA256 of the raw request body, byte
//!   for byte as received, keyed with the webhook secret.
//!
//! A signature must be exactly 64 lower-case hex digits, as Razorpay sends it: upper case or
//! surrounding whitespace means something rewrote it on the way, so it is refused rather than
//! tidied. The comparison is constant-time (`hmac`'s `verify_slice`), so the time a refusal
//! takes says nothing about how much of a forged signature was right.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Not 64 lower-case hex digits.
    #[error("the signature is not 64 lower-case hex digits")]
    Malformed,
    /// Well-formed, but not the one the secret gives.
    #[error("the signature does not match (wrong secret, or the payment or body was altered)")]
    Mismatch,
}

/// Checks a checkout signature: HMAC-SHA256(`order_id|payment_id`, key secret).
pub fn verify_checkout(
    key_secret: &[u8],
    order_id: &str,
    payment_id: &str,
    signature: &str,
) -> Result<(), SignatureError> {
    let mut message = Vec::with_capacity(order_id.len() + payment_id.len() + 1);
    message.extend_from_slice(order_id.as_bytes());
    message.push(b'|');
    message.extend_from_slice(payment_id.as_bytes());
    verify(key_secret, &message, signature)
}

/// Checks a webhook signature: HMAC-SHA256(raw body, webhook secret).
pub fn verify_webhook(
    webhook_secret: &[u8],
    body: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    verify(webhook_secret, body, signature)
}

fn verify(secret: &[u8], message: &[u8], signature: &str) -> Result<(), SignatureError> {
    let expected = decode_hex(signature).ok_or(SignatureError::Malformed)?;
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(message);
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The 32 bytes of 64 lower-case hex digits; `None` for anything else.
fn decode_hex(s: &str) -> Option<[u8; 32]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed with `openssl dgst -sha256 -hmac`, not with this code:
    //   printf 'order_9A33XWu170gUtm|pay_29QQoUBi66xm2f' | openssl dgst -sha256 -hmac test_key_secret
    const CHECKOUT: &str = "05a90d99a226250bdd07dcbec806d936d0ac974af71513b19a36466e7f5eb3a3";
    //   printf '{"event":"payment.captured"}' | openssl dgst -sha256 -hmac whsec_test
    const WEBHOOK: &str = "4f463a57dd128675850163391f0311888616d57bccca75c774c9cdb28134f851";

    #[test]
    fn a_checkout_signature_from_openssl_verifies_and_any_change_does_not() {
        let ok = |o: &str, p: &str, s: &str| verify_checkout(b"test_key_secret", o, p, s);
        assert_eq!(
            ok("order_9A33XWu170gUtm", "pay_29QQoUBi66xm2f", CHECKOUT),
            Ok(())
        );
        let m = Err(SignatureError::Mismatch);
        assert_eq!(
            ok("order_9A33XWu170gUtn", "pay_29QQoUBi66xm2f", CHECKOUT),
            m
        );
        assert_eq!(
            ok("order_9A33XWu170gUtm", "pay_29QQoUBi66xm2g", CHECKOUT),
            m
        );
        let other = verify_checkout(
            b"test_key_secreT",
            "order_9A33XWu170gUtm",
            "pay_29QQoUBi66xm2f",
            CHECKOUT,
        );
        assert_eq!(other, m);
    }

    #[test]
    fn a_webhook_signature_covers_every_byte_of_the_body() {
        let body = br#"{"event":"payment.captured"}"#;
        assert_eq!(verify_webhook(b"whsec_test", body, WEBHOOK), Ok(()));
        let mut tampered = body.to_vec();
        tampered[3] ^= 1;
        assert_eq!(
            verify_webhook(b"whsec_test", &tampered, WEBHOOK),
            Err(SignatureError::Mismatch)
        );
        let spaced = br#"{"event": "payment.captured"}"#;
        assert_eq!(
            verify_webhook(b"whsec_test", spaced, WEBHOOK),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn only_64_lower_case_hex_digits_are_a_signature() {
        let body = br#"{"event":"payment.captured"}"#;
        let malformed = Err(SignatureError::Malformed);
        for bad in [
            WEBHOOK.to_uppercase(),
            format!(" {WEBHOOK}"),
            format!("{WEBHOOK}\n"),
            WEBHOOK[..63].to_string(),
            format!("{WEBHOOK}0"),
            String::new(),
            WEBHOOK.replace('f', "g"),
        ] {
            assert_eq!(
                verify_webhook(b"whsec_test", body, &bad),
                malformed,
                "{bad:?}"
            );
        }
    }
}
