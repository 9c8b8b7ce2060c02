//! Unit tests of the HTML extractor: metadata, headings, furniture, and hostile pages.

use super::*;
use crate::article::paragraphs;

const POST: &str = r#"<!DOCTYPE html><html><head><title>Site | A walk along the old canal</title>
<meta property="og:title" content="A walk along the old canal">
<meta name="author" content="Ruth Ellis">
<meta property="article:published_time" content="2024-03-09T08:15:00+01:00">
<script type="application/ld+json">{"@type":"BlogPosting","headline":"A walk along the old canal","datePublished":"2024-03-09","author":{"@type":"Person","name":"Ruth Ellis"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/archive">Archive</a></nav>
<article>
<h1>A walk along the old canal</h1>
<p>The towpath starts behind the railway station, where the first lock still holds water after two hundred years of use by barges and boats.</p>
<figure><img src="lock.jpg"><figcaption>The first lock at dawn, photographed by the author.</figcaption></figure>
<p>From there the path follows the water for nine miles, past mills that once spun cotton for half the county and now house flats and cafes.</p>
<h2>The aqueduct</h2>
<p>Halfway along, the canal crosses the river on a stone aqueduct that engineers of the time called impossible, and walkers still stop to look down at the water below.</p>
<p>The view from the middle is worth the climb, and on a clear morning you can see the hills that the canal was built to avoid at great expense.</p>
</article>
<aside><h3>Popular posts</h3><ul><li><a href="/1">Ten best pubs</a></li><li><a href="/2">Winter gear</a></li></ul></aside>
<footer>Copyright 2024 Canal Walks</footer>
</body></html>"#;

#[test]
fn metadata_from_meta_tags_and_json_ld() {
    let article = extract(POST).expect("post extracts");
    assert_eq!(article.title.as_deref(), Some("A walk along the old canal"));
    assert_eq!(article.byline.as_deref(), Some("Ruth Ellis"));
    assert_eq!(article.published.as_deref(), Some("2024-03-09"));
}

#[test]
fn json_ld_fills_in_when_meta_tags_are_missing() {
    let page = POST
        .replace(r#"<meta name="author" content="Ruth Ellis">"#, "")
        .replace("article:published_time", "x");
    let article = extract(&page).expect("post extracts");
    assert_eq!(article.byline.as_deref(), Some("Ruth Ellis"));
    assert_eq!(article.published.as_deref(), Some("2024-03-09"));
}

#[test]
fn body_keeps_paragraphs_and_drops_furniture() {
    let article = extract(POST).expect("post extracts");
    let all: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    let joined = all.join("\n");
    assert!(joined.contains("The towpath starts behind the railway station"));
    assert!(joined.contains("hills that the canal was built to avoid"));
    assert!(all.iter().all(|b| *b != "A walk along the old canal"));
    for leak in ["Popular posts", "Ten best pubs", "Copyright", "Archive"] {
        assert!(!joined.contains(leak), "leaked {leak:?} in {all:#?}");
    }
}

#[test]
fn page_without_article_is_no_article() {
    let page = "<html><body><nav><a href='/'>Home</a></nav></body></html>";
    assert_eq!(extract(page), Err(CleanError::NoArticle));
}

#[test]
fn deeply_nested_page_does_not_overflow_the_stack() {
    let depth = 100_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>The council approved the budget for the new library on Tuesday evening after a long debate.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    assert!(nesting_depth(&page) > MAX_DEPTH);
    // Any outcome but a crash is acceptable; the paragraph should survive the flattening.
    let article = extract(&page).expect("flattened page cleans");
    assert!(article.blocks[0].text.starts_with("The council approved"));
}

fn page_of_size(bytes: usize) -> String {
    let para = "<p>Residents of the valley said the new bridge had changed their daily lives, cutting the trip to the market from an hour to ten minutes.</p>\n";
    let mut page = String::from("<html><head><title>Bridge</title></head><body><article>");
    while page.len() < bytes {
        page.push_str(para);
    }
    page.push_str("</article></body></html>");
    page
}

#[test]
fn large_page_extracts() {
    let article = extract(&page_of_size(2 * 1024 * 1024)).expect("large page extracts");
    assert!(article.blocks.len() > 1000);
}

#[test]
#[ignore = "a few seconds in release, longer in debug; run with --ignored"]
fn huge_page_extracts_as_flattened_text() {
    let article = extract(&page_of_size(20 * 1024 * 1024)).expect("huge page extracts");
    assert!(article.blocks.len() > 100_000);
    assert_eq!(article.title.as_deref(), Some("Bridge"));
    assert!(
        article.blocks[0]
            .text
            .starts_with("Residents of the valley")
    );
}

#[test]
fn h2_headings_become_heading_blocks() {
    let article = extract(POST).expect("post extracts");
    let headings: Vec<&str> = article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(headings, ["The aqueduct"]);
}

#[test]
fn html_is_told_from_text() {
    assert!(looks_like_html(POST));
    assert!(looks_like_html("<html><p>x</p></html>"));
    assert!(!looks_like_html(
        "A headline\n\nBy Jane Doe\n\nSome <b>text</b>."
    ));
}

#[test]
fn nesting_depth_ignores_void_and_closed_tags() {
    assert_eq!(nesting_depth("<div><br><img src=x><p>a</p></div>"), 2);
    assert_eq!(nesting_depth("<div><svg><path d=x/></svg></div>"), 2);
    assert_eq!(nesting_depth("<ul><li>a<li>b<li>c</ul><p>x<p>y"), 2);
}

#[test]
fn leading_sentences_without_spaces_are_not_stubs() {
    let mut blocks = paragraphs(&[
        "先日、不正に改造したスマートフォンを販売したとして、二十代の男性が逮捕されたというニュースを耳にしました。",
        "報道によると、今回販売されたのは、いわゆる改造品でした。",
    ]);
    drop_leading_furniture(&mut blocks, &[]);
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
}

const BODY: &str = "The council met again on Tuesday and agreed to keep the bridge closed for now.";

#[test]
fn inline_dont_miss_box_is_dropped_and_the_article_goes_on() {
    let mut blocks = paragraphs(&[
        BODY,
        BODY,
        BODY,
        BODY,
        "DON'T MISS",
        "Minister resigns over budget row [INSIGHT]",
        "Storm warning for the coast [VIDEO]",
        "Engineers will inspect the piers again in the spring, the council said.",
        "Residents have asked for a ferry service while the bridge is closed.",
        "A decision on the repairs is expected before the end of the year.",
    ]);
    cut_at_section_label(&mut blocks);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts.len(), 7, "{texts:#?}");
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("INSIGHT") || *t == "DON'T MISS")
    );
}

