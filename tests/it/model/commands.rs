//! One step per command: run the real binary, predict its outcome from the model, check it,
//! and move the model on.

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{MBooking, St};
use super::world::{Ran, World};
use super::*;

impl World {
    pub(super) fn reserve(
        &mut self,
        user: usize,
        seats: &[usize],
        hold: &str,
        hold_ms: i64,
        now: i64,
    ) -> Result<String, String> {
        self.reserve_as(user, seats, (hold, hold_ms), false, now)
    }

    /// `reserve --force --yes`: blocked seats are held anyway, their blocks ended.
    pub(super) fn force_reserve(
        &mut self,
        user: usize,
        seats: &[usize],
        now: i64,
    ) -> Result<String, String> {
        self.reserve_as(user, seats, ("10m", 10 * MIN), true, now)
    }

    fn reserve_as(
        &mut self,
        user: usize,
        seats: &[usize],
        (hold, hold_ms): (&str, i64),
        force: bool,
        now: i64,
    ) -> Result<String, String> {
        let st = ST.to_string();
        let mut args = vec![
            "reserve",
            "--showtime",
            &st,
            "--user",
            USERS[user],
            "--hold",
            hold,
        ];
        if force {
            args.extend(["--force", "--yes"]);
        }
        args.extend(seats.iter().map(|&i| SEATS[i]));
        let ran = self.run(&args);
        if let Some(r) = self.refused_as_cancelled(&ran) {
            return r;
        }

        let m = &self.model;
        let req: BTreeSet<usize> = seats.iter().copied().collect();
        let pb = m.pending(user).cloned();
        let continuing = pb.as_ref().is_some_and(|b| now < b.expires);
        if req
            .iter()
            .any(|&s| m.claim(s).is_some_and(|c| c.status == St::Confirmed))
        {
            return self
                .expect(&ran, 3, "a seat is sold")
                .map(|_| "3 sold".into());
        }
        // Refused before Redis is touched: nothing changes.
        if !force && req.iter().any(|s| m.blocked.contains(s)) {
            return self
                .expect(&ran, 3, "a seat is blocked")
                .map(|_| "3 blocked".into());
        }
        let mut locked_now = req.clone();
        if continuing {
            locked_now.extend(pb.as_ref().unwrap().seats.iter().copied());
        }
        let locks = m.locks(now);
        if locked_now
            .iter()
            .any(|s| locks.get(s).is_some_and(|&(u, _)| u != user))
        {
            return self
                .expect(&ran, 3, "a seat is locked by another user")
                .map(|_| "3 held".into());
        }
        let own = pb.as_ref().filter(|_| continuing).map(|b| b.id);
        let (blocked, stale) = m.blockers(&locked_now, own, now);
        if blocked {
            self.expect(&ran, 3, "the database has a live claim by another booking")?;
            // The script had (re)locked the current hold's seats; the refusal puts them back
            // at the expiry SQLite records, which also restores locks a flush had lost.
            if let Some(id) = own {
                self.model.bookings.get_mut(&id).unwrap().locked = true;
            }
            return Ok("3 fenced".into());
        }
        self.expect(&ran, 0, "every seat is free")?;
        let id = ran.json["booking_id"]
            .as_i64()
            .ok_or_else(|| format!("no booking_id\n{}", ran.text))?;
        for s in stale {
            self.model.set(s, St::Expired);
        }
        if force {
            self.model.blocked.retain(|s| !req.contains(s));
        }
        if let Some(old) = pb.as_ref().filter(|_| !continuing) {
            self.model.set(old.id, St::Expired);
        }
        let (started, expires) = self.times(id);
        // Adding seats restarts the hold, but never shortens it.
        let want = match pb.as_ref().filter(|_| continuing) {
            Some(b) => hold_ms.max(b.expires - started),
            None => hold_ms,
        };
        if expires - started != want {
            return Err(format!(
                "booking {id}: hold {} ms, expected {want}\n{}",
                expires - started,
                ran.text
            ));
        }
        match own {
            Some(own) if own == id => {
                let b = self.model.bookings.get_mut(&id).unwrap();
                b.seats = locked_now;
                b.started = started;
                b.expires = expires;
                b.locked = true;
            }
            Some(own) => {
                return Err(format!(
                    "expected the hold of booking {own} to continue, got booking {id}\n{}",
                    ran.text
                ));
            }
            None => {
                if self.model.bookings.contains_key(&id) {
                    return Err(format!("booking id {id} reused\n{}", ran.text));
                }
                self.model.bookings.insert(
                    id,
                    MBooking {
                        id,
                        user,
                        seats: req,
                        status: St::Pending,
                        payment: None,
                        started,
                        expires,
                        locked: true,
                        released: BTreeSet::new(),
                    },
                );
            }
        }
        Ok(format!("0 booking {id}"))
    }

