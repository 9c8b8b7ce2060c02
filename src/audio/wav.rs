//! Stage 4 (output): a [`Track`] in, a 16-bit PCM WAV with chapter chunks out.
//!
//! hound writes `fmt ` and `data` but has no API for cue points (ruuda/hound#31), so
//! [`encode`] appends a `cue ` chunk and a `LIST`/`adtl` chunk with one `labl` per marker
//! and patches the RIFF size. Each cue point carries its sample-frame index in both
//! `dwPosition` and `dwSampleOffset` (as Ocenaudio writes them), which FFmpeg reads as
//! chapters. [`read_markers`] parses them back.

use std::fs::File;
use std::io::{BufWriter, Cursor, Read, Seek, SeekFrom, Write};

use super::{Marker, SampleRate, Track};

#[derive(Debug, thiserror::Error)]
pub enum WavError {
    #[error("cannot encode audio")]
    Encode(#[from] hound::Error),
    #[error("the audio is longer than a WAV file can hold")]
    TooLong,
    /// Writing to standard output failed (hound's own errors hide the cause, so a closed
    /// pipe could not be told apart).
    #[error("cannot write the audio")]
    Io(#[from] std::io::Error),
    #[error("not a WAV file with chapter chunks: {0}")]
    Malformed(&'static str),
}

fn spec(rate: SampleRate) -> hound::WavSpec {
    hound::WavSpec {
        channels: 1,
        sample_rate: rate.0,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    }
}

/// The most 16-bit samples a WAV file holds, with room to spare for the header and the
/// chapter chunks (RIFF sizes are 32-bit).
pub const MAX_SAMPLES: usize = (u32::MAX as usize - (16 << 20)) / 2;

/// Encode an in-memory track as WAV bytes: mono 16-bit PCM, `cue ` and `LIST`/`adtl`
/// after `data`.
pub fn encode(track: &Track) -> Result<Vec<u8>, WavError> {
    let mut cursor = Cursor::new(Vec::with_capacity(44 + track.samples.len() * 2));
    {
        let mut writer = hound::WavWriter::new(&mut cursor, spec(track.rate))?;
        write_pcm(&mut writer, &track.samples)?;
        writer.finalize()?;
    }
    finish_riff(&mut cursor, &track.markers)?;
    Ok(cursor.into_inner())
}

fn write_pcm<W: Write + Seek>(
    writer: &mut hound::WavWriter<W>,
    samples: &[f32],
) -> Result<(), hound::Error> {
    for part in samples.chunks(1 << 20) {
        let mut out = writer.get_i16_writer(part.len() as u32);
        for &s in part {
            out.write_sample(to_i16(s));
        }
        out.flush()?;
    }
    Ok(())
}

/// After hound's `fmt ` and `data`: pad to an even length, append the marker chunks and
/// patch the RIFF size.
fn finish_riff<W: Write + Seek>(out: &mut W, markers: &[Marker]) -> Result<(), WavError> {
    let end = out.seek(SeekFrom::End(0)).map_err(hound::Error::from)?;
    let mut tail = Vec::new();
    if end % 2 == 1 {
        tail.push(0);
    }
    if !markers.is_empty() {
        append_marker_chunks(&mut tail, markers)?;
    }
    let riff_size = u32::try_from(end + tail.len() as u64 - 8).map_err(|_| WavError::TooLong)?;
    let mut patch = || -> std::io::Result<()> {
        out.write_all(&tail)?;
        out.seek(SeekFrom::Start(4))?;
        out.write_all(&riff_size.to_le_bytes())?;
        out.seek(SeekFrom::End(0))?;
        Ok(())
    };
    patch().map_err(|e| WavError::Encode(e.into()))
}

/// A WAV file written a piece at a time (the second pass of [`super::export`]):
/// [`Writer::finish`] appends the chapter chunks and patches the sizes.
pub struct Writer {
    pcm: hound::WavWriter<BufWriter<File>>,
    /// The same file, for the chunks after `data`.
    file: File,
}

impl Writer {
    /// Start a mono 16-bit WAV at `rate` in `file` (empty, at its start).
    pub fn new(file: File, rate: SampleRate) -> Result<Writer, WavError> {
        let tail = file.try_clone().map_err(hound::Error::from)?;
        let out = BufWriter::with_capacity(1 << 16, file);
        Ok(Writer {
            pcm: hound::WavWriter::new(out, spec(rate))?,
            file: tail,
        })
    }

    pub fn write(&mut self, samples: &[f32]) -> Result<(), WavError> {
        write_pcm(&mut self.pcm, samples)?;
        Ok(())
    }

    /// Patch the header, append `markers` as `cue ` and `LIST`/`adtl` chunks.
    pub fn finish(mut self, markers: &[Marker]) -> Result<(), WavError> {
        self.pcm.finalize()?;
        finish_riff(&mut self.file, markers)
    }
}

/// A WAV file written front to back into something that cannot seek (standard output):
/// the header is written first with the final sizes, which the second pass knows before
/// it writes a sample (the recording's length, the markers), so nothing is patched
/// afterwards; the chapter chunks follow the samples as in every narrate WAV.
pub struct Stream<W: Write> {
    out: W,
    /// Samples still to come.
    left: usize,
    /// `cue ` and `LIST`/`adtl`, written after the last sample.
    tail: Vec<u8>,
}

impl<W: Write> Stream<W> {
    /// Start a mono 16-bit WAV of `len` samples at `rate` with `markers` as chapters.
    pub fn new(
        mut out: W,
        rate: SampleRate,
        len: usize,
        markers: &[Marker],
    ) -> Result<Self, WavError> {
        let mut tail = Vec::new();
        if !markers.is_empty() {
            append_marker_chunks(&mut tail, markers)?;
        }
        // Two bytes a sample: the data chunk is never odd, so it needs no pad byte.
        let data = u32::try_from(len * 2).map_err(|_| WavError::TooLong)?;
        let riff = (4 + 8 + 16 + 8 + u64::from(data) + tail.len() as u64)
            .try_into()
            .map_err(|_| WavError::TooLong)?;
        let mut header = Vec::with_capacity(44);
        header.extend_from_slice(b"RIFF");
        header.extend_from_slice(&u32::to_le_bytes(riff));
        header.extend_from_slice(b"WAVEfmt ");
        header.extend_from_slice(&16u32.to_le_bytes());
        header.extend_from_slice(&1u16.to_le_bytes()); // PCM
        header.extend_from_slice(&1u16.to_le_bytes()); // mono
        header.extend_from_slice(&rate.0.to_le_bytes());
        header.extend_from_slice(&(rate.0 * 2).to_le_bytes()); // bytes a second
        header.extend_from_slice(&2u16.to_le_bytes()); // bytes a frame
        header.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
        header.extend_from_slice(b"data");
        header.extend_from_slice(&data.to_le_bytes());
        out.write_all(&header)?;
        Ok(Stream {
            out,
            left: len,
            tail,
        })
    }

    pub fn write(&mut self, samples: &[f32]) -> Result<(), WavError> {
        self.left = self
            .left
            .checked_sub(samples.len())
            .ok_or(WavError::Malformed("more samples than the header says"))?;
        let mut bytes = Vec::with_capacity(samples.len() * 2);
        for &s in samples {
            bytes.extend_from_slice(&to_i16(s).to_le_bytes());
        }
        self.out.write_all(&bytes)?;
        Ok(())
    }

    /// The chapter chunks after the samples; the writer, flushed.
    pub fn finish(mut self) -> Result<W, WavError> {
        if self.left != 0 {
            return Err(WavError::Malformed("fewer samples than the header says"));
        }
        self.out.write_all(&self.tail)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A sample in −1..1 as 16-bit PCM, rounded half away from zero like `f32::round`, without
/// its library call (`as` truncates toward zero after the ±0.5 shift).
fn to_i16(s: f32) -> i16 {
    let scaled = s.clamp(-1.0, 1.0) * 32767.0;
    (scaled + 0.5f32.copysign(scaled)) as i16
}

fn append_marker_chunks(bytes: &mut Vec<u8>, markers: &[Marker]) -> Result<(), WavError> {
    let position = |m: &Marker| u32::try_from(m.sample).map_err(|_| WavError::TooLong);
    bytes.extend_from_slice(b"cue ");
    bytes.extend_from_slice(&(4 + 24 * markers.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&(markers.len() as u32).to_le_bytes());
    for (id, marker) in (1u32..).zip(markers) {
        let pos = position(marker)?;
        bytes.extend_from_slice(&id.to_le_bytes());
        bytes.extend_from_slice(&pos.to_le_bytes()); // dwPosition
        bytes.extend_from_slice(b"data");
        bytes.extend_from_slice(&0u32.to_le_bytes()); // dwChunkStart
        bytes.extend_from_slice(&0u32.to_le_bytes()); // dwBlockStart
        bytes.extend_from_slice(&pos.to_le_bytes()); // dwSampleOffset
    }
    let mut adtl = b"adtl".to_vec();
    for (id, marker) in (1u32..).zip(markers) {
        let text = marker.label.replace('\0', " ");
        adtl.extend_from_slice(b"labl");
        adtl.extend_from_slice(&(4 + text.len() as u32 + 1).to_le_bytes());
        adtl.extend_from_slice(&id.to_le_bytes());
        adtl.extend_from_slice(text.as_bytes());
        adtl.push(0);
        if adtl.len() % 2 == 1 {
            adtl.push(0);
        }
    }
    bytes.extend_from_slice(b"LIST");
    bytes.extend_from_slice(&(adtl.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&adtl);
    Ok(())
}

/// Chapter markers (sample index, label) read back from WAV bytes, in cue order.
pub fn read_markers(bytes: &[u8]) -> Result<Vec<Marker>, WavError> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(WavError::Malformed("no RIFF/WAVE header"));
    }
    let mut cues: Vec<(u32, u32)> = Vec::new();
    let mut labels: Vec<(u32, String)> = Vec::new();
    for (id, body) in chunks(&bytes[12..])? {
        match id {
            b"cue " => {
                let count = u32_at(body, 0)? as usize;
                for i in 0..count {
                    let at = 4 + i * 24;
                    cues.push((u32_at(body, at)?, u32_at(body, at + 20)?));
                }
            }
            b"LIST" if body.get(0..4) == Some(b"adtl") => {
                for (sub, sub_body) in chunks(&body[4..])? {
                    if sub == b"labl" {
                        let text = sub_body.get(4..).unwrap_or_default();
                        let text = text.split(|&b| b == 0).next().unwrap_or_default();
                        labels.push((u32_at(sub_body, 0)?, String::from_utf8_lossy(text).into()));
                    }
                }
            }
            _ => {}
        }
    }
    cues.into_iter()
        .map(|(id, sample)| {
            let label = labels
                .iter()
                .find(|(l, _)| *l == id)
                .map(|(_, t)| t.clone());
            label
                .map(|label| Marker {
                    sample: sample as usize,
                    label,
                })
                .ok_or(WavError::Malformed("a cue point has no label"))
        })
        .collect()
}

/// Chapter markers of a WAV file, reading only the chunk headers and the marker chunks
/// (not the audio). Leaves `file` at its start.
pub fn read_file_markers<F: Read + Seek>(file: &mut F) -> Result<Vec<Marker>, WavError> {
    let io = |e: std::io::Error| WavError::Encode(e.into());
    let mut kept = vec![0u8; 12];
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    file.read_exact(&mut kept)
        .map_err(|_| WavError::Malformed("no RIFF/WAVE header"))?;
    let mut header = [0u8; 8];
    while file.read_exact(&mut header).is_ok() {
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let padded = u64::from(size) + u64::from(size % 2);
        if &header[..4] == b"cue " || &header[..4] == b"LIST" {
            let mut body = vec![0u8; size as usize];
            file.read_exact(&mut body)
                .map_err(|_| WavError::Malformed("a chunk overruns the file"))?;
            kept.extend_from_slice(&header);
            kept.extend_from_slice(&body);
            if size % 2 == 1 {
                kept.push(0);
            }
            file.seek(SeekFrom::Current((padded - u64::from(size)) as i64))
                .map_err(io)?;
        } else {
            file.seek(SeekFrom::Current(padded as i64)).map_err(io)?;
        }
    }
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    read_markers(&kept)
}

/// A RIFF chunk: its four-byte id and its body.
type Chunk<'a> = (&'a [u8; 4], &'a [u8]);

/// Split a run of RIFF chunks into (id, body), honouring pad bytes.
fn chunks(mut data: &[u8]) -> Result<Vec<Chunk<'_>>, WavError> {
    let mut out = Vec::new();
    while data.len() >= 8 {
        let id: &[u8; 4] = data[0..4]
            .try_into()
            .map_err(|_| WavError::Malformed("chunk id"))?;
        let size = u32_at(data, 4)? as usize;
        let body = data
            .get(8..8 + size)
            .ok_or(WavError::Malformed("a chunk overruns the file"))?;
        out.push((id, body));
        data = data.get(8 + size + size % 2..).unwrap_or_default();
    }
    Ok(out)
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, WavError> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(WavError::Malformed("a chunk is truncated"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::SampleRate;

    #[test]
    fn samples_round_like_f32_round_and_clip_at_full_scale() {
        for s in [
            0.0f32,
            0.3,
            -0.3,
            0.5 / 32767.0,
            -0.5 / 32767.0,
            0.99999,
            -1.0,
            1.0,
            3.0,
            -7.5,
        ] {
            let expected = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            assert_eq!(to_i16(s), expected, "{s}");
        }
        assert_eq!(to_i16(2.0), 32767);
        assert_eq!(to_i16(-2.0), -32767);
    }

    fn track_with(labels: &[(&str, usize)]) -> Track {
        let mut track = Track::new(SampleRate(22_050));
        track.samples = vec![0.25; 1001];
        track.markers = labels
            .iter()
            .map(|(l, s)| Marker {
                sample: *s,
                label: l.to_string(),
            })
            .collect();
        track
    }

    #[test]
    fn markers_round_trip_with_odd_lengths_and_utf8() {
        let track = track_with(&[("Headline", 0), ("Kyiv’s odd", 500), ("ab", 1000)]);
        let bytes = encode(&track).unwrap();
        assert_eq!(read_markers(&bytes).unwrap(), track.markers);
    }

    #[test]
    fn riff_size_matches_file_and_audio_reads_back_with_hound() {
        let bytes = encode(&track_with(&[("A", 0)])).unwrap();
        assert_eq!(u32_at(&bytes, 4).unwrap() as usize, bytes.len() - 8);
        assert_eq!(bytes.len() % 2, 0);
        let reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
        assert_eq!(reader.spec().sample_rate, 22_050);
        assert_eq!(reader.len(), 1001);
        let first = reader.into_samples::<i16>().next().unwrap().unwrap();
        assert_eq!(first, 8192);
    }

    #[test]
    fn cue_position_and_sample_offset_both_hold_the_frame() {
        let bytes = encode(&track_with(&[("A", 0), ("B", 777)])).unwrap();
        let cue = bytes.windows(4).position(|w| w == b"cue ").unwrap();
        let second = cue + 12 + 24;
        assert_eq!(u32_at(&bytes, second + 4).unwrap(), 777);
        assert_eq!(&bytes[second + 8..second + 12], b"data");
        assert_eq!(u32_at(&bytes, second + 20).unwrap(), 777);
    }

    #[test]
    fn a_stream_written_front_to_back_equals_the_encoded_file() {
        // `-o -` wrote the finished file from a second temporary copy: standard output
        // cannot seek back to patch the sizes.
        for labels in [&[][..], &[("One", 100), ("Two è", 3)][..]] {
            let track = track_with(labels);
            let mut stream =
                Stream::new(Vec::new(), track.rate, track.samples.len(), &track.markers).unwrap();
            for part in track.samples.chunks(7) {
                stream.write(part).unwrap();
            }
            assert_eq!(stream.finish().unwrap(), encode(&track).unwrap());
        }
    }

    #[test]
    fn no_markers_means_no_cue_chunk() {
        let bytes = encode(&track_with(&[])).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"cue "));
        assert_eq!(read_markers(&bytes).unwrap(), []);
    }
}
