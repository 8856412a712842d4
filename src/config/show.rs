//! `boxoffice config`'s rows and JSON document: each setting as shown (passwords masked,
//! secrets never), and where it came from.

use super::{Secret, Settings, Source};

/// A secret as `config` shows it: that it is set, never what it is.
fn shown_secret(s: &Option<Secret>) -> String {
    match s {
        Some(s) => s.to_string(),
        None => "(not set)".to_string(),
    }
}

impl Settings {
    /// Rows for `boxoffice config`: name, value as shown (password masked), where it came from.
    pub fn rows(&self) -> Vec<(&'static str, String, &Source)> {
        vec![
            (
                "redis_url",
                crate::redis_client::redact_url(&self.redis_url.value),
                &self.redis_url.source,
            ),
            ("db", self.db.value.to_string(), &self.db.source),
            (
                "db_engine",
                self.db.value.engine().as_str().to_string(),
                &self.db.source,
            ),
            (
                "hold",
                humantime::format_duration(self.hold.value).to_string(),
                &self.hold.source,
            ),
            (
                "redis_timeout",
                humantime::format_duration(self.redis_timeout.value).to_string(),
                &self.redis_timeout.source,
            ),
            (
                "wait_replicas",
                match self.wait_replicas.value {
                    0 => "0 (off)".to_string(),
                    n => n.to_string(),
                },
                &self.wait_replicas.source,
            ),
            (
                "wait_timeout",
                humantime::format_duration(self.wait_timeout.value).to_string(),
                &self.wait_timeout.source,
            ),
            (
                "key_style",
                self.key_style.value.to_string(),
                &self.key_style.source,
            ),
            (
                "razorpay_key_secret",
                shown_secret(&self.razorpay_key_secret.value),
                &self.razorpay_key_secret.source,
            ),
            (
                "razorpay_webhook_secret",
                shown_secret(&self.razorpay_webhook_secret.value),
                &self.razorpay_webhook_secret.source,
            ),
        ]
    }

    /// The `--json` document for `boxoffice config`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut settings = serde_json::Map::new();
        for (name, value, source) in self.rows() {
            let from = match source {
                Source::Flag(f) => Some(f.to_string()),
                Source::Env(v) => Some(v.to_string()),
                Source::File(p) => Some(p.display().to_string()),
                Source::Default => None,
            };
            // A secret's value is never in the document: `"********"` when set, else null.
            let value: Option<serde_json::Value> = match name {
                "wait_replicas" => Some(self.wait_replicas.value.into()),
                "razorpay_key_secret" => self
                    .razorpay_key_secret
                    .value
                    .as_ref()
                    .map(|_| value.into()),
                "razorpay_webhook_secret" => self
                    .razorpay_webhook_secret
                    .value
                    .as_ref()
                    .map(|_| value.into()),
                _ => Some(value.into()),
            };
            settings.insert(
                name.to_string(),
                serde_json::json!({ "value": value, "source": source.kind(), "from": from }),
            );
        }
        serde_json::json!({ "config_file": self.file, "settings": settings })
    }
}
