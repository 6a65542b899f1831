//! Wall and CPU time of each phase of a build, printed to standard error when
//! the `EBB_TIMINGS` environment variable is set. For profiling, not for users.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("EBB_TIMINGS").is_some())
}

/// Times consecutive phases; each [`Phases::mark`] ends one.
pub struct Phases {
    last: Instant,
    last_cpu: f64,
}

impl Phases {
    pub fn start() -> Self {
        Phases {
            last: Instant::now(),
            last_cpu: cpu_ms(),
        }
    }

    /// Ends the phase called `name`, printing its wall time, the CPU time of
    /// all threads (to 10 ms), and the peak memory so far, if timings are on.
    pub fn mark(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            let cpu = cpu_ms();
            eprintln!(
                "{:>8.1} ms  {:>6.0} ms CPU  {:>5} MiB peak  {name}",
                (now - self.last).as_secs_f64() * 1000.0,
                cpu - self.last_cpu,
                peak_mib()
            );
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}

/// The user and system time of every thread of the process so far, where the
/// system tells it (`/proc/self/stat` counts in ticks of 10 ms).
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The command name may hold spaces: fields are counted after it.
            let fields: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
            let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
            Some((ticks(11)? + ticks(12)?) * 10.0)
        })
        .unwrap_or(0.0)
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
