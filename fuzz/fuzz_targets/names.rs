//! Name finding and rule hints on an article of one paragraph.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::article::{Article, Block, BlockKind};
use narrate::speech::lexicon::Lexicon;
use narrate::speech::names;

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
    let _ = names::rule_hints(&found);
});
