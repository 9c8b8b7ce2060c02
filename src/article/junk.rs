//! Stage 1 helper: one line of scraped text in, its [`LineKind`] out.
//!
//! A classifier over general patterns of web-page furniture (menus, calls to action, forms,
//! captions, widgets, section labels) and of prose (sentence punctuation, function words).

use std::sync::LazyLock;

use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Line patterns of one kind, matched on bytes with ASCII classes: `.`, `\w`, `\b` in
/// their ASCII sense, bounded repeats counting bytes (page furniture is English
/// boilerplate). Patterns that start `(?i)` are written in lower case and matched
/// against the lower-cased line; the rest against the line as written. Both choices keep
/// these sets, compiled at every start, cheap to build: Unicode classes inside repeats
/// like `.{0,60}` and case-insensitive alternations were the slowest part of start-up.
struct LineSet {
    folded: RegexSet,
    exact: RegexSet,
}

impl LineSet {
    fn new<const N: usize>(patterns: [&str; N]) -> LineSet {
        let (folded, exact): (Vec<&str>, Vec<&str>) =
            patterns.iter().partition(|p| p.starts_with("(?i)"));
        debug_assert!(
            folded.iter().all(|p| lower_case_pattern(p)),
            "a (?i) pattern has upper-case letters: {folded:?}"
        );
        let build = |patterns: Vec<&str>| {
            RegexSetBuilder::new(patterns)
                .unicode(false)
                .build()
                .expect("static regex set")
        };
        LineSet {
            folded: build(folded.iter().map(|p| &p[4..]).collect()),
            exact: build(exact),
        }
    }

    fn is_match(&self, line: &Line) -> bool {
        self.folded.is_match(line.lower.as_bytes()) || self.exact.is_match(line.text.as_bytes())
    }
}

/// No upper-case letters but escapes such as `\S`.
fn lower_case_pattern(pattern: &str) -> bool {
    let mut escaped = false;
    pattern.chars().all(|c| {
        let ok = escaped || !c.is_uppercase();
        escaped = !escaped && c == '\\';
        ok
    })
}

/// A line as written and lower-cased.
struct Line<'a> {
    text: &'a str,
    lower: String,
}

/// What a single line of scraped text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Page furniture to drop; reading may continue after it.
    Junk,
    /// A photo caption or credit; dropped, never ends the body.
    Caption,
    /// A section label or trailer after which the article body is over.
    Stop,
    /// A byline (`By …`).
    Byline,
    /// A sentence addressed to the reader rather than about the news (contact the author,
    /// follow us, get the newsletter, comment forms); dropped at any length.
    Promo,
    /// A sentence-like paragraph.
    Prose,
    /// A short line without sentence punctuation: headline, heading or menu item.
    Short,
}

