//! `narrate voices`: the voices a user can pick, and installing neural ones.

use anyhow::Result;

use super::{lines, print_data};
use crate::cli::VoicesAction;
use crate::config::{UserConfig, KNOWN_VOICES};
use crate::engine::piper::install::{install_voice, is_voice_installed};
use crate::settings::Environment;

pub(super) fn voices(action: Option<VoicesAction>, env: &Environment) -> Result<()> {
    match action {
        None => print_data(&lines(&voice_list(UserConfig::load()?.default_voice()))),
        Some(VoicesAction::Install { name }) => {
            let done = install_voice(&name)?;
            for path in &done.written {
                env.note(&format!("installed {}", path.display()));
            }
            for path in &done.kept {
                env.note(&format!("already installed {}", path.display()));
            }
            print_data(&format!("{name}\tinstalled\n"))
        }
    }
}

/// Every known voice, the default marked, neural voices marked installed or not.
fn voice_list(default_voice: &str) -> Vec<String> {
    KNOWN_VOICES
        .iter()
        .map(|(name, about)| {
            let default = if *name == default_voice {
                " (default)"
            } else {
                ""
            };
            let state = match is_voice_installed(name) {
                Some(true) => " (installed)",
                Some(false) => " (not installed)",
                None => "",
            };
            format!("{name}\t{about}{default}{state}")
        })
        .collect()
}
