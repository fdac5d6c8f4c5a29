fn main() {
    for y in ["id: a\nnumber: 1\ntitel: {de: x}\n", "id: 'a\nnumber: 1\n", "a: &a [1,1]\nb: *a\n", "id: a\nid: b\n", "- a\n"] {
        let r: Result<cyberkompass::model::Field, _> = serde_saphyr::from_str_with_options(y, cyberkompass::load::yaml_options());
        let e = r.unwrap_err();
        println!("{:?}\n  display={}\n  inner={}", e.without_snippet(), e, e.without_snippet());
    }
    let mut s = String::from("a: ");
    for _ in 0..100000 { s.push('['); }
    let r: Result<cyberkompass::model::Field, _> = serde_saphyr::from_str_with_options(&s, cyberkompass::load::yaml_options());
    println!("{}", r.unwrap_err());
    let mut s = String::new();
    for i in 0..100000 { s.push_str(&" ".repeat(i % 50)); s.push_str("a:\n"); }
}
