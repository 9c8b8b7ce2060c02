//! Stage 2a, tests: sentence splits of small hand-made cases and the seed article.

use super::*;

fn check(text: &str, want: &[&str]) {
    assert_eq!(split(text), want, "splitting {text:?}");
}

#[test]
fn plain_terminators_split() {
    check("It rained. We stayed in!", &["It rained.", "We stayed in!"]);
    check("Really?! Yes.", &["Really?!", "Yes."]);
    check("  ", &[]);
}

#[test]
fn titles_months_and_numbers_stay_inside() {
    check(
        "Gov. Newsom spoke on Dec. 3 at No. 10 Downing St. in London.",
        &["Gov. Newsom spoke on Dec. 3 at No. 10 Downing St. in London."],
    );
    check("Prices rose 2.5 percent.", &["Prices rose 2.5 percent."]);
}

#[test]
fn company_abbreviations_end_a_sentence_only_before_a_capital() {
    check(
        "He sued Acme Inc. last week. He sued Acme Inc. It settled.",
        &[
            "He sued Acme Inc. last week.",
            "He sued Acme Inc.",
            "It settled.",
        ],
    );
}

#[test]
fn times_split_before_a_capital_unless_in_an_opening_phrase() {
    check(
        "The vote closes at 5 p.m. The count follows.",
        &["The vote closes at 5 p.m.", "The count follows."],
    );
    check(
        "It opens at 9 a.m. on Friday.",
        &["It opens at 9 a.m. on Friday."],
    );
    check(
        "By 7 p.m. Ms. Lee had left.",
        &["By 7 p.m. Ms. Lee had left."],
    );
}

#[test]
fn initials_and_acronyms_split_only_before_a_sentence_starter() {
    check(
        "J. R. R. Tolkien wrote it.",
        &["J. R. R. Tolkien wrote it."],
    );
    check(
        "U.S. officials met in the U.K. They agreed.",
        &["U.S. officials met in the U.K.", "They agreed."],
    );
}

#[test]
fn quotes_and_brackets_after_the_period_belong_to_the_sentence() {
    check(
        "He said, \u{201c}No.\u{201d} Then he left. (It was late.) Fine.",
        &[
            "He said, \u{201c}No.\u{201d}",
            "Then he left.",
            "(It was late.)",
            "Fine.",
        ],
    );
    check("\"Stop!\" she said.", &["\"Stop!\" she said."]);
}

#[test]
fn ellipses_split_only_before_a_capital_with_four_dots() {
    check(
        "Wait... what? Go . . . . Now.",
        &["Wait... what?", "Go . . . .", "Now."],
    );
    // a period, then an ellipsis that opens the next sentence
    check("Go. . . . Now.", &["Go.", ". . . Now."]);
    check("So . . . I think.", &["So . . . I think."]);
}

#[test]
fn numbered_and_lettered_lists_split_between_items() {
    check(
        "1. Eggs 2. Milk 3. Bread",
        &["1. Eggs", "2. Milk", "3. Bread"],
    );
    check("(a) one (b) two", &["(a) one", "(b) two"]);
    check(
        "Read section 2. Then rest.",
        &["Read section 2.", "Then rest."],
    );
}

#[test]
fn missing_spaces_and_line_breaks() {
    check("It ended.Then it began.", &["It ended.", "Then it began."]);
    check(
        "It cost 1,000.That hurt.",
        &["It cost 1,000.", "That hurt."],
    );
    check(
        "Mail jo.Smith@example.com now.",
        &["Mail jo.Smith@example.com now."],
    );
    check(
        "a long\nsentence.\n\nNext one",
        &["a long\nsentence.", "Next one"],
    );
    check("句子一。句子二。", &["句子一。", "句子二。"]);
}

#[test]
fn odd_input_neither_panics_nor_slows_down() {
    let long = "word ".repeat(200_000);
    assert_eq!(split(&long).len(), 1);
    let dots = ". ".repeat(100_000);
    assert_eq!(split(&dots).len(), 1);
    let times = format!("At {}", "5 a.m. A.m. ".repeat(50_000));
    assert!(!split(&times).is_empty());
    check("🙂. مرحبا. ¿Qué?", &["🙂.", "مرحبا.", "¿Qué?"]);
    check("x.)", &["x.)"]);
}

#[test]
fn seed_article_keeps_dates_and_decimals_inside_sentences() {
    let article = include_str!("../../../samples/kyiv-independent-2024-11-27.txt");
    let sentences = split(article);
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("in Seoul on Nov. 27 to discuss"))
    );
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("The country fields not only 155 mm")
                && s.contains("3.4 million"))
    );
    assert!(sentences.contains(&"Reuters later deleted the information from its reporting."));
}

#[test]
fn stress_inputs_neither_panic_nor_split_wrongly() {
    // timing lives in benches/speech_text.py
    let long = "word ".repeat(200_000);
    assert_eq!(split(&long), [long.trim_end()], "1 MB without punctuation");
    let number = format!("It was {} units. Next.", "7".repeat(10_000));
    assert_eq!(split(&number).len(), 2);
    let rtl = "مرحبا שלום 4.5. ".repeat(2_000);
    assert_eq!(split(&rtl).len(), 2_000, "right-to-left sentences");
    let emoji = "🙂 👍🏽 🇺🇦! 👨‍👩‍👧 ".repeat(2_000);
    let sentences = split(&emoji);
    assert_eq!(
        sentences.len(),
        2_001,
        "emoji sentences, and the trailing family"
    );
    assert!(sentences[..2_000].iter().all(|s| s.ends_with('!')));
    assert_eq!(sentences[2_000], "👨‍👩‍👧");
}

#[test]
fn a_chain_of_company_abbreviations_does_not_end_a_sentence() {
    assert_eq!(
        split("Samsung Electronics Co. Ltd., said profits rose. Then it fell."),
        [
            "Samsung Electronics Co. Ltd., said profits rose.",
            "Then it fell."
        ]
    );
    assert_eq!(
        split("Acme Inc. Corp. filed. It closed."),
        ["Acme Inc. Corp. filed.", "It closed."]
    );
    // a company abbreviation before a new sentence still ends it
    assert_eq!(
        split("He joined Acme Co. The firm grew."),
        ["He joined Acme Co.", "The firm grew."]
    );
}

#[test]
fn a_time_zone_after_a_time_belongs_to_the_sentence() {
    assert_eq!(
        split("The vote closes at 5 p.m. EST. Officials said so."),
        ["The vote closes at 5 p.m. EST.", "Officials said so."]
    );
    assert_eq!(
        split("It starts at 9 a.m. GMT, then moves."),
        ["It starts at 9 a.m. GMT, then moves."]
    );
}