#[test]
fn related_list_at_the_end_is_cut() {
    let mut blocks = paragraphs(&[
        BODY,
        BODY,
        "Related",
        "Minister resigns over budget row",
        "The storm is expected to reach the coast on Friday, forecasters said.",
    ]);
    cut_at_section_label(&mut blocks);
    assert_eq!(blocks.len(), 2);
}

/// `f`'s result, or a failure if it is still running after ten minutes: a guard against the
/// hangs these tests are named after, not a speed test (each takes seconds at most).
fn finishes<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(f());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(600))
        .expect("still running after ten minutes")
}

const PARAGRAPH: &str = "<p>The council approved the budget for the new library on Tuesday evening after a long debate.</p>";

#[test]
fn self_closing_div_flood_is_deep_nesting() {
    // An HTML parser opens a `div` for each `<div/>`: 10⁴ of them kept the DOM extractor
    // busy for minutes while the depth guard saw none.
    let page = format!(
        "<html><body>{}{PARAGRAPH}</body></html>",
        "<div/>".repeat(10_000)
    );
    assert!(nesting_depth(&page) > MAX_DEPTH);
    let article = finishes(move || extract(&page)).expect("flattened page cleans");
    assert!(article.blocks[0].text.starts_with("The council approved"));
}

#[test]
fn unmatched_end_tags_do_not_hide_deep_nesting() {
    // `</span>` with no open span closes nothing: `<div></span>` 10⁵ times is 10⁵ levels.
    let page = format!(
        "<html><body>{}{PARAGRAPH}</body></html>",
        "<div></span>".repeat(100_000)
    );
    assert!(nesting_depth(&page) > MAX_DEPTH);
    let article = finishes(move || extract(&page)).expect("flattened page cleans");
    assert!(article.blocks[0].text.starts_with("The council approved"));
}