    pub(super) fn confirm(&mut self, user: usize, reuse: bool, now: i64) -> Result<String, String> {
        let pay = match (&self.model.last_payment[user], reuse) {
            (Some(p), true) => p.clone(),
            _ => {
                self.model.payments += 1;
                format!("pay_{}", self.model.payments)
            }
        };
        let st = ST.to_string();
        let ran = self.run(&[
            "confirm",
            "--showtime",
            &st,
            "--user",
            USERS[user],
            "--payment-id",
            &pay,
        ]);
        let m = &self.model;
        let by_payment = m
            .bookings
            .values()
            .find(|b| b.payment.as_deref() == Some(&pay));
        let latest = m.bookings.values().rev().find(|b| b.user == user);
        let target = m
            .pending(user)
            .or(by_payment.filter(|b| b.user == user))
            // After the screening's cancel, a payment for the hold it released is refused too.
            .or(latest
                .filter(|b| b.status == St::Expired || (m.cancelled && b.status == St::Cancelled)))
            .cloned();
        let Some(t) = target else {
            return self
                .expect(&ran, 4, "no hold to confirm")
                .map(|_| "4".into());
        };
        self.pay(&ran, t, pay, now).map(|(outcome, _)| outcome)
    }

    /// A payment `pay` for booking `t`, by `confirm` or by a webhook's `payment.captured`:
    /// predicted, checked against `ran`, and the model moved on. Returns the outcome and whether
    /// a webhook records its event (with its effect: a sale, a refund owed; or on its own, a
    /// retry); a refusal that records nothing records no event.
    pub(super) fn pay(
        &mut self,
        ran: &Ran,
        t: MBooking,
        pay: String,
        now: i64,
    ) -> Result<(String, bool), String> {
        let user = t.user;
        let m = &self.model;
        let by_payment = m
            .bookings
            .values()
            .find(|b| b.payment.as_deref() == Some(&pay));
        let said =
            |key: &str, outcome: &str| ran.json[key] == true || ran.json["outcome"] == outcome;
        if by_payment.is_some_and(|o| o.id != t.id) {
            return self
                .expect(ran, 3, "payment already paid for another booking")
                .map(|_| ("3 payment reused".into(), false));
        }
        if m.cancelled {
            self.expect(ran, 3, "the screening is cancelled: refund")?;
            // Owed back, unless it is the sale's own payment (its cancel owes that already).
            if t.payment.as_deref() != Some(&pay) {
                self.model.late_refunds += 1;
            }
            return Ok(("3 cancelled screening".into(), true));
        }
        match t.status {
            St::Confirmed if t.payment.as_deref() == Some(&pay) => {
                self.expect(ran, 0, "a retry of a confirm")?;
                if ran.json["already_confirmed"] != true && ran.json["already_done"] != true {
                    return Err(format!("expected already_confirmed\n{}", ran.text));
                }
                return Ok(("0 retry".into(), true));
            }
            St::Confirmed => {
                return self
                    .expect(ran, 3, "already paid with another payment")
                    .map(|_| ("3".into(), false));
            }
            St::Cancelled => {
                return self
                    .expect(ran, 3, "cancelled: refund")
                    .map(|_| ("3".into(), false));
            }
            St::Pending | St::Expired => {}
        }
        let late = !(t.status == St::Pending && now < t.expires);
        let locks = m.locks(now);
        if late
            && t.seats
                .iter()
                .any(|s| locks.get(s).is_some_and(|&(u, _)| u != user))
        {
            self.expect(ran, 3, "late, and a seat is locked by someone else")?;
            self.model.late_refunds += 1;
            return Ok(("3 refund".into(), true));
        }
        let mut stale = Vec::new();
        if t.status == St::Expired {
            let (blocked, s) = m.blockers(&t.seats, Some(t.id), now);
            if blocked {
                self.expect(ran, 3, "late, and a seat is claimed by another booking")?;
                self.model.late_refunds += 1;
                return Ok(("3 refund".into(), true));
            }
            if t.seats.iter().any(|s| m.blocked.contains(s)) {
                // Paid for a seat that is off sale now: owed back, like one sold to another.
                self.expect(ran, 3, "late, and a seat was blocked meanwhile")?;
                self.model.late_refunds += 1;
                return Ok(("3 refund (blocked)".into(), true));
            }
            stale = s;
        }
        self.expect(ran, 0, "confirm")?;
        if said("late", "late") != late || ran.json["booking_id"] != t.id {
            return Err(format!(
                "expected booking {} confirmed with late={late}\n{}",
                t.id, ran.text
            ));
        }
        for s in stale {
            self.model.set(s, St::Expired);
        }
        let b = self.model.bookings.get_mut(&t.id).unwrap();
        b.status = St::Confirmed;
        b.payment = Some(pay.clone());
        self.model.last_payment[user] = Some(pay);
        let outcome = format!("0 booking {}{}", t.id, if late { " late" } else { "" });
        Ok((outcome, true))
    }

