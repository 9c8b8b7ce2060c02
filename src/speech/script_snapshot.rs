//! Stage 2, snapshot: the seed article's whole narration script as a render builds it
//! (cleaned article, built-in lexicon and rule hints), each sentence beside its spoken
//! form and its names' hints, for a human to review (`src/speech/snapshots/`).

use super::lexicon::Lexicon;
use crate::settings::hinted_script;

#[test]
fn seed_narration_script() {
    let seed = include_bytes!("../../samples/kyiv-independent-2024-11-27.txt");
    let article = crate::article::clean(seed).expect("the seed is an article");
    let (script, unhinted) = hinted_script(&article, &Lexicon::builtin());
    let mut out = String::new();
    for chapter in &script.chapters {
        out.push_str(&format!("# chapter: {}\n", chapter.title));
        for (n, paragraph) in chapter.paragraphs.iter().enumerate() {
            out.push_str(&format!("## paragraph {}\n", n + 1));
            for sentence in &paragraph.sentences {
                out.push_str(&format!(
                    "written: {}\nspoken:  {}\n",
                    sentence.text, sentence.spoken
                ));
                for hint in &sentence.hints {
                    let how = hint.ipa.as_deref().or(hint.say.as_deref()).unwrap_or("-");
                    out.push_str(&format!(
                        "hint:    {} = {how}\n",
                        &sentence.spoken[hint.span.clone()]
                    ));
                }
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("unhinted names: {unhinted:?}\n"));
    insta::assert_snapshot!(out);
}
