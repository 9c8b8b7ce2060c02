use std::collections::HashMap;

use super::*;
use crate::article::Block;

/// The seed article as the cleaner should produce it
/// (`samples/kyiv-independent-2024-11-27.expected.json`).
fn seed() -> Article {
    let expected: serde_json::Value = serde_json::from_str(include_str!(
        "../../../samples/kyiv-independent-2024-11-27.expected.json"
    ))
    .expect("the expected JSON parses");
    let text = |k: &str| expected[k].as_str().map(str::to_owned);
    Article {
        title: text("title"),
        byline: text("byline"),
        published: text("published"),
        blocks: expected["paragraphs"]
            .as_array()
            .expect("paragraphs")
            .iter()
            .map(|p| Block {
                kind: BlockKind::Paragraph,
                text: p.as_str().expect("a paragraph is text").to_owned(),
            })
            .collect(),
    }
}

fn article(paragraphs: &[&str]) -> Article {
    Article {
        title: None,
        byline: None,
        published: None,
        blocks: crate::article::paragraphs(paragraphs),
    }
}

fn by_name(reports: &[NameReport]) -> HashMap<String, &NameReport> {
    reports.iter().map(|r| (r.name.to_lowercase(), r)).collect()
}

#[test]
fn every_expected_seed_name_is_listed_with_a_hint() {
    let reports = find(&seed(), &Lexicon::builtin());
    let found = by_name(&reports);
    for name in [
        "Yoon Suk Yeol",
        "Rustem Umerov",
        "Yonhap",
        "Shin Won-sik",
        "Kim Yong-hyun",
        "Pyongyang",
        "Kursk",
        "Kyiv",
        "Martin Fornusek",
    ] {
        let report = found
            .get(&name.to_lowercase())
            .unwrap_or_else(|| panic!("{name} not listed in {reports:#?}"));
        assert!(report.respelling.is_some(), "{name} has no hint");
    }
}

#[test]
fn roles_demonyms_and_sentence_openers_are_not_seed_names() {
    let reports = find(&seed(), &Lexicon::builtin());
    let found = by_name(&reports);
    for not_a_name in [
        "President",
        "South Korean President Yoon Suk Yeol",
        "Defense Minister",
        "Defense Minister Rustem Umerov",
        "National Security Adviser Shin Won-sik",
        "Ukrainian",
        "South Korean",
        "Russian",
        "During",
        "Several",
        "Neither",
        "More",
        "Experts",
        "According",
        "Nov",
        "Yoon",
        "Umerov",
        "The Kyiv Independent",
    ] {
        assert!(
            !found.contains_key(&not_a_name.to_lowercase()),
            "{not_a_name} listed"
        );
    }
}

#[test]
fn later_part_mentions_count_toward_the_full_name() {
    let reports = find(&seed(), &Lexicon::builtin());
    let found = by_name(&reports);
    // "Yoon Suk Yeol" once, "Yoon" twice; "Rustem Umerov" once, "Umerov" once.
    assert_eq!(found["yoon suk yeol"].count, 3);
    assert_eq!(found["rustem umerov"].count, 2);
    assert_eq!(found["seoul"].count, 4);
}

#[test]
fn a_surname_alone_counts_toward_the_name_with_its_particle() {
    let reports = find(
        &article(&["Bashar al-Assad fled. Assad was gone."]),
        &Lexicon::default(),
    );
    let names: Vec<(&str, usize)> = reports.iter().map(|r| (r.name.as_str(), r.count)).collect();
    assert_eq!(names, [("Bashar al-Assad", 2)]);
}

#[test]
fn a_sentence_opening_word_needs_a_second_sign_of_being_a_name() {
    let reports = find(
        &article(&[
            "Test results came in. Kovalenko said so, and Halloran agreed.",
            "Halloran left. Kyiv was quiet. Smith stayed.",
        ]),
        &Lexicon::builtin(),
    );
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Kovalenko", "Halloran", "Kyiv"]);
}

#[test]
fn title_case_headlines_contribute_only_names_known_otherwise() {
    let mut a = article(&["Yoon Suk Yeol met Rustem Umerov in Seoul on Wednesday."]);
    a.title = Some("Yoon Meets Ukrainian Delegation In Seoul Amid Pyongyang Worries".into());
    let reports = find(&a, &Lexicon::builtin());
    let names: Vec<(&str, usize)> = reports.iter().map(|r| (r.name.as_str(), r.count)).collect();
    assert_eq!(
        names,
        [
            ("Yoon Suk Yeol", 2),
            ("Rustem Umerov", 1),
            ("Seoul", 2),
            ("Pyongyang", 1)
        ]
    );
}

