fn main() {
    let raw = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let r = planmap::restore::restore(&raw);
    for d in &r.diagnostics {
        if d.code != "restored-char" {
            println!("{} {:?} {}", d.code, d.span, d.message);
        }
    }
    let chars: Vec<char> = r.text.chars().collect();
    for (o, _, c) in &r.restored {
        println!("R {} {}", o, c);
    }
    let _ = chars;
}
