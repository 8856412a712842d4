//! The world the model is checked against: the real binary, Redis and SQLite, with the steps of
//! a history, the clock moved by hand, and the comparison of every booking, lock and anomaly.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;

use super::rules::{Model, St};
use super::*;
use crate::checks::{self, redis_now};
use crate::harness::{Args, Env};

pub(super) struct World {
    pub(super) env: Env,
    pub(super) model: Model,
    pub(super) log: Vec<String>,
}

pub(super) struct Ran {
    pub(super) code: Option<i32>,
    pub(super) json: Value,
    pub(super) text: String,
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
            Op::Cancel { pick, seats } => self.cancel(*pick, seats.as_deref()),
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
            Op::Move { user, from, to } => self.move_seat(*user, *from, *to, now),
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
            Op::Block { seats } => self.block(seats),
            Op::Unblock { seats } => self.unblock(seats),
            Op::ForceReserve { user, seats } => self.force_reserve(*user, seats, now),
            Op::CancelShowtime => self.cancel_showtime(),
            Op::Deliver {
                pick,
                failed,
                reuse_payment,
                forged,
            } => self.deliver(*pick, *failed, *reuse_payment, *forged, now),
            Op::Redeliver { pick } => self.redeliver(*pick, now),
        }
    }

    pub(super) fn lose_redis(&mut self) {
        for b in self.model.bookings.values_mut() {
            b.locked = false;
        }
    }
}

impl World {
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
        let blocked: BTreeSet<usize> = env
            .sqlite()
            .prepare("SELECT seat_id FROM seat_blocks WHERE live = 1")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|s| {
                let s = s.unwrap();
                SEATS.iter().position(|x| *x == s).unwrap()
            })
            .collect();
        if blocked != self.model.blocked {
            return Err(format!(
                "blocked seats {blocked:?}, model says {:?}",
                self.model.blocked
            ));
        }
        self.verify_refunds()?;
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
        self.verify_webhooks()
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