    pub(super) fn release(
        &mut self,
        user: usize,
        seats: Option<&[usize]>,
        _now: i64,
    ) -> Result<String, String> {
        let st = ST.to_string();
        let mut args = vec!["release", "--showtime", &st, "--user", USERS[user]];
        for &s in seats.unwrap_or_default() {
            args.push("--seat");
            args.push(SEATS[s]);
        }
        let ran = self.run(&args);
        let m = &self.model;
        let Some(pb) = m.pending(user).cloned() else {
            if seats.is_some_and(|s| s.iter().any(|&s| m.claim(s).is_some())) {
                return self
                    .expect(&ran, 3, "someone else's seats")
                    .map(|_| "3".into());
            }
            return self.expect(&ran, 4, "no hold").map(|_| "4".into());
        };
        let chosen: BTreeSet<usize> = match seats {
            None => pb.seats.clone(),
            Some(s) => {
                if s.iter().any(|s| !pb.seats.contains(s)) {
                    return self
                        .expect(&ran, 3, "a seat not in the user's hold")
                        .map(|_| "3".into());
                }
                s.iter().copied().collect()
            }
        };
        self.expect(&ran, 0, "release own hold")?;
        self.take_seats(pb.id, &chosen);
        Ok(format!("0 booking {}", pb.id))
    }

    /// Releases `seats` from booking `id`: the whole hold is CANCELLED, part of it shrinks.
    pub(super) fn take_seats(&mut self, id: i64, seats: &BTreeSet<usize>) {
        let b = self.model.bookings.get_mut(&id).unwrap();
        if b.seats.is_subset(seats) {
            b.status = St::Cancelled;
        } else {
            b.released.extend(b.seats.intersection(seats).copied());
            b.seats.retain(|s| !seats.contains(s));
        }
    }

    pub(super) fn force_release(&mut self, seats: &[usize], now: i64) -> Result<String, String> {
        let st = ST.to_string();
        let mut args = vec!["release", "--showtime", &st, "--force", "--yes"];
        for &s in seats {
            args.push("--seat");
            args.push(SEATS[s]);
        }
        let ran = self.run(&args);
        let m = &self.model;
        if seats
            .iter()
            .any(|&s| m.claim(s).is_some_and(|c| c.status == St::Confirmed))
        {
            return self.expect(&ran, 3, "a sold seat").map(|_| "3".into());
        }
        let locks = m.locks(now);
        if seats
            .iter()
            .any(|s| m.claim(*s).is_none() && !locks.contains_key(s))
        {
            return self.expect(&ran, 4, "a free seat").map(|_| "4".into());
        }
        self.expect(&ran, 0, "force release")?;
        let mut by_booking: BTreeMap<i64, BTreeSet<usize>> = BTreeMap::new();
        for &s in seats {
            let c = m.claim(s).expect("locks come from claims in this model");
            by_booking.entry(c.id).or_default().insert(s);
        }
        for (id, s) in by_booking {
            self.take_seats(id, &s);
        }
        Ok("0".into())
    }

