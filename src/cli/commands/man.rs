use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, Args};
use roff::{Inline, Roff, bold, italic, roman};

use crate::cli::output;
use crate::error::Error;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice man | man -l -                        # read it now
  boxoffice man --dir ~/.local/share/man/man1     # install boxoffice.1 and one page per command

--dir creates the directory (and its parents) when it is missing.")]
pub struct ManArgs {
    /// Write boxoffice.1 and a page per command (boxoffice-reserve.1, ...) into this directory
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

pub fn run(a: &ManArgs) -> Result<(), Error> {
    // `help` is clap's help subcommand, not a command with a page of its own.
    let mut cmd = super::super::command().disable_help_subcommand(true);
    cmd.build();
    match &a.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .and_then(|()| write_pages(&cmd, dir))
                .map_err(|e| {
                    Error::invalid(format!("writing man pages to {}: {e}", dir.display()))
                })?;
            output::note(format!("Wrote man pages to {}", dir.display()));
            Ok(())
        }
        None => output::stdout(&page(&cmd)),
    }
}

/// One page per command and subcommand, named like `boxoffice-showtime-add.1`.
fn write_pages(cmd: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    std::fs::write(dir.join(format!("{name}.1")), page(cmd))
}

/// Renders one section with clap_mangen, without the preamble each render repeats.
fn section(
    man: &clap_mangen::Man,
    f: fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = f(man, &mut buf);
    strip_preamble(String::from_utf8_lossy(&buf).into_owned())
}

fn strip_preamble(text: String) -> String {
    let preamble = Roff::new().render();
    match text.strip_prefix(&preamble) {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A command's page: clap_mangen's title, name, description, options and subcommands, with our
/// SYNOPSIS (option values shown), EXAMPLES as preformatted blocks, NOTES, and EXIT STATUS.
fn page(cmd: &clap::Command) -> String {
    let version = cmd.get_version().unwrap_or_default();
    // No date (the pages are checked in and must not change by themselves); written as an
    // empty quoted argument so that .TH's later arguments keep their places and the footer
    // reads "boxoffice 0.1.0".
    let man = clap_mangen::Man::new(cmd.clone())
        .date("\"\"")
        .source(format!("boxoffice {version}"))
        .manual("boxoffice manual");
    // The title keeps the preamble that defines the apostrophe string.
    let mut title = Vec::new();
    let _ = man.render_title(&mut title);
    let mut out = String::from_utf8_lossy(&title).into_owned();
    out.push_str(&section(&man, clap_mangen::Man::render_name_section));
    out.push_str(&synopsis(cmd));
    out.push_str(&section(&man, clap_mangen::Man::render_description_section));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        out.push_str(&section(&man, clap_mangen::Man::render_options_section));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        out.push_str(&section(&man, clap_mangen::Man::render_subcommands_section));
    }
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        out.push_str(&after_help(&after.to_string()));
    }
    out.push_str(&exit_status());
    out
}

fn value(arg: &Arg) -> Vec<Inline> {
    let takes = arg.get_num_args().is_some_and(|r| r.takes_values());
    if !takes {
        return Vec::new();
    }
    let name = arg
        .get_value_names()
        .map(|v| v.join(" "))
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    vec![roman(" "), italic(format!("<{name}>"))]
}

fn flag(arg: &Arg) -> Vec<Inline> {
    let mut v = match (arg.get_short(), arg.get_long()) {
        (Some(s), Some(l)) => vec![bold(format!("-{s}")), roman("|"), bold(format!("--{l}"))],
        (Some(s), None) => vec![bold(format!("-{s}"))],
        (None, Some(l)) => vec![bold(format!("--{l}"))],
        (None, None) => Vec::new(),
    };
    v.extend(value(arg));
    if matches!(arg.get_action(), ArgAction::Append | ArgAction::Count) {
        v.push(roman("..."));
    }
    v
}

fn is_global(arg: &Arg) -> bool {
    arg.get_help_heading() == Some("Global options")
}

