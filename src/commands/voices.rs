//! `narrate voices`: the voices a user can pick, and installing neural ones.

use anyhow::Result;

use super::{lines, print_data};
use crate::cli::VoicesAction;
use crate::config::{KNOWN_VOICES, UserConfig};
use crate::engine::piper::install::{InstallState, install_voice, voice_state};
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

/// Every known voice, the default marked, neural voices marked installed, not installed
/// or damaged (a truncated or changed file, theirs or the runtime's).
fn voice_list(default_voice: &str) -> Vec<String> {
    KNOWN_VOICES
        .iter()
        .map(|(name, about)| {
            let default = if *name == default_voice {
                " (default)"
            } else {
                ""
            };
            let state = match voice_state(name) {
                Some(InstallState::Installed) => " (installed)".to_owned(),
                Some(InstallState::NotInstalled) => " (not installed)".to_owned(),
                Some(InstallState::Damaged(damaged)) => {
                    format!(" (damaged, reinstall it: {damaged})")
                }
                None => String::new(),
            };
            format!("{name}\t{about}{default}{state}")
        })
        .collect()
}
