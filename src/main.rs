//! The `ebb` command.

fn main() -> std::process::ExitCode {
    ebb::cmd::main()
}