    pub(super) fn extend_outcome(
        &mut self,
        user: usize,
        by: i64,
        now: i64,
        ran: &Ran,
    ) -> Result<String, String> {
        let Some(pb) = self.model.pending(user).cloned() else {
            return self.expect(ran, 4, "no hold to extend").map(|_| "4".into());
        };
        let new = pb.expires + by;
        if new > pb.started + 120 * MIN {
            return self
                .expect(ran, 2, "past the 2h cap")
                .map(|_| "2 cap".into());
        }
        if pb.expires <= now || !pb.locked {
            return self
                .expect(ran, 4, "the hold ran out or Redis lost it")
                .map(|_| "4 gone".into());
        }
        self.expect(ran, 0, "extend")?;
        self.model.bookings.get_mut(&pb.id).unwrap().expires = new;
        Ok(format!("0 booking {} +{}m", pb.id, by / MIN))
    }

    /// A move of one seat on the model's one showtime, predicted in the order the command
    /// checks: a seat the booking keeps (2), a sold or blocked seat (3), a hold that ran out or a locked
    /// seat (3, Redis), a live claim Redis lost the lock of (3, the fence); else the seat moves,
    /// a hold keeping its expiry, and stale holds in the way expire.
    pub(super) fn move_seat(
        &mut self,
        user: usize,
        from: usize,
        to: usize,
        now: i64,
    ) -> Result<String, String> {
        let m = &self.model;
        let booking = m.pending(user).or_else(|| {
            m.bookings
                .values()
                .rev()
                .find(|b| b.user == user && b.status == St::Confirmed)
        });
        let Some(b) = booking.cloned() else {
            let ran = self.run("move --booking 9999 A1=A2");
            return self.expect(&ran, 4, "no such booking").map(|_| "4".into());
        };
        if b.status == St::Pending && !b.locked {
            // Redis lost this hold: a move would lock only its new seat, a partly locked hold
            // this model does not draw (the sweep restores the rest). Not run.
            return Ok("skipped: the hold's locks are lost".into());
        }
        let old = *b.seats.iter().nth(from % b.seats.len()).unwrap();
        let pair = format!("{}={}", SEATS[old], SEATS[to]);
        let ran = self.run(&["move", "--booking", &b.id.to_string(), &pair]);
        if b.seats.contains(&to) {
            return self
                .expect(&ran, 2, "a seat the booking keeps")
                .map(|_| "2".into());
        }
        let target: BTreeSet<usize> = [to].into();
        if m.claim(to).is_some_and(|c| c.status == St::Confirmed) {
            return self.expect(&ran, 3, "a sold seat").map(|_| "3 sold".into());
        }
        if m.blocked.contains(&to) {
            return self
                .expect(&ran, 3, "a blocked seat")
                .map(|_| "3 blocked".into());
        }
        if (b.status == St::Pending && b.expires <= now) || m.locks(now).contains_key(&to) {
            return self
                .expect(&ran, 3, "the hold ran out, or the seat is locked")
                .map(|_| "3 held".into());
        }
        let (blocked, stale) = m.blockers(&target, Some(b.id), now);
        if blocked {
            return self
                .expect(&ran, 3, "a live claim whose lock Redis lost")
                .map(|_| "3 fenced".into());
        }
        self.expect(&ran, 0, "move")?;
        if ran.json["booking_id"] != b.id || ran.json["status"] != b.status.as_str() {
            return Err(format!("expected booking {} moved\n{}", b.id, ran.text));
        }
        for s in stale {
            self.model.set(s, St::Expired);
        }
        let mb = self.model.bookings.get_mut(&b.id).unwrap();
        mb.seats.remove(&old);
        mb.seats.insert(to);
        Ok(format!("0 booking {} {pair}", b.id))
    }
}
