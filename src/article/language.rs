//! Stage 1, after cleaning: an [`Article`] in, the language it is written in out, with
//! the eSpeak NG voice that speaks it.
//!
//! Detection is `whatlang`'s trigram model (69 languages, no data files, a few
//! microseconds per kilobyte) on the headline and the first paragraphs. Only a reliable
//! answer counts: short or mixed texts give none, and the voice the user chose stays.
//! The rest of the pipeline (names, numbers, sentence rules) is English-only for now.

use super::Article;

/// How much of the article the detector reads.
const SAMPLE_BYTES: usize = 4000;

/// A language narrate can name, with the eSpeak NG voice that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code, e.g. `deu`.
    pub code: &'static str,
    /// English name, e.g. `German`.
    pub name: &'static str,
    /// The eSpeak NG voice for it, e.g. `de`; `None` where eSpeak NG has none.
    pub espeak_voice: Option<&'static str>,
}

/// (ISO 639-3, English name, eSpeak NG voice) for every language whatlang detects.
const LANGUAGES: &[(&str, &str, Option<&str>)] = &[
    ("afr", "Afrikaans", Some("af")),
    ("aka", "Akan", None),
    ("amh", "Amharic", Some("am")),
    ("ara", "Arabic", Some("ar")),
    ("aze", "Azerbaijani", Some("az")),
    ("bel", "Belarusian", Some("be")),
    ("ben", "Bengali", Some("bn")),
    ("bul", "Bulgarian", Some("bg")),
    ("cat", "Catalan", Some("ca")),
    ("ces", "Czech", Some("cs")),
    ("cmn", "Mandarin Chinese", Some("cmn")),
    ("cym", "Welsh", Some("cy")),
    ("dan", "Danish", Some("da")),
    ("deu", "German", Some("de")),
    ("ell", "Greek", Some("el")),
    ("eng", "English", Some("en-us")),
    ("epo", "Esperanto", Some("eo")),
    ("est", "Estonian", Some("et")),
    ("fin", "Finnish", Some("fi")),
    ("fra", "French", Some("fr-fr")),
    ("guj", "Gujarati", Some("gu")),
    ("heb", "Hebrew", Some("he")),
    ("hin", "Hindi", Some("hi")),
    ("hrv", "Croatian", Some("hr")),
    ("hun", "Hungarian", Some("hu")),
    ("hye", "Armenian", Some("hy")),
    ("ind", "Indonesian", Some("id")),
    ("ita", "Italian", Some("it")),
    ("jav", "Javanese", None),
    ("jpn", "Japanese", Some("ja")),
    ("kan", "Kannada", Some("kn")),
    ("kat", "Georgian", Some("ka")),
    ("khm", "Khmer", None),
    ("kor", "Korean", Some("ko")),
    ("lat", "Latin", Some("la")),
    ("lav", "Latvian", Some("lv")),
    ("lit", "Lithuanian", Some("lt")),
    ("mal", "Malayalam", Some("ml")),
    ("mar", "Marathi", Some("mr")),
    ("mkd", "Macedonian", Some("mk")),
    ("mya", "Burmese", Some("my")),
    ("nep", "Nepali", Some("ne")),
    ("nld", "Dutch", Some("nl")),
    ("nob", "Norwegian Bokmål", Some("nb")),
    ("ori", "Odia", Some("or")),
    ("pan", "Punjabi", Some("pa")),
    ("pes", "Persian", Some("fa")),
    ("pol", "Polish", Some("pl")),
    ("por", "Portuguese", Some("pt")),
    ("ron", "Romanian", Some("ro")),
    ("rus", "Russian", Some("ru")),
    ("sin", "Sinhala", Some("si")),
    ("slk", "Slovak", Some("sk")),
    ("slv", "Slovenian", Some("sl")),
    ("sna", "Shona", None),
    ("spa", "Spanish", Some("es")),
    ("srp", "Serbian", Some("sr")),
    ("swe", "Swedish", Some("sv")),
    ("tam", "Tamil", Some("ta")),
    ("tel", "Telugu", Some("te")),
    ("tgl", "Tagalog", None),
    ("tha", "Thai", Some("th")),
    ("tuk", "Turkmen", Some("tk")),
    ("tur", "Turkish", Some("tr")),
    ("ukr", "Ukrainian", Some("uk")),
    ("urd", "Urdu", Some("ur")),
    ("uzb", "Uzbek", Some("uz")),
    ("vie", "Vietnamese", Some("vi")),
    ("yid", "Yiddish", None),
    ("zul", "Zulu", None),
];

