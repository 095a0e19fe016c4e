fn main() {
    let raw = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let d = planmap::decode::decode(&raw).unwrap();
    let r = planmap::restore::restore(&d.text);
    let o = planmap::outline::parse(&r.text);
    println!("TITLE {}", o.title);
    println!(
        "FRONT {:?} CLOSING {:?} DEBRIS {:?}",
        o.front, o.closing, o.debris
    );
    for p in &o.parts {
        println!(
            "PART {} {} {:?} lead={}",
            p.number,
            p.title,
            p.span,
            p.lead.len()
        );
        for s in &p.sections {
            println!(
                "  SEC {}.{} {} {:?} {:?} paras={}",
                p.number,
                s.number,
                s.title,
                s.style,
                s.span,
                s.paras.len()
            );
        }
    }
    for d in &o.diagnostics {
        println!("DIAG {:?}", d);
    }
}
