//! Stage 2, snapshot: the seed article's whole narration script, each sentence beside its
//! spoken form, for a human to review (`src/speech/snapshots/`).

use super::{normalize, sentences};

#[test]
fn seed_narration_script() {
    let expected = include_str!("../../samples/kyiv-independent-2024-11-27.expected.json");
    let json: serde_json::Value = serde_json::from_str(expected).expect("the sample is JSON");
    let paragraphs = json["paragraphs"].as_array().expect("a paragraphs array");
    let mut script = String::new();
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let text = paragraph.as_str().expect("paragraphs are strings");
        script.push_str(&format!("## paragraph {}\n", n + 1));
        for sentence in sentences::split(text) {
            script.push_str(&format!(
                "written: {sentence}\nspoken:  {}\n\n",
                normalize::normalize(sentence)
            ));
        }
    }
    insta::assert_snapshot!(script);
}
