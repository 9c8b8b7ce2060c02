#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 30) each, two at a time, at the lowest CPU
# priority, then print one line per target: executions, coverage, corpus size, crashes.
#
#   fuzz/run.sh 600                  # ten minutes each
#   fuzz/run.sh 10 pipeline names    # only these targets
#
# cargo fuzz needs nightly Rust's flags (-Z sanitizer, -C passes=sancov). With a nightly
# toolchain installed it is used (`cargo +nightly fuzz`); otherwise the stable toolchain
# is told to accept them with RUSTC_BOOTSTRAP=1 (stable's rust-std ships the AddressSanitizer
# runtime, so the targets run under ASan either way). cargo-fuzz is installed from
# crates.io when it is missing.
#
# Seeds: samples/, tests/fixtures/, voices/ data, the small cases in fuzz/seeds/, every
# input in fuzz/regressions/TARGET/ and, when the shared evaluation set is beside the
# checkout (../shared/eval, or NARRATE_EVAL), a few of its pages; they are copied into a
# temporary folder for the run. The corpora libFuzzer grows are kept in fuzz/corpus/TARGET,
# crashes in fuzz/artifacts/TARGET, each run's log in fuzz/logs/TARGET.log (all ignored by
# git).
#
# The same targets run in `cargo test` on the stable toolchain, without this script: each
# target's body is a function of fuzz/bodies.rs, and tests/hostile/fuzz_replay.rs runs it
# over those seeds (the evaluation pages aside), every file in fuzz/regressions/TARGET/ and
# a few thousand seeded mutations; that is CI's fuzzing, so a regression shows there.
# A crash or timeout found here goes into fuzz/regressions/TARGET/ (a small file named
# after what broke) with its fix.
#
# Environment: FUZZ_JOBS (targets at once, default 2), FUZZ_SANITIZER (address or none,
# default address), FUZZ_TOOLCHAIN (nightly or stable, default: nightly when installed),
# FUZZ_TARGET_DIR (where the build goes, default fuzz/target; CI keeps it between runs),
# FUZZ_PROFILE (release, the default, or dev: a build that compiles in a fraction of the
# time and runs slower, for CI's short run), FUZZ_BUILD_TIMEOUT (seconds; a build that takes longer is stopped, its finished crates
# kept for the next run, and the script exits 3 instead of running).
set -euo pipefail
seconds="${1:-30}"
shift || true
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
cd "$fuzz_dir"

all_targets="clean_text clean_html markdown sentences normalize names lexicon wav_roundtrip id3 pipeline"
targets="${*:-$all_targets}"
jobs="${FUZZ_JOBS:-2}"
sanitizer="${FUZZ_SANITIZER:-address}"

toolchain="${FUZZ_TOOLCHAIN:-}"
if [ -z "$toolchain" ]; then
    if rustup run nightly rustc --version >/dev/null 2>&1; then
        toolchain=nightly
    else
        toolchain=stable
    fi
fi
if [ "$toolchain" = nightly ]; then
    cargo_fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    cargo_fuzz=(cargo fuzz)
fi
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
# The same flags for building and running, so `run` never rebuilds.
flags=(--sanitizer "$sanitizer" --debug-assertions --target-dir "${FUZZ_TARGET_DIR:-$fuzz_dir/target}")
if [ "${FUZZ_PROFILE:-release}" = dev ]; then
    flags+=(--dev)
fi

# ---- Seeds ----------------------------------------------------------------------------
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
touch "$seeds/.start"
eval_dir="${NARRATE_EVAL:-$root/../shared/eval}"
for target in $targets; do
    dir="$seeds/$target"
    mkdir -p "$dir" "corpus/$target"
    cp "$fuzz_dir"/seeds/generated-* "$dir/"
    case "$target" in
        clean_text|sentences|normalize|names)
            cp "$root"/samples/*.txt "$dir/" ;;
        clean_html|pipeline)
            cp "$root"/samples/*.txt "$root"/samples/*.html "$root"/tests/fixtures/*.md "$dir/"
            # A few real pages from the shared evaluation set (the smallest: libFuzzer
            # reads at most -max_len bytes of each).
            if [ -d "$eval_dir/extraction/html" ]; then
                ls -S "$eval_dir/extraction/html" | tail -n 12 | while read -r page; do
                    gzip -dc "$eval_dir/extraction/html/$page" > "$dir/eval-${page%.gz}" || true
                done
            fi ;;
        markdown)
            cp "$root"/tests/fixtures/*.md "$dir/" ;;
        lexicon)
            rm -f "$dir"/generated-*
            cp "$root"/voices/lexicon-en.toml "$root"/voices/name-words.toml "$dir/"
            cp "$fuzz_dir/seeds/lexicon.pls" "$dir/" ;;
        wav_roundtrip|id3)
            rm -f "$dir"/generated-* ;;
    esac
    cp "$fuzz_dir/regressions/$target"/* "$dir/" 2>/dev/null || true
done

# ---- Build once, then run -------------------------------------------------------------
echo "== building fuzz targets ($toolchain, sanitizer $sanitizer)"
build() {
    if [ -n "${FUZZ_BUILD_TIMEOUT:-}" ]; then
        timeout "$FUZZ_BUILD_TIMEOUT" nice -n 19 "${cargo_fuzz[@]}" build "${flags[@]}" "$@"
    else
        nice -n 19 "${cargo_fuzz[@]}" build "${flags[@]}" "$@"
    fi
}
built=0
if [ "$targets" = "$all_targets" ]; then
    build || built=$?
else
    for target in $targets; do
        build "$target" || { built=$?; break; }
    done
fi
if [ "$built" = 124 ]; then
    echo "fuzz: the build did not finish in ${FUZZ_BUILD_TIMEOUT} s (a cold cache); what was built is kept for the next run"
    exit 3
elif [ "$built" != 0 ]; then
    exit "$built"
fi
mkdir -p logs
run_one() {
    local target="$1" max_len=4096
    case "$target" in clean_html|pipeline) max_len=65536 ;; esac
    nice -n 19 "${cargo_fuzz[@]}" run "${flags[@]}" "$target" "corpus/$target" "$seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len="$max_len" \
        -print_final_stats=1 > "logs/$target.log" 2>&1
}
status=0
running=0
for target in $targets; do
    echo "== $target ($seconds s)"
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || status=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
done

# ---- Report ---------------------------------------------------------------------------
printf '%-14s %12s %8s %8s %8s\n' target executions cov corpus crashes
for target in $targets; do
    log="logs/$target.log"
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)"
    corpus="$(find "corpus/$target" -type f | wc -l)"
    crashes="$(find "artifacts/$target" -type f -newer "$seeds/.start" 2>/dev/null | wc -l)"
    printf '%-14s %12s %8s %8s %8s\n' "$target" "${execs:-?}" "${cov:-?}" "$corpus" "$crashes"
    if grep -q 'ERROR: libFuzzer\|panicked at\|ERROR: AddressSanitizer' "$log"; then
        status=1
        echo "   $target failed: see fuzz/logs/$target.log"
        grep -m 3 'panicked at\|ERROR: ' "$log" | sed 's/^/   /'
    fi
done
exit $status
