use clap::Args;

use crate::cli::output;
use crate::context::Context;
use crate::error::Error;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice config                        # each setting, its value and where it came from
  boxoffice config --json | jq -r .settings.db.value
  $EDITOR \"$(boxoffice config --path)\"     # edit the config file

The file is TOML; every key is optional:
  redis_url = \"redis://:secret@10.0.0.5:6379/0\"
  db = \"/var/lib/boxoffice/boxoffice.db\"     # relative paths are relative to the file
  hold = \"10m\"
  redis_timeout = \"3s\"
  key_style = \"cluster\"                     # hash-tagged keys, for Redis Cluster

Precedence: flag > environment > config file > default. Passwords are never shown.")]
pub struct ConfigArgs {
    /// Print only the config file's path (whether or not it exists)
    #[arg(long)]
    pub path: bool,
}

pub fn run(ctx: &Context, a: ConfigArgs) -> Result<(), Error> {
    let s = &ctx.settings;
    let path = s
        .file
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(no config directory on this system)".into());
    if a.path {
        return if ctx.json {
            output::json(&s.file)
        } else {
            output::line(path)
        };
    }
    // A URL that would not open is shown, marked, and makes `config` exit 2: the setting is
    // wrong even though this command does not connect.
    let problem = crate::redis_client::url_problem(
        &s.redis_url.value,
        &s.redis_url.source.origin(),
        s.key_style.value,
    );
    if ctx.json {
        let mut doc = s.to_json();
        if let Some(e) = &problem {
            doc["settings"]["redis_url"]["invalid"] = serde_json::json!(e.message());
            doc["error"] = e.to_json()["error"].clone();
        }
        output::json(&doc)?;
        return problem.map_or(Ok(()), |e| Err(Error::InDocument(Box::new(e))));
    }
    let state = if s.file.found { "" } else { "; not present" };
    let mut text = format!("Config file: {path} ({}{state})\n\n", s.file.chosen_by);
    let mut t = output::table(&["SETTING", "VALUE", "FROM"]);
    for (name, value, source) in s.rows() {
        let value = if name == "redis_url" && problem.is_some() {
            format!("{value} (INVALID)")
        } else {
            value
        };
        t.add_row(vec![name.to_string(), value, source.to_string()]);
    }
    text.push_str(&t.to_string());
    text.push('\n');
    output::stdout(&text)?;
    problem.map_or(Ok(()), Err)
}
