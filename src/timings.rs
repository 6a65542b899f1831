//! Wall time of each phase of a build, printed to standard error when the
//! `EBB_TIMINGS` environment variable is set. For profiling, not for users.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("EBB_TIMINGS").is_some())
}

/// Times consecutive phases; each [`Phases::mark`] ends one.
pub struct Phases {
    last: Instant,
}

impl Phases {
    pub fn start() -> Self {
        Phases {
            last: Instant::now(),
        }
    }

    /// Ends the phase called `name`, printing its time if timings are on.
    pub fn mark(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            eprintln!(
                "{:>8.1} ms  {:>5} MiB peak  {name}",
                (now - self.last).as_secs_f64() * 1000.0,
                peak_mib()
            );
            self.last = now;
        }
    }
}

/// The process's peak resident memory so far, where the system tells it.
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb / 1024)
}
