//! Masking the credentials of a Redis URL, in every form the redis crate accepts, for every
//! message boxoffice prints.

/// The query parameters that carry credentials in a Redis URL (`redis+unix:///s.sock?pass=…`;
/// the redis crate reads `user` and `pass`, and `password`/`username` are masked too in case a
/// future version or a hand-written URL uses them).
const SECRET_PARAMS: &[&str] = &["pass", "password", "user", "username"];

/// Replaces every credential in a Redis URL with `***`, for every message we print: the userinfo
/// (`user:pass@`) of any scheme, and the values of `?pass=`, `?password=`, `?user=` and
/// `?username=` (as the redis crate decodes them, so `?pa%73s=` is masked too). Anything that
/// does not parse is treated the same way: a URL with a typo still holds a real password.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, url),
    };
    // The query and fragment start at the first '?' or '#' after the credentials. A password
    // may itself hold '/', '?' or '#' when it was not percent-encoded, so the credentials end
    // at the last '@' — except in a unix socket URL, whose path may hold an '@' and whose
    // credentials are in the query.
    let unix = scheme.is_some_and(|s| s.to_ascii_lowercase().ends_with("unix"));
    let (userinfo, after) = if unix {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        match rest[..end].rfind('@') {
            Some(at) => (true, &rest[at + 1..]),
            None => (false, rest),
        }
    } else {
        match rest.rfind('@') {
            Some(at) => (true, &rest[at + 1..]),
            None => (false, rest),
        }
    };
    let (before_query, query, fragment) = match after.find(['?', '#']) {
        Some(q) if after[q..].starts_with('?') => {
            let tail = &after[q + 1..];
            match tail.find('#') {
                Some(h) => (&after[..q], Some(&tail[..h]), Some(&tail[h..])),
                None => (&after[..q], Some(tail), None),
            }
        }
        Some(h) => (&after[..h], None, Some(&after[h..])),
        None => (after, None, None),
    };
    let mut out = String::with_capacity(url.len());
    if let Some(s) = scheme {
        out.push_str(s);
        out.push_str("://");
    }
    if userinfo {
        out.push_str("***@");
    }
    out.push_str(before_query);
    if let Some(q) = query {
        out.push('?');
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_secret_param(k) => format!("{k}=***"),
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    if let Some(f) = fragment {
        out.push_str(f);
    }
    out
}

/// Whether a query key, decoded as `application/x-www-form-urlencoded`, names a credential.
fn is_secret_param(key: &str) -> bool {
    let decoded: String = percent_decode(&key.replace('+', " "));
    SECRET_PARAMS
        .iter()
        .any(|p| decoded.trim().eq_ignore_ascii_case(p))
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_url("redis://:s3cret@host:6379/0"),
            "redis://***@host:6379/0"
        );
        assert_eq!(
            redact_url("rediss://user:p@ss@host/0?x=1"),
            "rediss://***@host/0?x=1"
        );
        assert_eq!(
            redact_url("redis://127.0.0.1:6379/0"),
            "redis://127.0.0.1:6379/0"
        );
        assert_eq!(redact_url("nonsense"), "nonsense");
    }

    #[test]
    fn every_credential_form_is_hidden() {
        for (url, shown) in [
            (
                "redis+unix:///run/redis.sock?pass=S3CRET",
                "redis+unix:///run/redis.sock?pass=***",
            ),
            (
                "unix:///run/redis.sock?db=2&user=bob&pass=S3CRET",
                "unix:///run/redis.sock?db=2&user=***&pass=***",
            ),
            (
                "redis+unix:///run/redis.sock?password=S3CRET#x",
                "redis+unix:///run/redis.sock?password=***#x",
            ),
            (
                "redis+unix:///run/redis.sock?pa%73s=S3CRET&PASS=S3CRET&pass+=S3CRET",
                "redis+unix:///run/redis.sock?pa%73s=***&PASS=***&pass+=***",
            ),
            (
                "redis+unix:///run/a@b/redis.sock?pass=S3CRET",
                "redis+unix:///run/a@b/redis.sock?pass=***",
            ),
            (
                "redis://bob:S3CRET@h:1/0?pass=S3CRET",
                "redis://***@h:1/0?pass=***",
            ),
            ("rediss://:S3CRET@h/0#insecure", "rediss://***@h/0#insecure"),
            ("redis://:S3/CR?ET@h/0", "redis://***@h/0"),
            ("redis://:S3#CRET@h/0", "redis://***@h/0"),
            ("REDIS://:S3CRET@h/0", "REDIS://***@h/0"),
            ("redis:S3CRET@h", "***@h"),
            ("redis://h/0?protocol=3", "redis://h/0?protocol=3"),
            ("redis+unix:///s.sock?%", "redis+unix:///s.sock?%"),
            (
                "redis+unix:///s.sock?pass%=é",
                "redis+unix:///s.sock?pass%=é",
            ),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
            assert!(!redact_url(url).contains("S3"), "{url}");
        }
    }
}
