//! One HTML extractor alone, behind `narrate clean PAGE --json`'s contract, to measure what
//! narrate's cleaning adds: `EXTRACTOR=trafilatura` (rs-trafilatura's `content_text`,
//! default options) or `EXTRACTOR=readability` (dom_smoothie's `text_content`).
//!
//! ```text
//! cargo build --release --example extractor_alone
//! EXTRACTOR=readability python3 ../shared/eval/extraction-trafilatura/score.py \
//!     --narrate target/release/examples/extractor_alone
//! ```

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, path, json] = args.as_slice() else {
        bail!("usage: extractor_alone clean PAGE --json");
    };
    if command != "clean" || json != "--json" {
        bail!("usage: extractor_alone clean PAGE --json");
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    let html = narrate::article::decode::decode(&bytes).with_context(|| path.clone())?;
    let text = match std::env::var("EXTRACTOR").as_deref() {
        Ok("trafilatura") => {
            rs_trafilatura::extract(&html)
                .map_err(|e| anyhow::anyhow!("{path}: {e}"))?
                .content_text
        }
        Ok("readability") => {
            let mut readability = dom_smoothie::Readability::new(html.as_str(), None, None)?;
            readability.parse()?.text_content.to_string()
        }
        _ => bail!("set EXTRACTOR to trafilatura or readability"),
    };
    let blocks: Vec<serde_json::Value> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::json!({"kind": "paragraph", "text": l}))
        .collect();
    println!("{}", serde_json::json!({"title": null, "blocks": blocks}));
    Ok(())
}
