//! `narrate voices`: the voices a user can pick, and installing neural ones.

use anyhow::Result;

use super::{lines, print_data};
use crate::cli::VoicesAction;
use crate::config::{UserConfig, KNOWN_VOICES};
use crate::engine::piper::install::install_voice;
use crate::engine::piper::manifest::{data_dir, is_installed, VoiceManifest};

pub(super) fn voices(action: Option<VoicesAction>) -> Result<()> {
    match action {
        None => print_data(&lines(&voice_list(UserConfig::load()?.default_voice()))),
        Some(VoicesAction::Install { name }) => {
            let done = install_voice(&name)?;
            for path in &done.written {
                eprintln!("installed {}", path.display());
            }
            for path in &done.kept {
                eprintln!("already installed {}", path.display());
            }
            print_data(&format!("{name}\tinstalled\n"))
        }
    }
}

/// Every known voice, the default marked, neural voices marked installed or not.
fn voice_list(default_voice: &str) -> Vec<String> {
    let data = data_dir();
    KNOWN_VOICES
        .iter()
        .map(|(name, about)| {
            let default = if *name == default_voice {
                " (default)"
            } else {
                ""
            };
            let state = match (VoiceManifest::find(name), data.as_deref()) {
                (Some(manifest), Some(data)) if is_installed(data, &manifest) => " (installed)",
                (Some(_), _) => " (not installed)",
                (None, _) => "",
            };
            format!("{name}\t{about}{default}{state}")
        })
        .collect()
}
