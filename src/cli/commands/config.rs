use clap::Args;

use crate::context::Context;
use crate::error::Error;
use crate::output;

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
    if ctx.json {
        return output::json(&s.to_json());
    }
    let state = if s.file.found { "" } else { "; not present" };
    let mut text = format!("Config file: {path} ({}{state})\n\n", s.file.chosen_by);
    let mut t = output::table(&["SETTING", "VALUE", "FROM"]);
    for (name, value, source) in s.rows() {
        t.add_row(vec![name.to_string(), value, source.to_string()]);
    }
    text.push_str(&t.to_string());
    text.push('\n');
    output::stdout(&text)
}
