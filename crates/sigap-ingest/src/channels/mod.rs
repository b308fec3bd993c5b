//! Inbound channel payloads read into plain values: the WhatsApp Business Cloud API webhook
//! ([`whatsapp`]), a generic SMS gateway ([`sms`]), raw MIME e-mail ([`email`]), and the
//! ministry's old fixed message format `Nama NIK Alamat Isi aduan` ([`fixed`]). No I/O, no
//! signatures (the server checks those), no storage.

pub mod email;
pub mod fixed;
pub mod sms;
pub mod whatsapp;

/// A payload that could not be read; the message is for the sender's logs (English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PayloadError(pub String);