#[test]
fn places_inside_longer_names_are_listed_too() {
    let reports = find(
        &article(&[
            "Fighting in Zaporizhzhia Oblast and Kharkiv Oblast went on, the Kyiv Post said.",
        ]),
        &Lexicon::builtin(),
    );
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    for name in [
        "Zaporizhzhia Oblast",
        "Zaporizhzhia",
        "Kharkiv",
        "Kyiv Post",
        "Kyiv",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
}

#[test]
fn names_the_lexicon_lacks_get_rule_hints_or_none() {
    let reports = find(
        &article(&["Lee Jae-myung met Oleksandr Syrskyi and Jane Smith."]),
        &Lexicon::default(),
    );
    let found = by_name(&reports);
    assert_eq!(
        found["lee jae-myung"].source,
        Some(Source::Rule(Origin::KOREAN))
    );
    assert_eq!(
        found["oleksandr syrskyi"].source,
        Some(Source::Rule(Origin::EAST_SLAVIC))
    );
    let json = serde_json::to_value(found["lee jae-myung"]).unwrap();
    assert_eq!(json["source"], "rule:ko");
    let smith = found["jane smith"];
    assert_eq!(
        (smith.respelling.as_ref(), smith.source.as_ref()),
        (None, None)
    );
}

#[test]
fn user_entries_are_reported_as_user() {
    let user = Lexicon::from_toml(
        "[[name]]\ntext = \"Smith\"\nsay = \"smithe\"\n",
        std::path::Path::new("u.toml"),
        Source::User,
    )
    .expect("parses");
    let lexicon = Lexicon::builtin().merge(user);
    let reports = find(&article(&["Jane Smith spoke in Kyiv."]), &lexicon);
    let found = by_name(&reports);
    assert_eq!(
        found["jane smith"].respelling.as_deref(),
        Some("Jane smithe")
    );
    assert_eq!(found["jane smith"].source, Some(Source::User));
    assert_eq!(found["kyiv"].source, Some(Source::Builtin));
}

/// Coverage of the shared news-names list (`../shared/eval/pronunciation`, not copied
/// here): how many names the built-in lexicon covers whole (every word inside a
/// lexicon match), partly, and how many `find` gives any hint (lexicon or rule).
/// Run with `cargo test --release -- --ignored --nocapture news_names_coverage`.
#[test]
#[ignore = "reads ../shared/eval/pronunciation/news_names_cmudict.jsonl"]
fn news_names_coverage() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/eval/pronunciation/news_names_cmudict.jsonl");
    let text = std::fs::read_to_string(&path).expect("the shared names list is readable");
    let lexicon = Lexicon::builtin();
    let (mut total, mut whole, mut partly, mut hinted) = (0, 0, 0, 0);
    let mut by_category: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut missed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let name = case["name"].as_str().expect("a name");
        let category = case["category"].as_str().unwrap_or("?").to_owned();
        total += 1;
        let hints = lexicon.apply(name);
        let covered: usize = hints.iter().map(|h| name[h.span.clone()].len()).sum();
        let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        let covered_letters: usize = hints.iter().map(|h| letters(&name[h.span.clone()])).sum();
        let is_whole = covered > 0 && covered_letters == letters(name);
        whole += usize::from(is_whole);
        partly += usize::from(!hints.is_empty() && !is_whole);
        let entry = by_category.entry(category).or_default();
        entry.0 += 1;
        entry.1 += usize::from(is_whole);
        if !is_whole {
            missed.push(name.to_owned());
        }
        let reports = find(&article(&[&format!("{name} spoke.")]), &lexicon);
        hinted += usize::from(
            reports
                .iter()
                .any(|r| r.respelling.is_some() || r.ipa.is_some()),
        );
    }
    println!(
        "news names: {total}; builtin lexicon covers {whole} whole, {partly} partly; find gives a hint for {hinted}"
    );
    for (category, (n, w)) in &by_category {
        println!("  {category}: {w}/{n} whole");
    }
    println!("not covered whole: {}", missed.join(", "));
    assert!(total > 0);
}

