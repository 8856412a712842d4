//! Prices are stored as integers in the currency's minor units (no floating point near money);
//! they are worded with as many decimals as ISO 4217 gives the currency: 25000 INR is
//! `INR 250.00`, 1800 JPY is `JPY 1800`, 2500 KWD is `KWD 2.500`.

/// ISO 4217 currencies without minor units.
const NO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];

/// ISO 4217 currencies with three decimals.
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// How many decimals the currency's minor unit has: 0, 2 (most) or 3.
pub fn minor_digits(currency: &str) -> u32 {
    if NO_DECIMALS.contains(&currency) {
        0
    } else if THREE_DECIMALS.contains(&currency) {
        3
    } else {
        2
    }
}

/// `minor` units of `currency` as people read them: `INR 250.00`.
pub fn format_price(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    if digits == 0 {
        return format!("{currency} {minor}");
    }
    let unit = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let unit = unit as u64;
    format!(
        "{currency} {sign}{}.{:0w$}",
        m / unit,
        m % unit,
        w = digits as usize
    )
}