/// Whole-line page furniture (matched against the trimmed line, case-insensitive).
static JUNK: LazyLock<LineSet> = LazyLock::new(|| {
    LineSet::new([
        // Navigation and page tools.
        r"(?i)^(skip to (main )?content|edit post|menu|search|home|close|back to top|print|save|share|share this( article| story| page)?|copy link|listen( to (this )?(article|story))?|comments?|show comments|log ?in|sign ?in|sign ?up|register|advertisement|advert|ad|sponsored( content)?|continue reading|loading\.*|play video|watch|follow|follow us)[.:]?$",
        r"(?i)^((facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|e-mail|pinterest|flipboard|print|copy link|share)(?u:[\s,|·•/])*){2,}$",
        r"^[^|]{0,40}(\|[^|]{0,40}){2,}$",
        r"(?i)^(advertisement|sponsored|promoted|paid content)\b.{0,40}$",
        r"(?i)\bscroll (down )?to (continue|read)\b",
        // Calls to action, memberships, newsletters, forms.
        r"(?i)^(become a (member|subscriber|supporter|patron)|subscribe( now| today| here)?|join (us|now|today)|donate( now| today)?|support (us|our (work|journalism))( today)?|get the app|download (the|our) app)\b.{0,60}$",
        r"(?i)indicates required|enter (your|a valid|correct) e-?mail|e-?mail address|successful+y subscribed|thank you for (signing up|subscribing)|sign up (for|to) (our|the|this)|newsletter|confirmation email|unsubscribe at any time|privacy (policy|notice)|terms (of|and) (use|service|conditions)",
        r"(?i)\b(we use cookies|cookie (policy|settings|preferences)|accept (all|cookies)|reject all|manage (preferences|settings|cookies))\b",
        // Prices, card brands, timestamps, read times.
        r"(?i)\b(visa|mastercard|american ?express|amex|paypal|apple ?pay|google ?pay)\b.*\b(visa|mastercard|american ?express|amex|paypal|apple ?pay|google ?pay)\b",
        r"(?i)^(?u:[$€£])\s?[0-9]+([.,][0-9][0-9])?\s*(/|per|a|an)?\s*(month|year|week|mo|yr)?\.?$",
        r"(?i)^(updated:?\s*)?[0-9]{1,2}:[0-9]{2}\s*([ap]\.?m\.?)?\s*(\w{2,4})?\s*(\(updated:?[^)]*\))?$",
        r"(?i)^(updated|published|posted|last updated)\b.{0,60}$",
        r"(?i)^[0-9]+\s*min(ute)?s?\s+(read|listen)$",
        r"(?i)^(php )?(warning|notice|deprecated|fatal error|parse error|strict standards):.{0,300}\bon line [0-9]+",
        r"(?i)^[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}(,?\s*[0-9]{1,2}[:.][0-9]{2}( uhr| h)?)?$",
        r"(?i)^[0-9]+\s+(second|minute|hour|day|week|month|year)s?\s+ago$",
        r"(?i)\baudio (is|was) (created|generated|produced)\b.*\b(ai|artificial intelligence|automated)\b",
        r"(?i)(©|\bcopyright\b|all rights reserved|trust principles)",
        r"(?i)^(tags?|topics?|related topics|filed under|categories)\s*:",
        r"(?i)^(read|see|watch|listen)( more| also)?\s*:\s*\S",
    ])
});

/// Photo captions, credits and gallery widgets.
static CAPTION: LazyLock<LineSet> = LazyLock::new(|| {
    LineSet::new([
        r"(?i)^(image|photo|picture|video|media) (source|caption|credit)s?\b",
        r"(?i)^(photo|photograph|picture|image|credit|source|illustration|pictured|above|top)\s*:",
        r"(?i)^(item|image|photo|picture|slide) [0-9]+ of [0-9]+\b",
        r"^[0-9]+ of [0-9]+$",
        r"(?i)\bfile photo\b",
        r"(?i)\((photo|image|picture)s?\b[^()]*\)$",
        r"\([^()]*/\s*[^()]*(images?|photos?|press|pool|via [^()]*|AFP|AP|EPA|Reuters|Alamy|Shutterstock|Getty)\s*\)\.?$",
        r"\b(REUTERS|AFP|EPA-EFE|AP Photo)\s*/\s*[A-Z][\w.'-]+( [A-Z][\w.'-]+)*\.?$",
        r"(?i)\b(getty images|shutterstock|alamy|associated press|ap photo)\.?\)?$",
        r"(?i)^(open|view|enlarge|expand) (image|gallery|photo)\b",
        r"©\s*[^/\n]{2,40}/\s*[^/\n]{2,40}$",
        r"(?i)\[(file|photo|image)?:?[^\]]{0,60}\b(via|reuters|afp|getty|ap|epa|file)\b[^\]]{0,40}\]$",
    ])
});

/// Section labels whose lists follow the article, and wire-agency trailers.
static STOP: LazyLock<LineSet> = LazyLock::new(|| {
    LineSet::new([
        r"(?i)^(more|read more|read next|more to read|related|related (articles?|stories|coverage|content|reading|news|posts)|more on this (story|topic)|more from [^:\n]{1,40}|top stories|editors'? picks|editor's picks|news ?feed|more news|latest( news| stories)?|most (read|popular|viewed|shared)|recommended( for you| stories| reading)?|you (may|might) also (like|enjoy|be interested in)( reading)?(\.\.\.|…)?|trending( now)?|around the web|in other news|explore more|what to read next|don't miss|popular( now| stories)?|comments|leave a (comment|reply)|[0-9]+ comments?)\s*:?$",
        r"(?i)^(reporting|writing|additional reporting|compiled|editing) by\b.*",
        r"(?i)^our standards\b",
    ])
});

