//! What `sweep` and the audit trail rely on: each booking state change writes its row once.
use super::*;
use crate::ids::SeatId;
use crate::store::Db;

/// What `sweep` will rely on: [`expire`] changes a PENDING booking that ran out by the
/// given Redis time, once, with one audit row; anything else is left alone, unwritten.
#[test]
fn expire_writes_one_status_change_and_one_audit_row_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.db"), true, "test", "test").unwrap();
    let st = ShowtimeId::new(7).unwrap();
    let user: UserId = "u1".parse().unwrap();
    let seats = vec!["A1".to_string()];
    let id = db
        .write(|tx| {
            tx.insert_showtime(Some(st), "M", None, "2030-01-01T20:00:00Z", 0)?;
            tx.insert_seat(st, &"A1".parse::<SeatId>().unwrap(), 0)?;
            let id = tx.insert_hold(st, &user, 1_000, 2_000, 1)?;
            assert_eq!(tx.claim_seat(id, st, "A1")?, Ok(()));
            Ok(id)
        })
        .unwrap();
    let booking = BookingRef {
        id,
        showtime_id: st.get(),
        user: user.as_str(),
        seats: seats.clone(),
    };
    let expire_by = |db: &mut Db, redis_now_ms| {
        let reason = Reason::RanOut { redis_now_ms };
        db.write(|tx| expire(tx, booking.clone(), reason, 5_000))
            .unwrap()
    };
    let audits = |db: &Db| db.audit_events(st, None, None, 10).unwrap();

    // Not yet run out by Redis's clock: nothing changes, nothing is written.
    assert!(!expire_by(&mut db, 1_999));
    assert_eq!(db.booking(id).unwrap().unwrap().status, Status::Pending);
    assert!(audits(&db).is_empty());

    assert!(expire_by(&mut db, 2_000));
    let b = db.booking(id).unwrap().unwrap();
    assert_eq!((b.status, b.updated_at_ms), (Status::Expired, 5_000));
    assert_eq!(b.seat_names(), seats, "the seats stay in the booking");
    assert!(
        db.live_claims(st, &seats).unwrap().is_empty(),
        "off the fence"
    );
    let a = audits(&db);
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].action.as_str(), a[0].booking_id, a[0].user.as_deref()),
        ("expire", Some(id), Some("u1"))
    );
    assert_eq!(
        (a[0].at_ms, &a[0].seats),
        (5_000, &serde_json::json!(["A1"]))
    );
    assert_eq!(
        serde_json::to_string(&a[0].detail).unwrap(),
        r#"{"reason":"hold ran out","redis_now_ms":2000}"#
    );

    // No longer PENDING: nothing more, whatever the reason.
    assert!(!expire_by(&mut db, 9_000));
    let replaced = db
        .write(|tx| expire(tx, booking.clone(), Reason::UserReservedAgain, 6_000))
        .unwrap();
    assert!(!replaced);
    assert_eq!(audits(&db).len(), 1);
}

/// Each reason keeps its audit wording and its one piece of evidence, in that key order.
#[test]
fn every_reason_keeps_its_audit_detail() {
    let (now, at) = (20, 10);
    let want = [
        (
            Reason::RanOut { redis_now_ms: now },
            r#"{"reason":"hold ran out","redis_now_ms":20}"#,
        ),
        (
            Reason::SeatReservedAgain {
                redis_now_ms: now,
                expired_at_ms: at,
            },
            r#"{"reason":"hold ran out; seat reserved again","expired_at_ms":10}"#,
        ),
        (
            Reason::SeatPaidLate {
                redis_now_ms: now,
                expired_at_ms: at,
            },
            r#"{"reason":"hold ran out; late payment for an earlier hold","expired_at_ms":10}"#,
        ),
        (
            Reason::UserReservedAgain,
            r#"{"reason":"hold ran out; user reserved again"}"#,
        ),
    ];
    for (reason, detail) in want {
        assert_eq!(reason.detail().to_string(), detail);
        let by = (reason != Reason::UserReservedAgain).then_some(now);
        assert_eq!(reason.ran_out_by(), by);
    }
}
