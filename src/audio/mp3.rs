//! Stage 4 (output): samples in, an MP3 file out: an ID3v2 tag (see [`super::id3`]), then
//! mono constant-bit-rate MPEG audio from LAME (the `mp3lame-encoder` crate, which builds
//! LAME from source), whose first frame is LAME's Xing/Info frame with the exact length,
//! encoder delay and padding, so players show the right duration and trim the padding.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::num::NonZeroU32;

use mp3lame_encoder::{Bitrate, Builder, Encoder, FlushGap, Mode, MonoPcm, Quality};

/// The bit rates narrate offers, in kbit/s. At 22,050 and 24,000 Hz (MPEG-2) LAME takes
/// up to 160; at 32,000 Hz and above (MPEG-1) from 32 up.
pub const BITRATES: [u32; 16] = [
    8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];

fn bitrate(kbps: u32) -> Option<Bitrate> {
    Some(match kbps {
        8 => Bitrate::Kbps8,
        16 => Bitrate::Kbps16,
        24 => Bitrate::Kbps24,
        32 => Bitrate::Kbps32,
        40 => Bitrate::Kbps40,
        48 => Bitrate::Kbps48,
        64 => Bitrate::Kbps64,
        80 => Bitrate::Kbps80,
        96 => Bitrate::Kbps96,
        112 => Bitrate::Kbps112,
        128 => Bitrate::Kbps128,
        160 => Bitrate::Kbps160,
        192 => Bitrate::Kbps192,
        224 => Bitrate::Kbps224,
        256 => Bitrate::Kbps256,
        320 => Bitrate::Kbps320,
        _ => return None,
    })
}

/// Why an MP3 could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Mp3Error {
    #[error("LAME cannot encode {rate} Hz mono at {kbps} kbit/s ({reason})")]
    Settings {
        rate: u32,
        kbps: u32,
        reason: String,
    },
    #[error("LAME failed: {0}")]
    Encode(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// An MP3 file being written: tag first, frames as samples come, Xing frame last.
pub struct Writer {
    encoder: Encoder,
    out: BufWriter<File>,
    /// Where the first audio frame (LAME's placeholder Xing frame) starts.
    frames_start: u64,
    buffer: Vec<u8>,
}

impl Writer {
    /// Start an MP3 of mono audio at `rate` Hz, `kbps` kbit/s CBR, writing `tag` (an
    /// ID3v2 tag, or nothing) first.
    pub fn new(file: File, rate: u32, kbps: u32, tag: &[u8]) -> Result<Writer, Mp3Error> {
        let settings = |reason: String| Mp3Error::Settings { rate, kbps, reason };
        let brate = bitrate(kbps).ok_or_else(|| settings("not an MP3 bit rate".into()))?;
        let mut builder =
            Builder::new().ok_or_else(|| settings("it could not allocate an encoder".into()))?;
        let setting = |e: mp3lame_encoder::BuildError| settings(e.to_string());
        builder.set_num_channels(1).map_err(setting)?;
        builder.set_sample_rate(rate).map_err(setting)?;
        // The same rate out as in: no resampling, and 22,050 or 24,000 Hz are MPEG-2 rates.
        builder
            .set_output_sample_rate(NonZeroU32::new(rate))
            .map_err(setting)?;
        builder.set_mode(Mode::Mono).map_err(setting)?;
        builder.set_brate(brate).map_err(setting)?;
        builder
            .set_vbr_mode(mp3lame_encoder::VbrMode::Off)
            .map_err(setting)?;
        builder.set_quality(Quality::NearBest).map_err(setting)?;
        builder.set_to_write_vbr_tag(true).map_err(setting)?;
        let encoder = builder.build().map_err(setting)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        out.write_all(tag)?;
        Ok(Writer {
            encoder,
            out,
            frames_start: tag.len() as u64,
            buffer: Vec::new(),
        })
    }

    /// Encode `samples` (−1..1) and write the frames that are ready.
    pub fn write(&mut self, samples: &[f32]) -> Result<(), Mp3Error> {
        for part in samples.chunks(1 << 14) {
            self.buffer.clear();
            // LAME's worst case: 1.25 × samples + 7,200 bytes.
            self.buffer.reserve(part.len() * 5 / 4 + 7200);
            self.encoder
                .encode_to_vec(MonoPcm(part), &mut self.buffer)
                .map_err(|e| Mp3Error::Encode(e.to_string()))?;
            self.out.write_all(&self.buffer)?;
        }
        Ok(())
    }

    /// Write the last frames and put the real Xing/LAME frame over the placeholder.
    pub fn finish(mut self) -> Result<(), Mp3Error> {
        self.buffer.clear();
        self.buffer.reserve(7200);
        self.encoder
            .flush_to_vec::<FlushGap>(&mut self.buffer)
            .map_err(|e| Mp3Error::Encode(e.to_string()))?;
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.buffer.reserve(self.encoder.lame_tag_size().max(1));
        if self
            .encoder
            .lame_tag_encode_to_vec(&mut self.buffer)
            .is_some()
        {
            self.out.seek(SeekFrom::Start(self.frames_start))?;
            self.out.write_all(&self.buffer)?;
            self.out.seek(SeekFrom::End(0))?;
        }
        self.out.flush()?;
        Ok(())
    }
}
