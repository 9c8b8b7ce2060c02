//! The whole text pipeline up to the engine: bytes → article → script with rule hints →
//! the length check → engine requests (through the mock voice, which only times words).
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::audio::Pauses;
use narrate::engine::mock::MockEngine;
use narrate::speech::lexicon::Lexicon;
use narrate::speech::{names, Script};

fuzz_target!(|bytes: &[u8]| {
    let Ok(article) = narrate::article::clean(bytes) else {
        return;
    };
    let found = names::find(&article, &Lexicon::default());
    let lexicon = Lexicon::builtin().merge(names::rule_hints(&found));
    let script = Script::from_article(&article, &lexicon);
    let mut engine = MockEngine;
    if narrate::render::check_length(&script, narrate::audio::SampleRate(22_050), Pauses::default()).is_err() {
        return;
    }
    let mut requests = narrate::render::Requests::default();
    for sentence in script.sentences() {
        let _ = requests.request(sentence, &mut engine);
    }
});
