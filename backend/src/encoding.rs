//! Compressed answers: which encodings a client accepts, and an API answer compressed in the
//! best of them. Rule: only what a client asks for; an answer too small to gain stays as it is.

use poem::Request;
use poem::http::header;
use std::io::Write as _;

/// Below this many bytes an answer is sent as it is: compressing it gains less than it costs.
pub const MIN_COMPRESSED: usize = 1024;

/// The encodings `Accept-Encoding` allows (a `q=0` refuses one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accepted {
    /// `br`.
    pub brotli: bool,
    /// `gzip`.
    pub gzip: bool,
}

/// What `req` accepts.
pub fn accepted(req: &Request) -> Accepted {
    let mut accepted = Accepted::default();
    for value in req.headers().get_all(header::ACCEPT_ENCODING) {
        for item in value.to_str().unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match name {
                "br" => accepted.brotli = !refused,
                "gzip" => accepted.gzip = !refused,
                _ => {}
            }
        }
    }
    accepted
}

/// `body` in the best encoding `accepted` allows, with that encoding's name; as it is when
/// neither is accepted or it is shorter than [`MIN_COMPRESSED`].
pub fn compress(body: Vec<u8>, accepted: Accepted) -> (Vec<u8>, Option<&'static str>) {
    if body.len() < MIN_COMPRESSED {
        return (body, None);
    }
    if accepted.brotli {
        // Quality 5: most of brotli's gain at a fraction of its top quality's time.
        let mut out = Vec::with_capacity(body.len() / 4);
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            lgwin: 20,
            ..Default::default()
        };
        if brotli::BrotliCompress(&mut body.as_slice(), &mut out, &params).is_ok() {
            return (out, Some("br"));
        }
    }
    if accepted.gzip {
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 4),
            flate2::Compression::fast(),
        );
        if encoder.write_all(&body).is_ok()
            && let Ok(out) = encoder.finish()
        {
            return (out, Some("gzip"));
        }
    }
    (body, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn request(accept: &str) -> Request {
        Request::builder()
            .header(header::ACCEPT_ENCODING, accept)
            .finish()
    }

    #[test]
    fn the_accepted_encodings_follow_the_header_and_its_refusals() {
        let both = Accepted {
            brotli: true,
            gzip: true,
        };
        for (header, expected) in [
            ("gzip, deflate, br, zstd", both),
            ("br;q=1.0, gzip;q=0.8", both),
            (
                "gzip",
                Accepted {
                    brotli: false,
                    gzip: true,
                },
            ),
            (
                "br;q=0, gzip",
                Accepted {
                    brotli: false,
                    gzip: true,
                },
            ),
            ("identity", Accepted::default()),
            ("", Accepted::default()),
        ] {
            assert_eq!(accepted(&request(header)), expected, "{header}");
        }
    }

    #[test]
    fn a_large_answer_comes_back_as_it_went_in_and_a_small_one_is_left_alone() {
        let body = br#"{"data":{"complaints":[{"reference":"KL-2026-0001"}]}}"#.repeat(60);
        let (br, coding) = compress(
            body.clone(),
            Accepted {
                brotli: true,
                gzip: true,
            },
        );
        assert_eq!(coding, Some("br"));
        assert!(br.len() * 5 < body.len(), "{} of {}", br.len(), body.len());
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut back).unwrap();
        assert_eq!(back, body);
        let (gz, coding) = compress(
            body.clone(),
            Accepted {
                brotli: false,
                gzip: true,
            },
        );
        assert_eq!(coding, Some("gzip"));
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
        let small = b"{\"data\":{}}".to_vec();
        assert_eq!(
            compress(
                small.clone(),
                Accepted {
                    brotli: true,
                    gzip: true
                }
            ),
            (small, None)
        );
        assert_eq!(compress(body.clone(), Accepted::default()), (body, None));
    }
}
