//! Tests of the whole normalizer: each rule family on a sentence, odd input, the seed.

use super::*;

#[test]
fn cardinals_decimals_and_ordinals() {
    assert_eq!(normalize("over 10,000 troops"), "over ten thousand troops");
    assert_eq!(
        normalize("3.4 million rounds"),
        "three point four million rounds"
    );
    assert_eq!(
        normalize("the 47th president"),
        "the forty seventh president"
    );
    assert_eq!(normalize("-2"), "minus two");
}

#[test]
fn years_read_in_pairs() {
    assert_eq!(normalize("in 1984"), "in nineteen eighty four");
    assert_eq!(normalize("in 2009"), "in two thousand nine");
    assert_eq!(normalize("in 2024"), "in twenty twenty four");
    assert_eq!(
        normalize("the 2023-24 season"),
        "the twenty twenty three to twenty four season"
    );
    assert_eq!(normalize("a 5-4 vote"), "a five to four vote");
    assert_eq!(normalize("code b-1-5-x"), "code b-one-five-x");
}

#[test]
fn fractions_and_roman_numerals() {
    assert_eq!(normalize("1/2"), "one half");
    assert_eq!(normalize("2 1/2 cups"), "two and a half cups");
    assert_eq!(normalize("Elizabeth II"), "Elizabeth the second");
    assert_eq!(normalize("World War II ended"), "World War two ended");
    assert_eq!(normalize("Sam and I"), "Sam and I");
}

#[test]
fn abbreviations_acronyms_and_symbols() {
    assert_eq!(normalize("No. I saw Gen Z fans."), "No. I saw Gen Z fans.");
    assert_eq!(normalize("See p. 55."), "See page fifty five.");
    assert_eq!(
        normalize("Dr. Evil met Mr Smith"),
        "Doctor Evil met Mister Smith"
    );
    assert_eq!(
        normalize("No. 5 vs. No. 6"),
        "Number five versus Number six"
    );
    assert_eq!(
        normalize("St. Paul lives on Elm St."),
        "Saint Paul lives on Elm Street."
    );
    assert_eq!(normalize("the U.S. and NATO"), "the U S and NATO");
    assert_eq!(normalize("in Washington, DC."), "in Washington, D C.");
    assert_eq!(normalize("R&D"), "R and D");
}

#[test]
fn addresses_and_phone_numbers() {
    assert_eq!(normalize("jo@example.com"), "jo at example dot com");
    assert_eq!(
        normalize("call 555-123-4567"),
        "call five five five, one two three, four five six seven"
    );
}

#[test]
fn odd_input_passes_through_without_panicking() {
    assert_eq!(normalize(""), "");
    assert_eq!(normalize("🙂 مرحبا שלום"), "🙂 مرحبا שלום");
    assert_eq!(normalize("<breath/> [HH AH0]"), "<breath/> [HH AH0]");
    let long = "7".repeat(10_000);
    assert_eq!(normalize(&long).split(' ').count(), 10_000);
    let junk = "$%#@/-.,:".repeat(2_000);
    let _ = normalize(&junk);
}

#[test]
fn seed_article_sentences() {
    assert_eq!(
        normalize("82% oppose sending arms to Ukraine."),
        "eighty two percent oppose sending arms to Ukraine."
    );
    assert_eq!(
        normalize("US announces $988 million military aid package for Ukraine."),
        "U S announces nine hundred eighty eight million dollars military aid package for Ukraine."
    );
    assert_eq!(
        spoken_iso_date("2024-11-27").as_deref(),
        Some("November twenty seventh, twenty twenty four.")
    );
}
