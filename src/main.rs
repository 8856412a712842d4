fn main() {
    std::process::exit(boxoffice::cli::main());
}
