//! The floor of the benchmarks: a Rust hello-world process, built in release like cyberkompass.
fn main() {
    println!("Hello, world!");
}
