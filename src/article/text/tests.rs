//! Unit tests of the plain-text cleaner: the seed article and one case per kind of junk.

use super::*;

const SEED: &str = include_str!("../../../samples/kyiv-independent-2024-11-27.txt");

fn paragraphs(article: &Article) -> Vec<&str> {
    article.blocks.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn seed_article_header() {
    let article = clean(SEED).expect("seed cleans");
    assert_eq!(
        article.title.as_deref(),
        Some("South Korean president meets Ukraine's delegation to discuss Moscow-Pyongyang ties")
    );
    assert_eq!(
        article.byline.as_deref(),
        Some("Martin Fornusek and The Kyiv Independent news desk")
    );
    assert_eq!(article.published.as_deref(), Some("2024-11-27"));
}

#[test]
fn seed_article_has_exactly_the_ten_body_paragraphs() {
    let article = clean(SEED).expect("seed cleans");
    let texts = paragraphs(&article);
    assert_eq!(texts.len(), 10, "{texts:#?}");
    assert!(texts[0].starts_with("South Korean President Yoon Suk Yeol met a Ukrainian"));
    assert!(texts[9].ends_with("without providing details."));
    assert!(
        article
            .blocks
            .iter()
            .all(|b| b.kind == BlockKind::Paragraph)
    );
}

#[test]
fn teaser_and_news_feed_after_the_body_are_cut() {
    let article = clean(SEED).expect("seed cleans");
    let all = paragraphs(&article).join("\n");
    for leak in [
        "legal hurdles",
        "News Feed",
        "Assad",
        "Become a member",
        "Getty",
    ] {
        assert!(!all.contains(leak), "leaked {leak:?}");
    }
}

const WIRE: &str = "Skip to main content
World
Business
Markets

Central bank holds rates as inflation cools

By Jane Roe and Sam Poe
November 28, 2024 11:42 AM GMT Updated 2 hours ago

Item 1 of 3 The central bank building in Vienna, Austria. REUTERS/Lisa Graf/File Photo

VIENNA, Nov 28 (Reuters) - The central bank kept its main rate unchanged on Thursday, saying inflation was cooling faster than it had expected.
Governor Anna Berg told reporters that a cut was possible early next year.
Advertisement · Scroll to continue
Economists had expected the decision, which came after three cuts this year.

Reporting by Jane Roe; Editing by Sam Poe

Read more
Markets rally as bond yields fall back from highs
Oil steady after a volatile week of trading in Asia";

#[test]
fn wire_story_with_single_newlines() {
    let article = clean(WIRE).expect("wire cleans");
    assert_eq!(
        article.title.as_deref(),
        Some("Central bank holds rates as inflation cools")
    );
    assert_eq!(article.byline.as_deref(), Some("Jane Roe and Sam Poe"));
    assert_eq!(article.published.as_deref(), Some("2024-11-28"));
    let texts = paragraphs(&article);
    assert_eq!(texts.len(), 3, "{texts:#?}");
    assert!(texts[0].starts_with("VIENNA, Nov 28 (Reuters) - The central bank"));
}

#[test]
fn dateline_without_year_leaves_published_unknown() {
    let text = "Rates held\n\nLONDON, Nov 28 (Reuters) - The bank kept rates on hold as expected by most of the economists.\nIt said it would watch the data closely in the months ahead.";
    let article = clean(text).expect("cleans");
    assert_eq!(article.published, None);
}

#[test]
fn headings_between_paragraphs_are_kept() {
    let text = "Flood waters recede across the valley\n\nBy Ana Lima\n\n\
Residents returned to their homes on Monday after a week of heavy rain.\n\n\
Officials said the damage would take months to repair.\n\n\
What happens next\n\n\
The regional government has promised emergency funds for the worst hit towns.\n\n\
Top stories\n\nSomething else entirely happened somewhere\n";
    let article = clean(text).expect("cleans");
    let kinds: Vec<BlockKind> = article.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Paragraph
        ]
    );
    assert_eq!(article.blocks[2].text, "What happens next");
}

#[test]
fn hard_wrapped_paragraphs_are_rejoined_and_collapsed() {
    let text = "A headline about wrapping\n\nThe council voted on Tuesday to approve the plan   for\nthe new bridge over the river.\n";
    let article = clean(text).expect("cleans");
    assert_eq!(
        paragraphs(&article),
        ["The council voted on Tuesday to approve the plan for the new bridge over the river."]
    );
}

#[test]
fn text_without_prose_is_no_article() {
    assert_eq!(
        clean("Home\nNews\nSport\nSubscribe\n"),
        Err(CleanError::NoArticle)
    );
}

#[test]
fn staff_role_line_under_a_name_is_not_the_title() {
    let text = "Bridge to close for repairs after engineers find cracks\n\
                Jane Roe\n\
                Europe digital editor\n\
                The council voted on Tuesday to close the old bridge to cars from March, after engineers found cracks in two of its piers.\n\
                Drivers will be sent over the ring road, which the council says can take the extra traffic for a year.\n";
    let article = clean(text).unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Bridge to close for repairs after engineers find cracks")
    );
    assert_eq!(article.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(article.blocks.len(), 2);
}
