//! Name finding and rule hints on an article of one paragraph, then the hinted sentence
//! as the engine would get it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::article::{Article, Block, BlockKind};
use narrate::speech::lexicon::Lexicon;
use narrate::speech::{names, NumberStyle, Sentence};

fuzz_target!(|text: &str| {
    let article = Article {
        title: None,
        byline: None,
        published: None,
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            text: text.to_owned(),
        }],
    };
    let found = names::find(&article, &Lexicon::default());
    let hints = names::rule_hints(&found);
    let sentence = Sentence::new(text, &hints, NumberStyle::British);
    for hint in &sentence.hints {
        assert!(sentence.spoken.is_char_boundary(hint.span.start));
        assert!(sentence.spoken.is_char_boundary(hint.span.end));
    }
    let _ = sentence.respelled();
});