/// Sentences addressed to the reader: contact details, follow and subscribe prompts,
/// comment forms, sharing prompts, wire-report credits.
static PROMO: LazyLock<LineSet> = LazyLock::new(|| {
    LineSet::new([
        r"(?i)\bfollow (him|her|them|us|me)\b.{0,60}\b(twitter|facebook|instagram|linkedin)\b",
        r"(?i)^follow @\w",
        r"(?i)\b(may|can) be reached at\b",
        r"(?i)^(email|e-mail|reach|contact) .{0,80}(@|\btwitter\b)",
        r"(?i)^leave a (reply|comment)\b|\byou must be logged in to (post|leave) a comment\b|\bcancel reply\b",
        r"(?i)^like this (story|article)\?|\bshare (it|this) with a friend\b",
        r"(?i)\bdelivered (to your (inbox|door|letterbox)|through your letterbox|weekday mornings|every (morning|day|week))\b",
        r"(?i)^if you (enjoyed|liked) this (article|story|post)\b",
        r"(?i)\bthere was a problem subscribing\b",
        r"(?i)^subscribe to (the|our) .{0,60}\b(channel|newsletter|podcast|feed)\b",
        r"(?i)\bcontributed (to )?this report\.?$",
        r"(?i)\bclick here (to|for) (get|download|subscribe|sign up|more information|the)\b.{0,40}$",
    ])
});

/// Words that make a prose line a plea for money, not news.
static PLEA: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"\b(support (us|our|the)|members?(hip)?\b|donat\w*|subscri\w*|count on you|chip in|pay ?wall|independent journalism|reader[- ]funded|paying)\b")
        .unicode(false)
        .build()
        .expect("static regex")
});

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "was", "were", "that", "for",
    "on", "with", "as", "at", "by", "from", "it", "its", "has", "have", "had", "be", "been", "but",
    "not", "this", "their", "his", "her", "they", "he", "she", "we", "which", "who", "said",
    "will", "would", "into", "than", "also", "after", "over",
];

/// Whether a line ends like a sentence.
pub fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    trimmed.ends_with(['.', '?', '!', '。', '？', '！']) && !trimmed.ends_with("...")
}

/// Whether a line is a truncated teaser summary (`…`).
pub fn is_truncated(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', ')', ' ']);
    trimmed.ends_with('…') || trimmed.ends_with("...")
}

/// Number of common English function words in a lower-cased line.
pub fn function_words(lower: &str) -> usize {
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| FUNCTION_WORDS.contains(w))
        .count()
}

/// Classify one whitespace-collapsed, non-empty line.
pub fn classify(line: &str) -> LineKind {
    let words = line.split_whitespace().count();
    let lined = Line {
        text: line,
        lower: line.to_lowercase(),
    };
    if STOP.is_match(&lined) {
        return LineKind::Stop;
    }
    if CAPTION.is_match(&lined) {
        return LineKind::Caption;
    }
    if words <= 80 && PROMO.is_match(&lined) {
        return LineKind::Promo;
    }
    if words <= 40 && JUNK.is_match(&lined) {
        return LineKind::Junk;
    }
    if let Some(kind) = super::phrases::classify(line) {
        return kind;
    }
    if super::dates::parse_byline(line).is_some() && !(ends_sentence(line) && words > 12) {
        return LineKind::Byline;
    }
    let function = function_words(&lined.lower);
    if PLEA.find_iter(lined.lower.as_bytes()).count() >= 2 {
        return LineKind::Junk;
    }
    if is_date_line(line) {
        return LineKind::Junk;
    }
    let prose = (ends_sentence(line) && words >= 3 && function >= 1)
        || (words >= 20 && function >= 3)
        || (is_truncated(line) && words >= 8);
    if prose {
        LineKind::Prose
    } else {
        LineKind::Short
    }
}

