//! The smallest store: it serves downloads and nothing else, with the multithreaded apartment's
//! threading model. `cp-harness` checks it as it checks any store that is not the sample: every
//! protocol rule, the synchronous methods it leaves to their defaults reported as not offered, no
//! check of the sample's own answers.

use contentpartner::content_partner;
use contentpartner::partner::{ContentPartner, TrackDownload, TrackRequest};
use contentpartner::windows_core::Result;

#[content_partner(
    clsid = "7b0d2f3e-5c61-4a8e-9f14-2d3c4b5a6e70",
    store_key = "MinimalStore",
    name = "Minimal Store",
    threading = "Free"
)]
#[derive(Default)]
pub struct Minimal;

impl ContentPartner for Minimal {
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        Ok(TrackDownload { url: format!("https://minimal.example/{}.wma", track.content_id), params: String::new() })
    }
}
