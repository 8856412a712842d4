use super::*;

fn info(text: &str) -> Info {
    Info::parse(text)
}

#[test]
fn allkeys_eviction_with_a_limit_warns_and_volatile_ttl_does_not() {
    let i = info("# Memory\r\nmaxmemory:10485760\r\nmaxmemory_policy:allkeys-lru\r\n");
    let f = eviction(&i, &Config::default());
    assert_eq!(f.level, Level::Warn);
    assert_eq!(f.value, "maxmemory 10mb, maxmemory-policy allkeys-lru");
    let i = info("maxmemory:10485760\nmaxmemory_policy:volatile-ttl\n");
    assert_eq!(eviction(&i, &Config::default()).level, Level::Ok);
    let i = info("maxmemory:0\nmaxmemory_policy:allkeys-lru\n");
    assert_eq!(eviction(&i, &Config::default()).level, Level::Ok);
}

#[test]
fn old_redis_and_replicas_are_errors() {
    let f = version(&info("redis_version:6.0.9\nredis_mode:standalone\n"), false);
    assert_eq!(f.level, Level::Error);
    let f = version(&info("redis_version:7.2.4\nredis_mode:standalone\n"), false);
    assert_eq!(f.level, Level::Ok);
    let f = replication(&info("role:slave\nmaster_host:h\nmaster_port:1\n"));
    assert_eq!(f.level, Level::Error);
}

#[test]
fn sizes_read_like_redis_conf() {
    assert_eq!(bytes(0), "0");
    assert_eq!(bytes(10 << 20), "10mb");
    assert_eq!(bytes(1536), "1536");
}
