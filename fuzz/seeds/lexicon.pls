<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>Kyiv</grapheme><phoneme>ˈkiːjɪw</phoneme></lexeme>
  <lexeme><grapheme>Siobhan</grapheme><alias>shiv-AWN</alias></lexeme>
</lexicon>