#[test]
fn unhinted_names_leave_out_acronyms_and_hinted_names() {
    let report = |name: &str, source: Option<Source>| NameReport {
        name: name.into(),
        count: 1,
        respelling: None,
        ipa: None,
        source,
    };
    let reports = [
        report("Qwghlm", None),
        report("ING", None),
        report("APM Terminals", None),
        report("Kyiv", Some(Source::Builtin)),
    ];
    assert_eq!(unhinted(&reports), ["Qwghlm"]);
}

#[test]
fn a_name_made_of_hinted_parts_reports_their_joined_ipa() {
    let lexicon = Lexicon::from_toml(
        "[[name]]\ntext = \"Zyx\"\nipa = \"zˈɪks\"\n[[name]]\ntext = \"Qwghlm\"\nsay = \"kwig-lum\"\nipa = \"kwˈɪɡləm\"\n",
        std::path::Path::new("t.toml"),
        Source::User,
    )
    .unwrap();
    let found = find(
        &article(&["Officials met Zyx Qwghlm in the capital."]),
        &lexicon,
    );
    let name = found
        .iter()
        .find(|n| n.name == "Zyx Qwghlm")
        .expect("listed");
    assert_eq!(name.ipa.as_deref(), Some("zˈɪks kwˈɪɡləm"));
    assert_eq!(name.source, Some(Source::User));
}

/// The development set (`tests/data/names-dev.jsonl`) measures the method on names narrate
/// has never seen: none of them may be in the built-in lexicon, and each has a reference
/// pronunciation and a source.
#[test]
fn the_development_set_is_disjoint_from_the_builtin_lexicon() {
    let set = include_str!("../../../tests/data/names-dev.jsonl");
    let lexicon = Lexicon::builtin();
    let mut count = 0;
    let mut clashes = Vec::new();
    for line in set.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let name = case["name"].as_str().expect("a name");
        for key in ["origin", "ipa", "source"] {
            assert!(
                case[key].as_str().is_some_and(|v| !v.is_empty()),
                "{name}: {key}"
            );
        }
        if !lexicon.apply(name).is_empty() {
            clashes.push(name.to_owned());
        }
        count += 1;
    }
    assert!(clashes.is_empty(), "in the built-in lexicon: {clashes:?}");
    assert!(count >= 150, "{count} names");
}

#[test]
fn names_placed_in_a_language_get_its_pronunciation_as_english_ipa() {
    if espeak_ng_missing() {
        return;
    }
    let reports = find(
        &article(&["Mayor Kowalczyk met Ekrem İmamoğlu in Szczecin."]),
        &Lexicon::default(),
    );
    let found = by_name(&reports);
    let pl = found["kowalczyk"];
    assert_eq!(pl.source.map(|s| s.to_string()).as_deref(), Some("rule:pl"));
    assert!(pl.ipa.as_deref().is_some_and(|i| i.contains("v")), "{pl:?}");
    assert_eq!(pl.respelling, None);
    let tr = found["ekrem i̇mamoğlu"];
    assert_eq!(tr.source.map(|s| s.to_string()).as_deref(), Some("rule:tr"));
    // The hint reaches rendering as IPA.
    let hints = rule_hints(&reports);
    let entry = hints.lookup("Szczecin").expect("a rule hint");
    assert!(entry.ipa.as_deref().is_some_and(|i| i.starts_with("ʃtʃ")));
}

#[test]
fn the_english_names_list_is_disjoint_from_the_lexicon_and_the_development_set() {
    let set = include_str!("../../../tests/data/names-dev.jsonl");
    let dev: Vec<String> = set
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let case: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            case["name"].as_str().expect("a name").to_lowercase()
        })
        .collect();
    let lexicon = Lexicon::builtin();
    for listed in rules::english::listed() {
        let name = &listed.text;
        assert!(lexicon.apply(name).is_empty(), "{name} is in the lexicon");
        assert!(
            !dev.contains(&name.to_lowercase()),
            "{name} is in the dev set"
        );
    }
}