/// Whether a line is only a date or timestamp (`November 27, 2024 3:52 PM GMT`).
pub fn is_date_line(line: &str) -> bool {
    let Some((_, span)) = super::dates::find_date(line) else {
        return false;
    };
    let rest = format!("{} {}", &line[..span.start], &line[span.end..]);
    let leftover = rest
        .split_whitespace()
        .filter(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            !(w.is_empty()
                || w.chars().all(|c| c.is_ascii_digit() || c == ':')
                || [
                    "am",
                    "pm",
                    "gmt",
                    "utc",
                    "bst",
                    "est",
                    "edt",
                    "cet",
                    "updated",
                    "published",
                    "posted",
                    "ago",
                    "on",
                    "at",
                    "hours",
                    "hour",
                    "minutes",
                    "mins",
                    "min",
                    "read",
                ]
                .contains(&w.as_str())
                || w.starts_with("gmt")
                || w.starts_with("utc")
                || w.ends_with("day"))
        })
        .count();
    leftover == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use LineKind::*;

    fn kind(s: &str) -> LineKind {
        classify(s)
    }

    #[test]
    fn calls_to_action_and_forms_are_junk() {
        for s in [
            "Become a member",
            "Subscribe",
            "Show us support this birthday month",
            "* indicates required",
            "Enter your email to subscribe",
            "Please, enter correct email address",
            "Successfuly subscribed",
            "Thank you for signing up for this newsletter. We’ve sent you a confirmation email.",
            "We use cookies to improve your experience. Accept all",
            "We rely on readers. Support us today and become a member of our community.",
        ] {
            assert!(matches!(kind(s), Junk | Short), "{s:?} was {:?}", kind(s));
        }
        assert_eq!(kind("Become a member"), Junk);
        assert_eq!(kind("* indicates required"), Junk);
    }

    #[test]
    fn widgets_prices_and_times_are_junk() {
        for s in [
            "visa masterCard americanExpress",
            "1:50 PM (Updated: )",
            "11:50 PM",
            "2 min read",
            "Edit post",
            "Skip to content",
            "Advertisement",
            "Share",
            "Facebook Twitter Email",
            "This audio is created with AI assistance",
            "Home | World | Business | Sport",
            "$4.99 per month",
            "November 28, 2024 11:42 AM GMT Updated 2 hours ago",
            "© 2024 Example Media. All rights reserved.",
            "23.10.2018",
            "2021-10-16",
            "27.01.2022, 14:30 Uhr",
            "Warning: Creating default object from empty value in /www/htdocs/wp-includes/classes.php on line 58",
        ] {
            assert_eq!(kind(s), Junk, "{s:?}");
        }
    }

    #[test]
    fn captions_and_credits() {
        for s in [
            "Troops march in Kyiv on July 11, 2024. (Jane Roe/Getty Images)",
            "Image source, Getty Images",
            "Image caption, Rescue workers at the scene",
            "Item 1 of 3 A view of the harbour. REUTERS/John Smith",
            "A shopper walks past a store in Berlin, Germany, March 2, 2023. REUTERS/Anna Lee/File Photo",
            "Photo: Jane Roe",
            "A cyclist rides past a petrol plant in La Paz, November 19, 2019. © Reuters / David Mercado",
            "Some 13,000 US troops remain in the country [File: Reuters]",
            "Image 2 of 5",
            "1 of 6",
        ] {
            assert_eq!(kind(s), Caption, "{s:?}");
        }
    }

    #[test]
    fn reader_prompts_are_promo_at_any_length() {
        for s in [
            "Email Jane Roe at jroe@example.com or follow her @janeroe. Follow us on Twitter @example and on Facebook.",
            "Have a tip? Jane Roe may be reached at jroe@example.com. Follow her on Twitter @janeroe or on Facebook.",
            "Leave a Reply Cancel reply",
            "You must be logged in to post a comment.",
            "Like this story? Share it with a friend!",
            "Let our news meet your inbox. The news and stories that matter, delivered weekday mornings.",
            "Get the magazine delivered through your letterbox every month. 12 issues for £11.99. Click here for more information.",
            "If you enjoyed this article, we have a proposition for you: join our members, who get all of our content with no paywalls.",
            "Associated Press writers Jane Roe and John Doe contributed to this report.",
        ] {
            assert_eq!(kind(s), Promo, "{s:?}");
        }
        assert_eq!(
            kind("The minister said she would follow them on the issue, not lead."),
            Prose
        );
    }

    #[test]
    fn section_labels_and_trailers_stop_the_body() {
        for s in [
            "Read more",
            "More:",
            "Related",
            "More on this story",
            "Top stories",
            "Editors' Picks",
            "News Feed",
            "MORE NEWS",
            "Reporting by Jane Roe; Editing by John Doe",
        ] {
            assert_eq!(kind(s), Stop, "{s:?}");
        }
    }

    #[test]
    fn prose_headings_and_bylines() {
        assert_eq!(
            kind("Several media outlets reported that the delegation is visiting Seoul."),
            Prose
        );
        assert_eq!(kind("He declined to comment."), Prose);
        assert_eq!(kind("What the deal means for farmers"), Short);
        assert_eq!(kind("By Jane Doe"), Byline);
        assert_eq!(kind("Read more: Why prices are rising"), Junk);
    }
}
