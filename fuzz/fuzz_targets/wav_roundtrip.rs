//! The WAV writer: samples and chapter labels in, WAV bytes out, markers read back equal;
//! and the marker reader on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use narrate::audio::wav::{encode, read_markers};
use narrate::audio::{SampleRate, Track};

fuzz_target!(|input: (Vec<(String, u16)>, Vec<u8>)| {
    let (chapters, raw) = input;
    let _ = read_markers(&raw);
    let mut track = Track::new(SampleRate(22_050));
    for (label, length) in chapters.iter().take(64) {
        track.mark(label);
        let samples: Vec<f32> = (0..*length).map(|i| (i as f32 * 0.01).sin()).collect();
        track.push_sentence(label, samples, &[]);
    }
    let bytes = encode(&track).expect("a short track encodes");
    let markers = read_markers(&bytes).expect("our own WAV reads back");
    assert_eq!(markers.len(), track.markers.len());
    for (read, written) in markers.iter().zip(&track.markers) {
        assert_eq!(read.sample, written.sample);
        assert_eq!(read.label, written.label.replace('\0', " "));
    }
});