#[test]
fn english_names_get_the_listed_pronunciation_or_a_pattern() {
    let lexicon = Lexicon::default();
    let menzies = hint("Menzies", &lexicon);
    assert_eq!(menzies.ipa.as_deref(), Some("ˈmɪŋɪs"));
    assert_eq!(menzies.source, Some(Source::Rule(rules::ENGLISH)));
    let tottenham = hint("Tottenham", &lexicon);
    assert_eq!(tottenham.respelling.as_deref(), Some("Tottenum"));
    assert_eq!(tottenham.source, Some(Source::Rule(rules::ENGLISH)));
}

#[test]
fn a_short_day_name_before_a_name_is_part_of_it() {
    let reports = find(
        &article(&["Taiwan marked the birthday of Sun Yat-sen on Sat 12 November."]),
        &Lexicon::default(),
    );
    let names: Vec<&str> = reports.iter().map(|r| r.name.as_str()).collect();
    assert!(names.contains(&"Sun Yat-sen"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Sat")), "{names:?}");
}

#[test]
fn american_senators_of_polish_descent_keep_the_american_pronunciation() {
    let text = "Sen. Lisa Murkowski met Polish President Andrzej Dudowski. \
                American senator Lisa Murkowski spoke first.";
    let reports = find(&article(&[text]), &Lexicon::default());
    let found = by_name(&reports);
    let murkowski = found.get("lisa murkowski").expect("listed");
    assert_eq!(
        murkowski.source, None,
        "said the English way: {murkowski:?}"
    );
    if !espeak_ng_missing() {
        let dudowski = found.get("andrzej dudowski").expect("listed");
        assert_eq!(
            dudowski.source.map(|s| s.to_string()).as_deref(),
            Some("rule:pl")
        );
    }
}

#[test]
fn towns_and_given_names_in_the_lists_are_placed_and_thai_towns_read_as_rtgs() {
    if espeak_ng_missing() {
        return;
    }
    let reports = find(
        &article(&["Officials from Aachen, Brno and Phuket met Murat Kurum in Ghent."]),
        &Lexicon::default(),
    );
    let found = by_name(&reports);
    let source = |name: &str| found[name].source.map(|s| s.to_string());
    assert_eq!(source("aachen").as_deref(), Some("rule:de"));
    assert_eq!(source("brno").as_deref(), Some("rule:cs"));
    assert_eq!(source("murat kurum").as_deref(), Some("rule:tr"));
    assert_eq!(source("phuket").as_deref(), Some("rule:th"));
    let phuket = found["phuket"].ipa.as_deref().unwrap_or_default();
    assert!(
        phuket.starts_with("ˈp") && !phuket.contains('f'),
        "{phuket}"
    );
    assert_eq!(placed_by("Aachen"), Some("list"));
    assert_eq!(placed_by("Szczecin"), Some("spelling"));
    assert_eq!(placed_by("Boris Johnson"), None);
}

#[test]
fn listed_names_of_several_syllables_are_not_read_as_wade_giles() {
    let source = |name: &str| {
        hint(name, &Lexicon::default())
            .source
            .map(|s| s.to_string())
    };
    // A lone Chinese syllable is a surname, not the lists' German village "Wang" or Dutch
    // given name "Han"; one-syllable words of a Wade-Giles name stay the rule's.
    assert_eq!(source("Wang"), None);
    assert_eq!(source("Han"), None);
    assert_eq!(source("Han Kuo-yu").as_deref(), Some("rule:zh"));
    if espeak_ng_missing() {
        return;
    }
    // Turkish given names and surnames that parse as Wade-Giles (mu-hsin, i-hsan, ka-ya).
    for turkish in ["Muhsin", "Tahsin", "Ihsan Kaya"] {
        assert_eq!(source(turkish).as_deref(), Some("rule:tr"), "{turkish}");
    }
    assert_eq!(
        source("Hsinchu").as_deref(),
        Some("rule:zh"),
        "no list holds it"
    );
}

#[test]
fn an_english_word_opening_a_sentence_is_not_taken_for_a_listed_given_name() {
    // "Ferry" is a Dutch given name in nam_dict.txt.
    let reports = find(
        &article(&["Ferry operators have cancelled some crossings."]),
        &Lexicon::builtin(),
    );
    assert!(reports.is_empty(), "{reports:?}");
}

/// True, after saying the test is skipped, where the `espeak-ng` program (which reads a
/// placed name in its language) is not installed.
pub(super) fn espeak_ng_missing() -> bool {
    let missing = std::process::Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_err();
    if missing {
        eprintln!("skipped: espeak-ng is not installed");
    }
    missing
}
