use clap::{ArgGroup, Args};

use crate::cli;
use crate::cli::output;
use crate::context::Context;
use crate::error::Error;
use crate::holds::Target;
use crate::ids::{ShowtimeId, UserId};
use crate::payments::checkout::{self, Proof, Verification};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["booking", "showtime"])))]
#[command(after_help = "\
Examples:
  boxoffice confirm --booking 17 --payment-id pay_29QQoUBi66xm2f \\
      --order-id order_9A33XWu170gUtm --signature 2f1c…e9   # Razorpay's checkout values
  boxoffice confirm --booking 17 --payment-id pay_29QQoUBi66xm2f
  boxoffice confirm --showtime 24 --user 7 --payment-id pay_29QQoUBi66xm2f
  boxoffice confirm --booking 17 --payment-id cash_0042 --force   # paid at the counter

With RAZORPAY_KEY_SECRET (or razorpay_key_secret in the config file) set, a confirm needs the
checkout's --order-id and --signature, checked before anything changes: a malformed or wrong
signature exits 7, an order not linked to the booking exits 4 (not linked) or 3 (linked to
another booking). Staff confirm a payment taken another way with --force (asks, or --yes;
audited as unverified). Without a key secret, --signature exits 2.

Retrying with the same payment id is safe and changes nothing. A payment that arrives after
the hold ran out still books the seats if they are free (reported as late); if a seat went to
someone else the command exits 3 and says the payment must be refunded.")]
pub struct ConfirmArgs {
    /// The booking to confirm
    #[arg(long, value_parser = cli::booking_id, value_name = "ID", conflicts_with_all = ["showtime", "user"])]
    pub booking: Option<i64>,

    /// Showtime of the hold (with --user)
    #[arg(long, value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "ID", requires = "user")]
    pub showtime: Option<ShowtimeId>,

    /// The customer whose hold is paid (with --showtime)
    #[arg(long, value_parser = cli::user_id, value_name = "ID", requires = "showtime")]
    pub user: Option<UserId>,

    /// The payment provider's id for the captured payment
    #[arg(long, value_name = "ID")]
    pub payment_id: String,

    /// The Razorpay order the payment was made for (checkout's razorpay_order_id; with
    /// --signature)
    #[arg(long, value_name = "ORDER", value_parser = cli::order_id, requires = "signature")]
    pub order_id: Option<String>,

    /// Checkout's razorpay_signature: 64 lower-case hex digits (with --order-id)
    #[arg(long, value_name = "HEX", requires = "order_id")]
    pub signature: Option<String>,

    /// Staff override: confirm a payment taken without a checkout signature (cash or card at
    /// the counter); asks, or --yes; audited as unverified
    #[arg(long, conflicts_with = "signature")]
    pub force: bool,
}

pub fn run(ctx: &Context, a: ConfirmArgs) -> Result<(), Error> {
    let target = match (a.booking, a.showtime, a.user) {
        (Some(id), _, _) => Target::Booking(id),
        (None, Some(st), Some(user)) => Target::Holder(st, user),
        _ => return Err(Error::invalid("give --booking, or --showtime with --user")),
    };
    let proof = match (&a.order_id, &a.signature) {
        (Some(order_id), Some(signature)) => Some(Proof {
            order_id,
            signature,
        }),
        (None, None) => None,
        _ => return Err(Error::invalid("--order-id and --signature go together")),
    };
    if a.force
        && !ctx.confirm(
            "Confirm this booking without a verified payment?",
            "confirming without a verified payment (--force)",
        )?
    {
        return Err(Error::invalid("not confirmed; nothing was changed"));
    }
    let mut db = ctx.db()?;
    let mut redis = ctx.redis()?;
    // The hold setting is also the TTL for an index key the locks' removal finds without one.
    let fallback_ttl = ctx.settings.hold.value;
    let req = checkout::Request {
        target,
        payment_id: &a.payment_id,
        proof,
        forced: a.force,
    };
    let secret = ctx.settings.razorpay_key_secret.value.as_ref();
    let checked = checkout::confirm(&mut db, &mut redis, secret, req, fallback_ttl)?;
    print(ctx, &checked)
}

fn print(ctx: &Context, checked: &checkout::Checked) -> Result<(), Error> {
    let c = &checked.confirmation;
    if let Some(w) = &c.warning {
        output::warn(w);
    }
    if ctx.json {
        let mut doc = serde_json::to_value(c).map_err(|e| Error::Internal(e.into()))?;
        let (verified, order_id) = match &checked.verification {
            Verification::Signature { order_id } => (true, Some(order_id.as_str())),
            _ => (false, None),
        };
        doc["signature_verified"] = serde_json::json!(verified);
        doc["order_id"] = serde_json::json!(order_id);
        doc["forced"] = serde_json::json!(checked.verification == Verification::Forced);
        if let Some(w) = &c.warning {
            doc["warnings"] = serde_json::json!([w]);
        }
        return output::json(&doc);
    }
    // Only a priced booking says what it cost: a rectangular showtime's line is as it was.
    let cost = match (c.amount, &c.currency) {
        (Some(amount), Some(currency)) => format!("{}, ", crate::text::money(amount, currency)),
        _ => String::new(),
    };
    let verified = match &checked.verification {
        Verification::Signature { order_id } => format!(" (verified, order {order_id})"),
        Verification::Forced => " (unverified: forced by staff)".to_string(),
        Verification::Unchecked => String::new(),
    };
    let mut msg = format!(
        "Booking {} confirmed: {} on showtime {} for user {}, {cost}payment {}{verified}.",
        c.booking_id,
        c.seats.join(", "),
        c.showtime_id,
        c.user,
        c.payment_id
    );
    if c.already_confirmed {
        msg.push_str(" (Already confirmed with this payment; nothing changed.)");
    } else if c.late {
        msg.push_str(" (Late: the hold had run out, but the seats were still free.)");
    }
    // Seats and user come from the booking's rows, which other software may have written.
    output::line(crate::ids::escaped(&msg))
}
