//! The `ebb` command.

fn main() -> std::process::ExitCode {
    ebb::cmd::main()
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
