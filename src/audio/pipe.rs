//! Stage 4 (output to a pipe): a track's samples in, a WAV stream with a streaming header
//! out (`-o -`). A pipe cannot seek back to write the sizes, so both RIFF sizes say
//! 0xFFFFFFFF ("until the end", as FFmpeg writes to a pipe) and there are no chapter
//! chunks: they would have to follow the audio, where a reader takes them for samples.

use std::io::Write;

use super::{level, SampleRate, SampleSink};

/// A WAV stream written as the track is made; a write error (a closed pipe) stops the
/// writing and is returned by [`Pipe::finish`].
pub struct Pipe<W: Write> {
    out: std::io::BufWriter<W>,
    error: Option<std::io::Error>,
}

impl<W: Write> Pipe<W> {
    /// Start the stream: the header goes out now.
    pub fn new(out: W, rate: SampleRate) -> Pipe<W> {
        let mut header = Vec::with_capacity(44);
        header.extend_from_slice(b"RIFF");
        header.extend_from_slice(&u32::MAX.to_le_bytes());
        header.extend_from_slice(b"WAVEfmt ");
        header.extend_from_slice(&16u32.to_le_bytes());
        header.extend_from_slice(&1u16.to_le_bytes()); // PCM
        header.extend_from_slice(&1u16.to_le_bytes()); // mono
        header.extend_from_slice(&rate.0.to_le_bytes());
        header.extend_from_slice(&(rate.0 * 2).to_le_bytes()); // bytes per second
        header.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
        header.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
        header.extend_from_slice(b"data");
        header.extend_from_slice(&u32::MAX.to_le_bytes());
        let mut pipe = Pipe {
            out: std::io::BufWriter::with_capacity(1 << 16, out),
            error: None,
        };
        pipe.write(&header);
        pipe
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }

    fn write_samples(&mut self, samples: impl Iterator<Item = f32>) {
        let mut bytes = Vec::with_capacity(8192);
        for sample in samples {
            bytes.extend_from_slice(&super::wav::to_i16(sample).to_le_bytes());
            if bytes.len() >= 8192 {
                self.write(&bytes);
                bytes.clear();
            }
        }
        self.write(&bytes);
    }

    /// Flush the stream; the first write error, if any.
    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.out.flush()
    }
}

impl<W: Write> SampleSink for Pipe<W> {
    fn push_audio(&mut self, samples: Vec<f32>) {
        self.write_samples(samples.into_iter().map(level));
    }

    fn push_silence(&mut self, count: usize) {
        self.write_samples(std::iter::repeat_n(0.0, count));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_stream_is_a_header_then_the_samples() {
        let mut pipe = Pipe::new(Vec::new(), SampleRate(22_050));
        pipe.push_audio(vec![0.0, 2.0, -2.0]);
        pipe.push_silence(2);
        pipe.finish().unwrap();
        let bytes = pipe.out.get_ref();
        assert_eq!(bytes.len(), 44 + 5 * 2);
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(&bytes[4..8], &[0xff; 4]);
        assert_eq!(&bytes[36..40], b"data");
        assert_eq!(&bytes[40..44], &[0xff; 4]);
        assert_eq!(
            u32::from_le_bytes(bytes[24..28].try_into().unwrap()),
            22_050
        );
        let samples: Vec<i16> = bytes[44..]
            .chunks(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(samples[0], 0);
        assert!(
            samples[1] > 20_000 && samples[2] == -samples[1],
            "{samples:?}"
        );
        assert_eq!(&samples[3..], [0, 0]);
    }
}
