use clap::{Args, Subcommand};

use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::ids::escaped;
use crate::payments::webhook::{self, Delivery, Outcome, Report};

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags
    #[command(after_help = "\
Examples:
  boxoffice webhook razorpay --signature \"$X_RAZORPAY_SIGNATURE\" \\
      --event-id \"$X_RAZORPAY_EVENT_ID\" < body.json

The body is checked against RAZORPAY_WEBHOOK_SECRET (or razorpay_webhook_secret in the config
file) before it is parsed, and may be at most 1 MiB. Each event id is processed once: a
replay exits 0 as a duplicate. Exit 0: done (answer 200); 2: bad body or no secret (400);
3: refused, needs a person (200); 4: no such booking (200, or retry later); 5: Redis or the
database unavailable (503, retry); 7: bad signature (400).")]
    Razorpay(RazorpayArgs),
}

#[derive(Debug, Args)]
pub struct RazorpayArgs {
    /// The X-Razorpay-Signature header: hex HMAC-SHA256 of the body
    #[arg(long, value_name = "HEX", allow_hyphen_values = true)]
    pub signature: Option<String>,

    /// The X-Razorpay-Event-Id header (else the payload's `id`)
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub event_id: Option<String>,
}

pub fn run(ctx: &Context, c: WebhookCommand) -> Result<(), Error> {
    let WebhookCommand::Razorpay(a) = c;
    // Refused before the body is read.
    let configured = ctx.settings.razorpay_webhook_secret.value.as_ref();
    let secret = webhook::require_secret(configured.map(|s| s.expose()))?;
    let body = webhook::read_body(std::io::stdin().lock())?;
    let delivery = Delivery {
        body: &body,
        signature: a.signature.as_deref(),
        event_id: a.event_id.as_deref().filter(|e| !e.is_empty()),
    };
    webhook::verify(secret, &delivery)?;
    let mut db = ctx.db()?;
    let fallback_ttl = ctx.settings.hold.value;
    let report = webhook::process(&mut db, || ctx.redis(), &delivery, fallback_ttl)?;
    for w in &report.warnings {
        output::warn(w);
    }
    if ctx.json {
        let mut doc = serde_json::to_value(&report).map_err(|e| Error::Internal(e.into()))?;
        if !report.warnings.is_empty() {
            doc["warnings"] = serde_json::json!(report.warnings);
        }
        if let Some(e) = &report.refusal {
            doc["error"] = e.to_json()["error"].clone();
        }
        output::json(&doc)?;
    } else {
        // Ids and the event name come from the body, which Razorpay (or whoever holds the
        // secret) wrote.
        output::line(escaped(&line(&report)))?;
    }
    match report.refusal {
        Some(e) if ctx.json => Err(Error::InDocument(Box::new(e))),
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The one line a delivery prints.
fn line(r: &Report) -> String {
    let booking = r
        .booking_id
        .map_or_else(String::new, |b| format!(" booking {b}"));
    let payment = r.payment_id.as_deref().unwrap_or("?");
    let what = match r.outcome {
        Outcome::Confirmed if r.already_done => {
            format!("{booking} already confirmed with payment {payment}; nothing changed")
        }
        Outcome::Confirmed => format!("{booking} confirmed with payment {payment}"),
        Outcome::Late => format!(
            "{booking} confirmed with payment {payment} (late: the hold had run out, the seats were still free)"
        ),
        Outcome::RefundRequired => {
            format!("{booking} not confirmed; payment {payment} must be refunded")
        }
        Outcome::AmountMismatch => format!(
            "{booking} not confirmed: amount mismatch; it stays pending, payment {payment} must be refunded"
        ),
        Outcome::Released => format!("{booking} released: payment {payment} failed"),
        Outcome::Settled => format!(
            " refund {} of{booking} settled with {}{}",
            r.refund.unwrap_or_default(),
            r.refund_id.as_deref().unwrap_or("?"),
            if r.already_done {
                " (already; nothing changed)"
            } else {
                ""
            }
        ),
        Outcome::Ignored => format!(
            " ignored ({}); nothing changed",
            r.reason.as_deref().unwrap_or("nothing to do")
        ),
        Outcome::Duplicate => " already processed; nothing changed".to_string(),
    };
    format!("Event {} ({}):{what}.", r.event_id, r.event)
}
