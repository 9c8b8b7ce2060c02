//! Ctrl-C and SIGTERM during a render: a signal sets a flag, the work checks it between
//! sentences and stops with [`Interrupted`], and the normal error path removes the
//! temporary files (an existing output is left as it was). A second Ctrl-C or SIGTERM
//! exits at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

use signal_hook::consts::{SIGINT, SIGTERM};

static INTERRUPTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);
static TERMINATED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);

/// The work was stopped by a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted {
    /// The exit code a shell expects: 128 + the signal's number.
    pub exit_code: u8,
}

/// Catch SIGINT and SIGTERM from now on (the first of each sets the flag; the second
/// exits with 128 + its number).
pub fn install() -> std::io::Result<()> {
    for (signal, flag) in [(SIGINT, &*INTERRUPTED), (SIGTERM, &*TERMINATED)] {
        let code = 128 + signal;
        signal_hook::flag::register_conditional_shutdown(signal, code, Arc::clone(flag))?;
        signal_hook::flag::register(signal, Arc::clone(flag))?;
    }
    Ok(())
}

/// `Err` once a signal asked the work to stop.
pub fn check() -> Result<(), Interrupted> {
    if TERMINATED.load(Ordering::Relaxed) {
        return Err(Interrupted {
            exit_code: (128 + SIGTERM) as u8,
        });
    }
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(Interrupted {
            exit_code: (128 + SIGINT) as u8,
        });
    }
    Ok(())
}