#[test]
fn unclosed_tag_flood_is_scanned_once() {
    // `<a` without `>` 3·10⁵ times: the depth scan looked for each tag's `>` to the end
    // of the page (26 s); inside `<svg>`, where `/>` matters, the same must hold.
    for prefix in ["", "<svg>"] {
        let page = format!("<html><body>{prefix}{}", "<a".repeat(300_000));
        let depth = finishes(move || nesting_depth(&page));
        assert!(depth > MAX_DEPTH, "{prefix}");
    }
}

#[test]
fn breakout_tags_close_svg() {
    // `<div/>` inside `<svg>` is an HTML div that closes the svg, not a self-closed element.
    let page = format!("<html><body><svg>{}", "<div/>".repeat(2 * MAX_DEPTH));
    assert!(nesting_depth(&page) > MAX_DEPTH);
}

#[test]
fn text_over_a_million_bytes_is_not_cut() {
    // rs-trafilatura cuts its text at 10⁶ bytes (and panics when that falls inside a
    // character): the last paragraph must survive, in ASCII and in Cyrillic.
    for word in ["valley", "долина"] {
        let para = format!("<p>{}</p>\n", [word; 60].join(" ") + ".");
        let mut page = String::from("<html><body><article>");
        while page.len() < 1_300_000 {
            page.push_str(&para);
        }
        page.push_str(
            "<p>The last paragraph of the article ends here.</p></article></body></html>",
        );
        let article = finishes(move || extract(&page)).expect("page extracts");
        let last = &article.blocks.last().expect("blocks").text;
        assert_eq!(
            last, "The last paragraph of the article ends here.",
            "{word}"
        );
    }
}

#[test]
fn a_panicking_extractor_falls_back_to_the_text_path() {
    let page = format!("<html><head><title>Library</title></head><body>{PARAGRAPH}</body></html>");
    let article = run_extractor(&page, |_| panic!("extractor bug")).expect("text path");
    assert_eq!(article.title.as_deref(), Some("Library"));
    assert!(article.blocks[0].text.starts_with("The council approved"));
}

#[test]
fn pages_of_many_small_elements_skip_the_dom_extractor() {
    // 300,000 tiny paragraphs (just under the 6 MB cutoff) kept the DOM extractor busy
    // for over 100 s; so did as many links or table cells.
    for element in [
        "<p>Word one two.</p>",
        "<a href='/x'>x</a> ",
        "<tr><td>a</td></tr>",
    ] {
        let page = format!(
            "<html><body>{}{PARAGRAPH}</body></html>",
            element.repeat(30_000)
        );
        assert!(shape(&page).elements > MAX_DOM_ELEMENTS);
        let article = finishes(move || extract(&page));
        assert!(article.is_ok(), "{element}: {article:?}");
    }
}

#[test]
fn author_bio_at_the_end_is_dropped() {
    let mut blocks = paragraphs(&[
        BODY,
        "Jane Roe said the bridge would reopen in the spring.",
        BODY,
        "Jane Roe is a reporter covering transport and cities for the paper since 2019.",
    ]);
    drop_author_bio(&mut blocks, "Jane Roe");
    assert_eq!(blocks.len(), 3);
    assert!(blocks[1].text.starts_with("Jane Roe said"));
}

#[test]
fn html_is_recognised_after_a_long_script_or_server_warnings() {
    let mut page = String::from("<script>");
    page.push_str(&"var x = 1;\n".repeat(400));
    page.push_str("</script>\n<b>Warning</b>: Undefined index in /var/www/a.php on line 3\n");
    page.push_str(POST);
    assert!(looks_like_html(&page));
    let article = crate::article::clean(page.as_bytes()).expect("page cleans");
    let text: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        text.iter()
            .all(|t| !t.contains('<') && !t.contains("var x")),
        "{text:#?}"
    );
}

