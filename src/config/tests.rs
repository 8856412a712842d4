use super::*;
use std::collections::HashMap;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn flag_beats_env_beats_file_beats_default() {
    let (_d, path) = file("redis_url = \"redis://file:1/0\"\nhold = \"5m\"\ndb = \"b.db\"\n");
    let flags = Flags {
        config: Some(path.clone()),
        redis_url: Some("redis://flag:1/0".into()),
        ..Flags::default()
    };
    let env = env_of(&[("REDIS_URL", "redis://env:1/0"), ("BOXOFFICE_HOLD", "2m")]);
    let s = resolve(&flags, &env).unwrap();
    assert_eq!(s.redis_url.value, "redis://flag:1/0");
    assert_eq!(s.redis_url.source, Source::Flag("--redis-url"));
    assert_eq!(s.hold.value, Duration::from_secs(120));
    assert_eq!(s.hold.source, Source::Env("BOXOFFICE_HOLD"));
    assert_eq!(
        s.db.value,
        crate::store::Target::Sqlite(path.parent().unwrap().join("b.db"))
    );
    assert_eq!(s.db.source, Source::File(path.clone()));
    assert_eq!(s.redis_timeout.value, DEFAULT_REDIS_TIMEOUT);
    assert_eq!(s.redis_timeout.source, Source::Default);
    let s = resolve(
        &Flags {
            config: Some(path.clone()),
            ..Flags::default()
        },
        &env_of(&[]),
    )
    .unwrap();
    assert_eq!(s.redis_url.value, "redis://file:1/0");
    assert_eq!(s.hold.value, Duration::from_secs(300));
}

#[test]
fn bad_files_and_values_are_named() {
    let (_d, path) = file("redis-url = \"x\"\n");
    let flags = Flags {
        config: Some(path),
        ..Flags::default()
    };
    let e = resolve(&flags, &env_of(&[])).unwrap_err();
    assert!(e.message().contains("redis-url"), "{}", e.message());
    assert_eq!(e.exit_code(), 2);

    let (_d, path) = file("hold = \"0s\"\n");
    let flags = Flags {
        config: Some(path),
        ..Flags::default()
    };
    let e = resolve(&flags, &env_of(&[])).unwrap_err();
    assert!(e.message().contains("hold"), "{}", e.message());

    let e = resolve(&Flags::default(), &env_of(&[("BOXOFFICE_HOLD", "forever")])).unwrap_err();
    assert!(e.message().contains("BOXOFFICE_HOLD"), "{}", e.message());

    let flags = Flags {
        config: Some("/nonexistent/boxoffice.toml".into()),
        ..Flags::default()
    };
    let e = resolve(&flags, &env_of(&[])).unwrap_err();
    assert!(e.message().contains("no such file"), "{}", e.message());
}

#[test]
fn passwords_are_masked_in_rows() {
    let env = env_of(&[
        ("REDIS_URL", "redis://:hunter2@h:6379/0"),
        ("BOXOFFICE_CONFIG", "/nonexistent-ok"),
    ]);
    // An explicitly named missing file is an error, so point at none.
    let env2 = |k: &str| {
        if k == "BOXOFFICE_CONFIG" {
            None
        } else {
            env(k)
        }
    };
    let s = resolve(&Flags::default(), &env2).unwrap();
    let shown = format!("{:?}", s.rows().iter().map(|r| &r.1).collect::<Vec<_>>());
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!s.to_json().to_string().contains("hunter2"));
}

#[test]
fn razorpay_secrets_come_from_env_or_file_and_never_show() {
    let (_d, path) = file(
        "razorpay_key_secret = \"file_key_s3cret\"\nrazorpay_webhook_secret = \"file_wh_s3cret\"\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let flags = Flags {
        config: Some(path.clone()),
        ..Flags::default()
    };
    let env = env_of(&[("RAZORPAY_KEY_SECRET", "env_key_s3cret")]);
    let s = resolve(&flags, &env).unwrap();
    let key = s.razorpay_key_secret.value.as_ref().unwrap();
    assert_eq!(key.expose(), b"env_key_s3cret");
    assert_eq!(
        s.razorpay_key_secret.source,
        Source::Env("RAZORPAY_KEY_SECRET")
    );
    let hook = s.razorpay_webhook_secret.value.as_ref().unwrap();
    assert_eq!(hook.expose(), b"file_wh_s3cret");
    assert_eq!(s.razorpay_webhook_secret.source, Source::File(path.clone()));
    // Never in rows, JSON, Debug or Display.
    let shown = format!("{:?} {} {:?}", s.rows(), s.to_json(), s);
    assert!(!shown.contains("s3cret"), "{shown}");
    assert_eq!(
        s.to_json()["settings"]["razorpay_key_secret"]["value"],
        "********"
    );
    #[cfg(unix)]
    assert!(
        s.warnings.iter().any(|w| w.contains("chmod 600")),
        "{:?}",
        s.warnings
    );
    // Unset: null in JSON, "(not set)" in rows, and no warning for a file without one.
    let (_d, path) = file("hold = \"5m\"\n");
    let s = resolve(
        &Flags {
            config: Some(path),
            ..Flags::default()
        },
        &env_of(&[]),
    )
    .unwrap();
    assert!(s.razorpay_key_secret.value.is_none());
    assert!(s.to_json()["settings"]["razorpay_key_secret"]["value"].is_null());
    assert!(
        s.rows()
            .iter()
            .any(|r| r.0 == "razorpay_webhook_secret" && r.1 == "(not set)")
    );
    assert!(s.warnings.is_empty());
}

