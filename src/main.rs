//! The `ebb` command.

fn main() -> std::process::ExitCode {
    ebb::cmd::main()
}

// A build makes many short-lived strings on several threads; glibc's malloc
// took about a fifth of the time of a 10,000-entry build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
