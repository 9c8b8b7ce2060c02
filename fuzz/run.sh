#!/bin/sh
# Run every fuzz target for SECONDS (default 30) each: `fuzz/run.sh 600`.
# cargo fuzz needs nightly Rust's flags; on a stable toolchain RUSTC_BOOTSTRAP=1 lets
# stable rustc accept them (no other toolchain is needed). Seeds come from samples/ and
# small generated cases; the corpora grow in fuzz/corpus/TARGET (not committed).
set -eu
seconds="${1:-30}"
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets="clean_text clean_html sentences normalize names lexicon wav_roundtrip pipeline"
for target in $targets; do
    mkdir -p "corpus/$target"
    case "$target" in
        clean_text|sentences|normalize|names|pipeline)
            cp ../samples/*.txt "corpus/$target/" ;;
        clean_html)
            cp ../samples/*.html "corpus/$target/" ;;
        lexicon)
            cp ../voices/*.toml "corpus/$target/" 2>/dev/null || true ;;
    esac
done
status=0
for target in $targets; do
    echo "== $target ($seconds s)"
    cargo fuzz run --sanitizer none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        || status=1
done
exit $status
