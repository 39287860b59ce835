fn main() {
    std::process::exit(polymig::cli::run());
}