impl Language {
    fn from_row(
        &(code, name, espeak_voice): &(&'static str, &'static str, Option<&'static str>),
    ) -> Self {
        Language {
            code,
            name,
            espeak_voice,
        }
    }

    /// The language of an ISO 639-3 code.
    pub fn from_code(code: &str) -> Option<Language> {
        LANGUAGES
            .iter()
            .find(|row| row.0 == code)
            .map(Language::from_row)
    }

    /// The language a voice speaks, from its name: `en-us`, `de`, `fr-be` (eSpeak NG) or
    /// `en_US-joe-medium` (Piper). `None` when the name says no language narrate knows.
    pub fn of_voice(voice: &str) -> Option<Language> {
        let voice = voice.strip_prefix("espeak:").unwrap_or(voice);
        let voice = voice.strip_prefix("piper:").unwrap_or(voice);
        let prefix = voice.split(['-', '_']).next()?.to_ascii_lowercase();
        LANGUAGES
            .iter()
            .find(|row| row.2.and_then(|v| v.split('-').next()) == Some(prefix.as_str()))
            .map(Language::from_row)
    }
}

/// Every eSpeak NG voice in the table, one per language.
pub fn espeak_voices() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().filter_map(|row| row.2)
}

/// The article's language, when the detector is sure of it.
pub fn detect(article: &Article) -> Option<Language> {
    let mut sample = article.title.clone().unwrap_or_default();
    for block in &article.blocks {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        sample.push('\n');
        sample.push_str(&block.text);
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    Language::from_code(info.lang().code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, paragraphs};

    fn article(text: &str) -> Article {
        Article {
            title: None,
            byline: None,
            published: None,
            blocks: paragraphs(&[text]),
        }
    }

    #[test]
    fn german_spanish_and_english_articles_get_their_voices() {
        let german = article(
            "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das die \
             Rechte der Mieter in den großen Städten stärken soll.",
        );
        let spanish = article(
            "El Gobierno aprobó el miércoles una nueva ley que refuerza los derechos de los \
             inquilinos en las grandes ciudades del país.",
        );
        let english = article(
            "The government approved a new law on Wednesday that strengthens the rights of \
             tenants in the country's largest cities.",
        );
        assert_eq!(detect(&german).and_then(|l| l.espeak_voice), Some("de"));
        assert_eq!(detect(&spanish).and_then(|l| l.espeak_voice), Some("es"));
        assert_eq!(detect(&english).map(|l| l.code), Some("eng"));
    }

    #[test]
    fn a_short_text_gives_no_answer() {
        assert_eq!(detect(&article("Hi.")), None);
    }

    #[test]
    fn voices_name_their_language() {
        assert_eq!(Language::of_voice("en-us").map(|l| l.code), Some("eng"));
        assert_eq!(
            Language::of_voice("en_US-joe-medium").map(|l| l.code),
            Some("eng")
        );
        assert_eq!(
            Language::of_voice("espeak:fr-be").map(|l| l.code),
            Some("fra")
        );
        assert_eq!(Language::of_voice("de").map(|l| l.code), Some("deu"));
        assert_eq!(Language::of_voice("mock"), None);
    }

    #[test]
    fn every_espeak_voice_in_the_table_exists() {
        let Ok(out) = std::process::Command::new("espeak-ng")
            .arg("--voices")
            .output()
        else {
            eprintln!("skipped: no espeak-ng command on PATH to list its voices");
            return;
        };
        let listed = String::from_utf8_lossy(&out.stdout);
        let names: Vec<&str> = listed
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().nth(1))
            .collect();
        for (_, name, voice) in LANGUAGES {
            if let Some(voice) = voice {
                assert!(names.contains(voice), "{name}: no eSpeak NG voice {voice}");
            }
        }
    }
}