#[test]
fn wait_replicas_resolves_flag_env_file_and_its_timeout_stays_under_the_redis_timeout() {
    let (_d, path) = file("wait_replicas = 2\nwait_timeout = \"250ms\"\n");
    let flags = Flags {
        config: Some(path.clone()),
        ..Flags::default()
    };
    let s = resolve(&flags, &env_of(&[])).unwrap();
    assert_eq!(
        (s.wait_replicas.value, s.wait_replicas.source),
        (2, Source::File(path.clone()))
    );
    assert_eq!(s.wait_timeout.value, Duration::from_millis(250));
    let env = env_of(&[("BOXOFFICE_WAIT_REPLICAS", "1")]);
    let s = resolve(&flags, &env).unwrap();
    assert_eq!(
        s.wait_replicas.source,
        Source::Env("BOXOFFICE_WAIT_REPLICAS")
    );
    let with_flag = Flags {
        wait_replicas: Some(0),
        ..flags.clone()
    };
    let s = resolve(&with_flag, &env).unwrap();
    assert_eq!(
        (s.wait_replicas.value, s.wait_replicas.source),
        (0, Source::Flag("--wait-replicas"))
    );

    let defaults = resolve(&Flags::default(), &env_of(&[])).unwrap();
    assert_eq!(defaults.wait_replicas.value, 0);
    assert_eq!(defaults.wait_timeout.value, DEFAULT_WAIT_TIMEOUT);

    for bad in ["-1", "101", "one", ""] {
        let pairs = [("BOXOFFICE_WAIT_REPLICAS", bad)];
        let env = env_of(&pairs);
        // Empty counts as unset.
        assert_eq!(
            resolve(&Flags::default(), &env).is_err(),
            !bad.is_empty(),
            "{bad:?}"
        );
    }
    let (_d, over) = file("wait_replicas = 1000\n");
    let e = resolve(
        &Flags {
            config: Some(over),
            ..Flags::default()
        },
        &env_of(&[]),
    )
    .unwrap_err();
    assert!(e.message().contains("wait_replicas"), "{}", e.message());
    // As long as the Redis timeout: refused, naming both and where they came from.
    let env = env_of(&[("BOXOFFICE_WAIT_TIMEOUT", "3s")]);
    let on = Flags {
        wait_replicas: Some(1),
        ..Flags::default()
    };
    let e = resolve(&on, &env).unwrap_err().message();
    assert!(
        e.contains("env BOXOFFICE_WAIT_TIMEOUT") && e.contains("redis_timeout 3s"),
        "{e}"
    );
    // With the wait off, the timeout is not used, so it is not refused.
    assert!(resolve(&Flags::default(), &env).is_ok());
}

#[test]
fn key_style_flag_beats_env_beats_file_beats_default() {
    use crate::keys::KeyStyle;
    let s = resolve(&Flags::default(), &env_of(&[])).unwrap();
    assert_eq!(
        (s.key_style.value, &s.key_style.source),
        (KeyStyle::Seed, &Source::Default)
    );
    let (_d, path) = file("key_style = \"cluster\"\n");
    let in_file = Flags {
        config: Some(path.clone()),
        ..Flags::default()
    };
    let s = resolve(&in_file, &env_of(&[])).unwrap();
    assert_eq!(s.key_style.value, KeyStyle::Cluster);
    assert_eq!(s.key_style.source, Source::File(path.clone()));
    let env = env_of(&[("BOXOFFICE_KEY_STYLE", "seed")]);
    let s = resolve(&in_file, &env).unwrap();
    assert_eq!(s.key_style.value, KeyStyle::Seed);
    assert_eq!(s.key_style.source, Source::Env("BOXOFFICE_KEY_STYLE"));
    let flag = Flags {
        key_style: Some(KeyStyle::Cluster),
        ..in_file.clone()
    };
    let s = resolve(&flag, &env).unwrap();
    assert_eq!(s.key_style.value, KeyStyle::Cluster);
    assert_eq!(s.key_style.source, Source::Flag("--key-style"));
    assert!(
        s.rows()
            .iter()
            .any(|(n, v, _)| *n == "key_style" && v == "cluster")
    );

    let e = resolve(
        &Flags::default(),
        &env_of(&[("BOXOFFICE_KEY_STYLE", "tagged")]),
    )
    .unwrap_err();
    assert!(
        e.message().contains("BOXOFFICE_KEY_STYLE"),
        "{}",
        e.message()
    );
    assert_eq!(e.exit_code(), 2);
    let (_d, path) = file("key_style = \"Cluster\"\n");
    let flags = Flags {
        config: Some(path),
        ..Flags::default()
    };
    let e = resolve(&flags, &env_of(&[])).unwrap_err();
    assert!(e.message().contains("key_style"), "{}", e.message());
}
