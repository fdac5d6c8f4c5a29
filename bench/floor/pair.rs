//! The wall-time runner of bench/run.sh: runs a floor process and a command alternately, N times
//! each, and prints the median of the per-pair ratios (command / floor) and the medians of both,
//! in microseconds. Each run is timed around spawn and wait in this process, with standard output
//! and error to /dev/null; no shell or `date` process sits in the measured time, so the ratio is
//! not flattened by a fixed overhead on both sides (the shell's `date +%s%N` around each run added
//! about 1 ms). One unmeasured warm-up pair comes first.
//!
//! Usage: floor-pair N FLOOR [ARG…] -- COMMAND [ARG…]
//! Output: `RATIO FLOOR_US COMMAND_US`
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: floor-pair N FLOOR [ARG…] -- COMMAND [ARG…]";
    let Some((n, rest)) = args.split_first() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let Some(sep) = rest.iter().position(|a| a == "--") else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let (floor, cmd) = (&rest[..sep], &rest[sep + 1..]);
    if floor.is_empty() || cmd.is_empty() || n == 0 {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let mut floors = Vec::with_capacity(n);
    let mut cmds = Vec::with_capacity(n);
    let mut ratios = Vec::with_capacity(n);
    for i in 0..=n {
        let f = time(floor);
        let c = time(cmd);
        if i > 0 {
            floors.push(f);
            cmds.push(c);
            ratios.push(c / f);
        }
    }
    println!(
        "{:.4} {:.1} {:.1}",
        median(&mut ratios),
        median(&mut floors),
        median(&mut cmds)
    );
    ExitCode::SUCCESS
}

/// Wall time of one whole process in microseconds (spawn to exit).
fn time(argv: &[String]) -> f64 {
    let start = Instant::now();
    let status = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let us = start.elapsed().as_secs_f64() * 1e6;
    if let Err(e) = status {
        eprintln!("cannot run {}: {e}", argv[0]);
        std::process::exit(1);
    }
    us
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}
