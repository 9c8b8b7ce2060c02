//! The whole text pipeline up to the engine: bytes → article → names → script with rule
//! hints → the length check → engine requests (through the mock voice, which only times
//! words), as `narrate render` runs it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::audio::SampleRate;
use narrate::engine::mock::MockEngine;
use narrate::render::{check_length, Delivery, Requests};
use narrate::settings::hinted_script;
use narrate::speech::lexicon::Lexicon;
use narrate::speech::NumberStyle;

fuzz_target!(|bytes: &[u8]| {
    let Ok(article) = narrate::article::clean(bytes) else {
        return;
    };
    let (script, _unhinted) = hinted_script(&article, &Lexicon::builtin(), NumberStyle::British);
    if check_length(&script, SampleRate(22_050), Delivery::default()).is_err() {
        return;
    }
    let mut engine = MockEngine;
    let mut requests = Requests::new(Delivery::default());
    for sentence in script.sentences() {
        let _ = requests.request(sentence, &mut engine);
    }
});
