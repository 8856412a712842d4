//! The reference model of the rules (`Model`) and the world it is checked against (`World`:
//! the real binary, Redis and SQLite), step by step.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::checks::{self, redis_now};
use crate::harness::{Args, Env};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum St {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

impl St {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            St::Pending => "PENDING",
            St::Confirmed => "CONFIRMED",
            St::Cancelled => "CANCELLED",
            St::Expired => "EXPIRED",
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct MBooking {
    id: i64,
    user: usize,
    seats: BTreeSet<usize>,
    status: St,
    payment: Option<String>,
    started: i64,
    expires: i64,
    /// Redis has this hold's keys (false after a FLUSHALL or restart, until a sweep restores).
    locked: bool,
}

#[derive(Default)]
pub(super) struct Model {
    bookings: BTreeMap<i64, MBooking>,
    payments: u32,
    last_payment: [Option<String>; 4],
}

impl Model {
    pub(super) fn pending(&self, user: usize) -> Option<&MBooking> {
        self.bookings
            .values()
            .find(|b| b.user == user && b.status == St::Pending)
    }

    /// The live claim (PENDING, even past its expiry, or CONFIRMED) on a seat.
    pub(super) fn claim(&self, seat: usize) -> Option<&MBooking> {
        self.bookings
            .values()
            .find(|b| matches!(b.status, St::Pending | St::Confirmed) && b.seats.contains(&seat))
    }

    /// The seat locks Redis should have now: seat -> (user, expiry).
    pub(super) fn locks(&self, now: i64) -> BTreeMap<usize, (usize, i64)> {
        let mut out = BTreeMap::new();
        for b in self.bookings.values() {
            if b.status == St::Pending && b.locked && b.expires > now {
                for &s in &b.seats {
                    out.insert(s, (b.user, b.expires));
                }
            }
        }
        out
    }

    /// PENDING bookings claiming `seats` (other than `own`) that block them, and the stale
    /// ones the command will expire on its way.
    pub(super) fn blockers(
        &self,
        seats: &BTreeSet<usize>,
        own: Option<i64>,
        now: i64,
    ) -> (bool, Vec<i64>) {
        let mut blocked = false;
        let mut stale = Vec::new();
        for &s in seats {
            if let Some(c) = self.claim(s).filter(|c| Some(c.id) != own) {
                if c.status == St::Pending && c.expires <= now {
                    if !stale.contains(&c.id) {
                        stale.push(c.id);
                    }
                } else {
                    blocked = true;
                }
            }
        }
        (blocked, stale)
    }

    pub(super) fn set(&mut self, id: i64, st: St) {
        self.bookings.get_mut(&id).expect("booking in model").status = st;
    }
}

pub(super) struct World {
    pub(super) env: Env,
    pub(super) model: Model,
    pub(super) log: Vec<String>,
}

pub(super) struct Ran {
    code: Option<i32>,
    json: Value,
    text: String,
}

impl World {
    pub(super) fn new() -> World {
        let env = Env::bare();
        env.ok("init");
        env.ok(&[
            "showtime",
            "add",
            "--id",
            &ST.to_string(),
            "--movie",
            "Model",
            "--starts",
            "2030-01-01T20:00:00Z",
            "--rows",
            "A-B",
            "--seats-per-row",
            "4",
        ]);
        World {
            env,
            model: Model::default(),
            log: Vec::new(),
        }
    }

    pub(super) fn run<A: Args + ?Sized>(&self, args: &A) -> Ran {
        let mut a = args.to_args();
        a.push("--json".into());
        let out = self.env.run(&a);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        Ran {
            code: out.status.code(),
            json: serde_json::from_str(&stdout).unwrap_or(Value::Null),
            text: format!(
                "boxoffice {}\n  stdout: {stdout}\n  stderr: {stderr}",
                a.join(" ")
            ),
        }
    }

    pub(super) fn expect(&self, ran: &Ran, code: i32, why: &str) -> Result<(), String> {
        if ran.code != Some(code) {
            return Err(format!(
                "expected exit {code} ({why}), got {:?}\n{}",
                ran.code, ran.text
            ));
        }
        if ran.json.is_null() {
            return Err(format!("not one JSON document on stdout\n{}", ran.text));
        }
        if ran.text.contains("panicked") {
            return Err(format!("panic\n{}", ran.text));
        }
        Ok(())
    }

    /// Reads a booking's hold start and expiry from SQLite.
    pub(super) fn times(&self, id: i64) -> (i64, i64) {
        self.env
            .sqlite()
            .query_row(
                "SELECT hold_started_at_ms, expires_at_ms FROM bookings WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("booking row")
    }

    pub(super) fn step(&mut self, op: &Op) -> Result<String, String> {
        let now = redis_now(&self.env);
        let st = ST.to_string();
        match op {
            Op::Reserve {
                user,
                seats,
                hold_min,
            } => self.reserve(*user, seats, &format!("{hold_min}m"), hold_min * MIN, now),
            Op::ShortHold { user, seats } => {
                let r = self.reserve(*user, seats, "1s", 1000, now)?;
                std::thread::sleep(Duration::from_millis(1200));
                Ok(r)
            }
            Op::Confirm {
                user,
                reuse_payment,
            } => self.confirm(*user, *reuse_payment, now),
            Op::Release { user, seats } => self.release(*user, seats.as_deref(), now),
            Op::ForceRelease { seats } => self.force_release(seats, now),
            Op::Extend { user, by_min } => {
                let ran = self.run(&[
                    "ttl",
                    "--showtime",
                    &st,
                    "--user",
                    USERS[*user],
                    "--extend",
                    &format!("{by_min}m"),
                ]);
                self.extend_outcome(*user, by_min * MIN, now, &ran)
            }
            Op::ExtendBySeat { actor, seat } => {
                let ran = self.run(&[
                    "ttl",
                    "--showtime",
                    &st,
                    "--seat",
                    SEATS[*seat],
                    "--user",
                    USERS[*actor],
                    "--extend",
                    "1m",
                ]);
                let m = &self.model;
                let holder = m.locks(now).get(seat).map(|&(u, _)| u).or_else(|| {
                    m.claim(*seat)
                        .filter(|c| c.status == St::Pending)
                        .map(|c| c.user)
                });
                match holder {
                    None => self
                        .expect(&ran, 4, "nobody holds the seat")
                        .map(|_| "4".into()),
                    Some(h) if h != *actor => self
                        .expect(&ran, 3, "someone else's hold")
                        .map(|_| "3".into()),
                    Some(h) => self.extend_outcome(h, MIN, now, &ran),
                }
            }
            Op::Advance { secs } => {
                self.advance(secs * 1000);
                Ok(String::new())
            }
            Op::Sweep => {
                let ran = self.run("sweep");
                self.expect(&ran, 0, "sweep")?;
                let mut expired = 0;
                let mut restored = 0;
                for b in self.model.bookings.values_mut() {
                    if b.status != St::Pending {
                        continue;
                    }
                    if b.expires <= now {
                        b.status = St::Expired;
                        expired += 1;
                    } else if !b.locked {
                        b.locked = true;
                        restored += 1;
                    }
                }
                let j = &ran.json;
                if j["expired"] != expired || j["rehydrated"] != restored || j["conflicts"] != 0 {
                    return Err(format!(
                        "sweep: expected expired={expired} rehydrated={restored} conflicts=0\n{}",
                        ran.text
                    ));
                }
                // A sweep heals everything: inspect --check must be clean right after.
                let check = self.run(&format!("inspect {st} --check"));
                self.expect(&check, 0, "inspect --check right after a sweep")?;
                Ok(format!("expired {expired}, restored {restored}"))
            }
            Op::FlushAll => {
                redis::cmd("FLUSHALL")
                    .query::<()>(&mut self.env.con())
                    .unwrap();
                self.lose_redis();
                Ok(String::new())
            }
            Op::RestartRedis => {
                self.env.redis.restart_empty();
                self.lose_redis();
                Ok(String::new())
            }
        }
    }

    pub(super) fn lose_redis(&mut self) {
        for b in self.model.bookings.values_mut() {
            b.locked = false;
        }
    }

    pub(super) fn reserve(
        &mut self,
        user: usize,
        seats: &[usize],
        hold: &str,
        hold_ms: i64,
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
        args.extend(seats.iter().map(|&i| SEATS[i]));
        let ran = self.run(&args);

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
            .or(latest.filter(|b| b.status == St::Expired))
            .cloned();
        let Some(t) = target else {
            return self
                .expect(&ran, 4, "no hold to confirm")
                .map(|_| "4".into());
        };
        if by_payment.is_some_and(|o| o.id != t.id) {
            return self
                .expect(&ran, 3, "payment already paid for another booking")
                .map(|_| "3 payment reused".into());
        }
        match t.status {
            St::Confirmed if t.payment.as_deref() == Some(&pay) => {
                self.expect(&ran, 0, "a retry of a confirm")?;
                if ran.json["already_confirmed"] != true {
                    return Err(format!("expected already_confirmed\n{}", ran.text));
                }
                return Ok("0 retry".into());
            }
            St::Confirmed => {
                return self
                    .expect(&ran, 3, "already paid with another payment")
                    .map(|_| "3".into());
            }
            St::Cancelled => {
                return self
                    .expect(&ran, 3, "cancelled: refund")
                    .map(|_| "3".into());
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
            return self
                .expect(&ran, 3, "late, and a seat is locked by someone else")
                .map(|_| "3 refund".into());
        }
        let mut stale = Vec::new();
        if t.status == St::Expired {
            let (blocked, s) = m.blockers(&t.seats, Some(t.id), now);
            if blocked {
                return self
                    .expect(&ran, 3, "late, and a seat is claimed by another booking")
                    .map(|_| "3 refund".into());
            }
            stale = s;
        }
        self.expect(&ran, 0, "confirm")?;
        if ran.json["late"] != late || ran.json["booking_id"] != t.id {
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
        Ok(format!(
            "0 booking {}{}",
            t.id,
            if late { " late" } else { "" }
        ))
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

    /// Moves every hold `d` ms into the past, in SQLite and Redis alike.
    pub(super) fn advance(&mut self, d: i64) {
        self.env
            .sqlite()
            .execute(
                "UPDATE bookings SET hold_started_at_ms = hold_started_at_ms - ?1,
                                     expires_at_ms = expires_at_ms - ?1",
                [d],
            )
            .unwrap();
        let mut con = self.env.con();
        for k in self.env.keys() {
            // A reservation key names its hold by its start: it moves with the booking's.
            if k.starts_with("seat_reservation_")
                && let Some(raw) = self.env.get(&k)
                && let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw)
                && let Some(at) = v["reserved_at"].as_f64()
            {
                let ms = (at * 1000.0).round() as i64 - d;
                let moved = format!(
                    "{{\"seat_ids\":{},\"reserved_at\":{}.{:03}}}",
                    v["seat_ids"],
                    ms / 1000,
                    ms % 1000
                );
                redis::cmd("SET")
                    .arg(&k)
                    .arg(moved)
                    .arg("KEEPTTL")
                    .query::<()>(&mut con)
                    .unwrap();
            }
            let t: i64 = redis::cmd("PEXPIRETIME").arg(&k).query(&mut con).unwrap();
            if t > 0 {
                redis::cmd("PEXPIREAT")
                    .arg(&k)
                    .arg(t - d)
                    .query::<()>(&mut con)
                    .unwrap();
            }
        }
        for b in self.model.bookings.values_mut() {
            b.started -= d;
            b.expires -= d;
        }
    }

    /// Compares the real state with the model and checks the model-free invariants.
    pub(super) fn verify(&self) -> Result<(), String> {
        let env = &self.env;
        let now = redis_now(env);
        // Bookings.
        let real: BTreeMap<i64, (String, String, Option<String>, i64, i64)> = {
            let c = env.sqlite();
            let mut stmt = c
                .prepare(
                    "SELECT id, user_id, status, payment_id, hold_started_at_ms, expires_at_ms
                       FROM bookings ORDER BY id",
                )
                .unwrap();
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let ids: Vec<i64> = real.keys().copied().collect();
        let model_ids: Vec<i64> = self.model.bookings.keys().copied().collect();
        if ids != model_ids {
            return Err(format!("bookings {ids:?}, model has {model_ids:?}"));
        }
        for (id, (user, status, payment, started, expires)) in &real {
            let b = &self.model.bookings[id];
            let want = (
                USERS[b.user].to_string(),
                b.status.as_str().to_string(),
                b.payment.clone(),
                b.started,
                b.expires,
            );
            let got = (
                user.clone(),
                status.clone(),
                payment.clone(),
                *started,
                *expires,
            );
            if got != want {
                return Err(format!(
                    "booking {id}: (user, status, payment, start, expiry) is {got:?}, model says {want:?}"
                ));
            }
            let seats: BTreeSet<usize> = env
                .sqlite()
                .prepare("SELECT seat_id FROM booking_seats WHERE booking_id = ?1 AND released_at_ms IS NULL")
                .unwrap()
                .query_map([id], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|s| {
                    let s = s.unwrap();
                    SEATS.iter().position(|x| *x == s).unwrap()
                })
                .collect();
            if seats != b.seats {
                return Err(format!(
                    "booking {id}: seats {}, model says {}",
                    seat_names(&seats.into_iter().collect::<Vec<_>>()),
                    seat_names(&b.seats.iter().copied().collect::<Vec<_>>())
                ));
            }
        }
        // Redis locks: holder and exact expiry.
        let want: BTreeMap<String, (String, i64)> = self
            .model
            .locks(now)
            .into_iter()
            .map(|(s, (u, e))| (SEATS[s].to_string(), (USERS[u].to_string(), e)))
            .collect();
        let mut con = env.con();
        let got: BTreeMap<String, (String, i64)> = checks::locks(env, ST)
            .into_iter()
            .map(|(seat, holder)| {
                let t: i64 = redis::cmd("PEXPIRETIME")
                    .arg(format!("seat_lock:{ST}:{seat}"))
                    .query(&mut con)
                    .unwrap();
                (seat, (holder, t))
            })
            .collect();
        if got != want {
            return Err(format!(
                "Redis locks (seat -> holder, expiry) are {got:?}\n  model expects {want:?} (now {now})"
            ));
        }
        checks::invariants(env, ST)?;
        // inspect: only the anomalies the model explains.
        let ran = self.run(&["inspect", &ST.to_string()]);
        self.expect(&ran, 0, "inspect")?;
        let mut lost = BTreeSet::new();
        let mut stale = BTreeSet::new();
        for b in self.model.bookings.values() {
            if b.status == St::Pending {
                if b.expires <= now {
                    stale.insert(b.id);
                } else if !b.locked {
                    lost.insert(b.id);
                }
            }
        }
        let mut got_lost = BTreeSet::new();
        let mut got_stale = BTreeSet::new();
        for a in ran.json["anomalies"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            match a["kind"].as_str().unwrap_or("") {
                "lost_hold" => {
                    got_lost.insert(a["booking_id"].as_i64().unwrap_or(-1));
                }
                "stale_pending" => {
                    got_stale.insert(a["booking_id"].as_i64().unwrap_or(-1));
                }
                // Natural expiry leaves seats in reserved_seats_ until its own TTL or a sweep.
                "stale_index" => {}
                _ => return Err(format!("unexpected anomaly {a}\n{}", ran.text)),
            }
        }
        if (&got_lost, &got_stale) != (&lost, &stale) {
            return Err(format!(
                "inspect: lost holds {got_lost:?} and stale holds {got_stale:?}, model expects {lost:?} and {stale:?}\n{}",
                ran.text
            ));
        }
        Ok(())
    }

    /// Runs every hold out, sweeps, and checks that everything is final and clean.
    pub(super) fn finish(&mut self) -> Result<(), String> {
        let st = ST.to_string();
        self.step(&Op::Sweep)?;
        self.verify()?;
        self.advance(180 * MIN);
        self.step(&Op::Sweep)?;
        self.verify()?;
        let open = self
            .env
            .count("SELECT COUNT(*) FROM bookings WHERE status NOT IN ('CONFIRMED', 'CANCELLED', 'EXPIRED')");
        if open != 0 {
            return Err(format!(
                "{open} bookings not final after every hold ran out"
            ));
        }
        let ran = self.run(&format!("inspect {st} --check"));
        self.expect(&ran, 0, "inspect --check at the end")?;
        if !checks::locks(&self.env, ST).is_empty() {
            return Err("locks left after every hold ran out".into());
        }
        Ok(())
    }
}