#[test]
fn title_entities_are_decoded_through_the_dom() {
    let page = POST.replace(
        r#"content="A walk along the old canal""#,
        r#"content="A walk along the old canal &ndash; it&apos;s &auml;sthetisch""#,
    );
    let article = extract(&page).expect("post extracts");
    assert_eq!(
        article.title.as_deref(),
        Some("A walk along the old canal – it's ästhetisch")
    );
}

#[test]
fn inline_tags_join_words_without_spaces() {
    let page = POST.replace(
        "<p>The towpath starts",
        "<p><span class=\"dropcap\">T</span>he towpath is 5000 m<sup>2</sup> of s<em>elbst</em>-built stone (see <a href=\"/x\">BGB</a>). The towpath starts",
    );
    let article = extract(&page).expect("post extracts");
    let text = article
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("The towpath is 5000 m2 of selbst-built stone (see BGB)."),
        "{text}"
    );
}

#[test]
fn tag_lists_and_link_grids_after_the_last_sentence_are_dropped() {
    let mut blocks = paragraphs(&[
        BODY,
        "Ausgabe 12",
        BODY,
        "Themen: Verkehr Brücken Stadtrat",
        "Weitere Artikel aus Lüneburg",
        "Sommerfest im Kurpark",
    ]);
    drop_trailing_fragments(&mut blocks);
    assert_eq!(blocks.len(), 3);
    let mut menu = paragraphs(&["Home", "About", "Contact"]);
    drop_trailing_fragments(&mut menu);
    assert_eq!(menu.len(), 3);
}

#[test]
fn staff_role_in_a_title_slot_is_not_the_title() {
    let page = POST.replace(
        r#"<meta property="og:title" content="A walk along the old canal">"#,
        r#"<meta property="og:title" content="Europe digital editor">"#,
    );
    let article = extract(&page).expect("post extracts");
    assert_eq!(article.title.as_deref(), Some("A walk along the old canal"));
}

#[test]
fn a_booking_grid_is_no_article() {
    let mut page = String::from(
        "<html><head><title>Seaview rooms</title></head><body><main><h1>Availability</h1>",
    );
    for day in 1..=14 {
        page.push_str(&format!(
            "<div class=\"day\"><p>March {day}</p><p>Double room</p><p>Free</p></div>"
        ));
    }
    page.push_str("</main></body></html>");
    assert_eq!(
        crate::article::clean(page.as_bytes()),
        Err(CleanError::NotProse)
    );
}

#[test]
fn a_short_article_in_chinese_is_not_a_grid() {
    let mut page = String::from("<html><head><title>桥</title></head><body><article>");
    for _ in 0..14 {
        page.push_str(
            "<p>市议会周二决定从三月起禁止汽车通过这座旧桥，因为工程师在两个桥墩上发现了裂缝。</p>",
        );
    }
    page.push_str("</article></body></html>");
    assert!(crate::article::clean(page.as_bytes()).is_ok());
}

#[test]
fn linked_headlines_of_other_articles_inside_the_body_are_dropped() {
    let teaser = "Ein Roadtrip entlang der alten Handelsstraße im Vulkanland";
    let page = POST.replace(
        "<h2>The aqueduct</h2>",
        &format!(
            "<p><a href=\"/roadtrip\">{teaser}</a></p>\
             <p><a href=\"/autumn\">Autumn weekend trips to the southern hills</a></p>\
             <h2>The aqueduct</h2>"
        ),
    );
    let article = extract(&page).expect("post extracts");
    let joined: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    let joined = joined.join("\n");
    assert!(!joined.contains(teaser), "{joined}");
    assert!(!joined.contains("Autumn weekend trips"), "{joined}");
    assert!(joined.contains("The aqueduct"), "{joined}");
    assert!(
        joined.contains("hills that the canal was built to avoid"),
        "{joined}"
    );
}