/// `boxoffice reserve [--hold <DURATION>] [GLOBAL OPTIONS] --showtime <ID> --user <ID>
/// [SEAT]...`: every option with its value, the global ones summed up on subcommand pages.
fn synopsis(cmd: &clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut line = vec![bold(name)];
    let top = cmd.get_bin_name().is_none_or(|b| !b.contains(' '));
    let grouped: Vec<(&clap::Id, Vec<&Arg>)> = cmd
        .get_groups()
        .filter(|g| g.is_required_set())
        .map(|g| {
            let members = g
                .get_args()
                .filter_map(|id| cmd.get_arguments().find(|a| a.get_id() == id))
                .collect();
            (g.get_id(), members)
        })
        .collect();
    let in_group = |a: &Arg| {
        grouped
            .iter()
            .any(|(_, m)| m.iter().any(|g| g.get_id() == a.get_id()))
    };
    let shown = |a: &&Arg| {
        !a.is_hide_set()
            && !a.is_positional()
            && !in_group(a)
            && !matches!(a.get_action(), ArgAction::Help | ArgAction::Version)
            && (top || !is_global(a))
    };
    let options: Vec<&Arg> = cmd.get_arguments().filter(shown).collect();
    for opt in options.iter().filter(|a| !a.is_required_set()) {
        line.push(roman(" ["));
        line.extend(flag(opt));
        line.push(roman("]"));
    }
    if !top {
        line.push(roman(" ["));
        line.push(italic("GLOBAL OPTIONS"));
        line.push(roman("]"));
    }
    for opt in options.iter().filter(|a| a.is_required_set()) {
        line.push(roman(" "));
        line.extend(flag(opt));
    }
    for (_, members) in &grouped {
        line.push(roman(" <"));
        for (i, a) in members.iter().enumerate() {
            if i > 0 {
                line.push(roman("|"));
            }
            line.extend(flag(a));
        }
        line.push(roman(">"));
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let (l, r) = if arg.is_required_set() {
            ("<", ">")
        } else {
            ("[", "]")
        };
        let name = arg
            .get_value_names()
            .map(|v| v.join(" "))
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        line.push(roman(format!(" {l}")));
        line.push(italic(name));
        line.push(roman(r));
        if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            line.push(roman("..."));
        }
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        line.push(roman(" <"));
        line.push(italic("command"));
        line.push(roman(">"));
    }
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]).text(line);
    strip_preamble(roff.render())
}

/// The after-help text, split into sections: "Examples:" becomes EXAMPLES, each command line
/// kept as typed (preformatted, not reflowed); "Exit codes:" is left to EXIT STATUS; the rest is
/// NOTES, where indented lines stay preformatted too.
fn after_help(text: &str) -> String {
    let mut roff = Roff::new();
    let mut notes_started = false;
    for para in text.split("\n\n") {
        let mut lines = para.lines();
        let Some(first) = lines.next() else { continue };
        match first.trim_end() {
            "Examples:" => {
                roff.control("SH", ["EXAMPLES"]);
                preformatted(&mut roff, lines.collect());
            }
            "Exit codes:" => {}
            _ => {
                if !notes_started {
                    roff.control("SH", ["NOTES"]);
                    notes_started = true;
                } else {
                    roff.control("PP", []);
                }
                let mut block: Vec<&str> = Vec::new();
                for line in para.lines() {
                    if line.starts_with("  ") {
                        block.push(line);
                        continue;
                    }
                    if !block.is_empty() {
                        preformatted(&mut roff, std::mem::take(&mut block));
                    }
                    roff.text([roman(line)]);
                }
                if !block.is_empty() {
                    preformatted(&mut roff, block);
                }
            }
        }
    }
    strip_preamble(roff.render())
}

fn preformatted(roff: &mut Roff, lines: Vec<&str>) {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    roff.control("RS", ["4"]).control("nf", []);
    for line in lines {
        roff.text([roman(line.get(indent..).unwrap_or_default())]);
    }
    roff.control("fi", []).control("RE", []);
}

/// The exit code table, from the same text `boxoffice --help` prints.
fn exit_status() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    let codes = super::super::AFTER_HELP
        .split("Exit codes:\n")
        .nth(1)
        .unwrap_or_default();
    for line in codes.lines() {
        let line = line.trim();
        let Some((code, meaning)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        roff.control("TP", []).text([roman(code)]);
        roff.text([roman(meaning.trim())]);
    }
    strip_preamble(roff.render())
}
