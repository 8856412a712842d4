use super::*;
use crate::ids::{SeatId, UserId};

/// A showtime of rows A, B, AA (so seat id order, A < AA < B, is not layout order), a gap
/// in row B, two categories, a held, a sold, an expired and a blocked seat.
fn showtime(db: &mut Db) -> ShowtimeId {
    let st = ShowtimeId::new(3).unwrap();
    db.write(|tx| {
        tx.insert_showtime(Some(st), "M", None, "2030-01-01T20:00:00Z", 0)?;
        let mut ord = 0;
        for row in ["A", "B", "AA"] {
            for n in 1..=12 {
                tx.insert_seat(st, &SeatId::new(row, n)?, ord)?;
                ord += 1;
            }
        }
        Ok(())
    })
    .unwrap();
    db.lite()
        .execute_batch(
            "UPDATE seats SET col = number + 1 WHERE row_label = 'B' AND number > 6;
             UPDATE seats SET category = 'premium', price_minor = 40000 WHERE row_label = 'AA';
             UPDATE seats SET accessible = 1, category = 'wheelchair' WHERE seat_id = 'A12';",
        )
        .unwrap();
    let user = |u: &str| u.parse::<UserId>().unwrap();
    db.write(|tx| {
        let held = tx.insert_hold(st, &user("u1"), 1_000, i64::MAX / 2, 1_000)?;
        assert_eq!(tx.claim_seat(held, st, "B7")?, Ok(()));
        let sold = tx.insert_hold(st, &user("u2"), 1_000, i64::MAX / 2, 1_000)?;
        assert_eq!(tx.claim_seat(sold, st, "AA10")?, Ok(()));
        assert_eq!(tx.confirm(sold, "pay_1", false, 1_500)?, Ok(true));
        let gone = tx.insert_hold(st, &user("u3"), 1_000, 2_000, 1_000)?;
        assert_eq!(tx.claim_seat(gone, st, "A2")?, Ok(()));
        assert!(tx.insert_block(st, "A10", "broken", 1_000)?.is_ok());
        Ok(())
    })
    .unwrap();
    st
}

#[test]
fn the_seat_plan_reads_as_the_seats_do_and_any_change_of_seats_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.db"), true, "test", "test").unwrap();
    let st = showtime(&mut db);
    // The hand edits above dropped the plan: read from the seats.
    let plans = |db: &Db| -> i64 {
        db.lite()
            .query_row("SELECT COUNT(*) FROM seat_plans", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(plans(&db), 0);
    let from_seats = db.seat_grid(st).unwrap();
    db.write(|tx| tx.write_seat_plan(st)).unwrap();
    assert_eq!(plans(&db), 1);
    let from_plan = db.seat_grid(st).unwrap();
    assert_eq!(from_plan, from_seats);

    let (grid, uses) = from_plan;
    assert_eq!(grid.rows, ["A", "B", "AA"]);
    let at = |seat: &str| {
        (0..grid.seats.len())
            .find(|&i| grid.name(i) == seat)
            .unwrap()
    };
    assert_eq!(at("A1"), 0);
    assert_eq!(at("AA12"), 35);
    assert_eq!(grid.seats[at("B7")].col, 8);
    assert_eq!(grid.kind(at("AA3")).category, "premium");
    assert!(grid.kind(at("A12")).accessible);
    assert!(matches!(uses[at("B7")], SeatUse::Held { .. }));
    assert_eq!(uses[at("AA10")], SeatUse::Off);
    assert_eq!(uses[at("A10")], SeatUse::Off);
    assert_eq!(
        uses[at("A2")],
        SeatUse::Held {
            expires_at_ms: 2_000
        }
    );
    assert_eq!(uses[at("A3")], SeatUse::Free);

    // Any change of the seats drops the plan again.
    db.lite()
        .execute_batch("UPDATE seats SET col = 40 WHERE seat_id = 'A1'")
        .unwrap();
    assert_eq!(plans(&db), 0);
    assert_eq!(db.seat_grid(st).unwrap().0.seats[0].col, 40);
}

#[test]
fn a_plan_line_that_is_not_one_is_an_error_not_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("t.db"), true, "test", "test").unwrap();
    let st = showtime(&mut db);
    db.lite()
        .execute_batch("INSERT INTO seat_plans VALUES (3, 'A1\t0\tzero\t0\tstandard')")
        .unwrap();
    let err = db.seat_grid(st).unwrap_err().to_string();
    assert!(err.contains("seat plan line"), "{err}");
}
