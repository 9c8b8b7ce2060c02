//! English place names and surnames whose spelling misleads: a name in, how English
//! speakers say it out. Listed names (`voices/english-names.toml`, with sources) give IPA;
//! the common patterns (`-cester`, `-ham`, `-lwich`, `-mouth`, Scottish `-burgh`) give a
//! respelling that eSpeak NG reads right, checked by what it then says (tests below).

use std::sync::OnceLock;

use serde::Deserialize;

const NAMES_TOML: &str = include_str!("../../../../voices/english-names.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Vec<Listed>,
}

/// One listed name and its pronunciation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Listed {
    pub(crate) text: String,
    pub(crate) ipa: String,
    #[allow(dead_code)] // read by the tests and by people
    pub(crate) source: String,
}

pub(crate) fn listed() -> &'static [Listed] {
    static LISTED: OnceLock<Vec<Listed>> = OnceLock::new();
    LISTED.get_or_init(|| {
        toml::from_str::<File>(NAMES_TOML)
            .expect("voices/english-names.toml parses (checked by a unit test)")
            .name
    })
}

/// The IPA of `name` when it is listed (exact case).
pub(crate) fn exception(name: &str) -> Option<&'static str> {
    listed()
        .iter()
        .find(|l| l.text == name)
        .map(|l| l.ipa.as_str())
}

/// A respelling of a one-word name that follows one of the patterns, else `None`.
pub(super) fn respell(name: &str) -> Option<String> {
    if name.contains([' ', '-']) || !name.is_ascii() || name.len() < 6 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let stem_of = |suffix: &str| {
        lower
            .strip_suffix(suffix)
            .filter(|s| s.len() >= 2)
            .map(|s| &name[..s.len()])
    };
    // Bicester, Towcester, Alcester: the "ce" is silent (not Cirencester, listed). Stems
    // with "ei", "ou", "or" change their vowel too (Leicester, Gloucester, Worcester):
    // eSpeak knows those, and "Leister" would be read "lie-ster".
    let plain = |s: &&str| {
        let s = s.to_ascii_lowercase();
        !s.ends_with('n') && !["ei", "ou", "or"].iter().any(|d| s.contains(d))
    };
    if let Some(stem) = stem_of("cester").filter(plain) {
        return Some(format!("{stem}ster"));
    }
    // Tottenham, Fulham, Birmingham: an unstressed "-um", the h silent. Not after a
    // vowel (Graham, Abraham), "s" or "t" (Hisham, Lewisham, Gotham, Streatham keep it).
    if let Some(stem) = stem_of("ham") {
        let last = stem.chars().last()?.to_ascii_lowercase();
        if "aeiouyhst".contains(last) {
            return None;
        }
        if stem.to_ascii_lowercase().ends_with("ng") {
            // "Birmingum" would be read with a hard g.
            return Some(format!("{stem}m"));
        }
        return Some(format!("{}um", doubled(stem)));
    }
    // Woolwich, Dulwich: the w is silent.
    if let Some(stem) = stem_of("lwich") {
        return Some(format!("{}itch", doubled(&format!("{stem}l"))));
    }
    // Exmouth, Bournemouth: an unstressed "-muth".
    if let Some(stem) = stem_of("mouth") {
        return Some(format!("{stem}muth"));
    }
    // Jedburgh, Musselburgh: Scottish "-burra"; not after s (Pittsburgh, Harrisburgh).
    if let Some(stem) = stem_of("burgh").filter(|s| !s.ends_with('s')) {
        return Some(format!("{stem}burra"));
    }
    None
}

/// A one-syllable `stem` with its last consonant doubled after its single vowel ("Ful" →
/// "Full"), so the respelling keeps the vowel short.
fn doubled(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "aeiou".contains(c.to_ascii_lowercase());
    let vowels = chars.iter().filter(|&&c| vowel(c)).count();
    if vowels == 1 && n >= 2 && !vowel(chars[n - 1]) && vowel(chars[n - 2]) {
        let last = chars[n - 1];
        if !"wxy".contains(last) {
            return format!("{stem}{last}");
        }
    }
    stem.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listed_names_parse_and_have_sources() {
        assert!(listed().len() >= 30);
        for l in listed() {
            assert!(!l.ipa.is_empty() && !l.source.is_empty(), "{}", l.text);
        }
    }

    #[test]
    fn patterns_respell_the_local_way() {
        assert_eq!(respell("Bicester").as_deref(), Some("Bister"));
        assert_eq!(respell("Cirencester"), None, "listed instead");
        for known in ["Leicester", "Gloucester", "Worcester"] {
            assert_eq!(respell(known), None, "eSpeak says {known} right by itself");
        }
        assert_eq!(respell("Tottenham").as_deref(), Some("Tottenum"));
        assert_eq!(respell("Fulham").as_deref(), Some("Fullum"));
        assert_eq!(respell("Birmingham").as_deref(), Some("Birmingm"));
        assert_eq!(respell("Woolwich").as_deref(), Some("Woolitch"));
        assert_eq!(respell("Dulwich").as_deref(), Some("Dullitch"));
        assert_eq!(respell("Exmouth").as_deref(), Some("Exmuth"));
        assert_eq!(respell("Jedburgh").as_deref(), Some("Jedburra"));
        for kept in [
            "Graham",
            "Abraham",
            "Hisham",
            "Lewisham",
            "Gotham",
            "Pittsburgh",
            "Ipswich",
        ] {
            assert_eq!(respell(kept), None, "{kept}");
        }
    }

    /// What eSpeak NG says for each respelling, not the respelling text, is what counts.
    #[test]
    fn espeak_says_the_respellings_as_meant() {
        let Ok(out) = std::process::Command::new("espeak-ng")
            .args([
                "-q",
                "--ipa",
                "-v",
                "en-us",
                "Tottenum Birmingm Woolitch Exmuth Bister",
            ])
            .output()
        else {
            eprintln!("skipped: espeak-ng is not installed");
            return;
        };
        let said = String::from_utf8_lossy(&out.stdout).replace(['ˈ', 'ˌ', 'ː'], "");
        for expected in ["tɛnəm", "mɪŋəm", "wʊlɪtʃ", "smʌθ", "bɪstɚ"] {
            assert!(said.contains(expected), "{expected} in {said}");
        }
    }
}
