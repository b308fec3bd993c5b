//! The case workflow: statuses, the actions that move a case between them, and the one
//! function, [`transition`], that says which moves are allowed.
//!
//! ```text
//! baru ──verifikasi──▶ terverifikasi ──tugaskan──▶ ditugaskan ──tangani──▶ ditangani ──selesaikan──▶ selesai
//!  │                       │                          │
//!  ├──tolak──▶ ditolak ◀───┤                          │
//!  └──tandai_duplikat──▶ duplikat ◀──────────────────┘
//! selesai / ditolak / duplikat ──buka_kembali──▶ baru
//!
//! terverifikasi / ditugaskan / ditangani ──rujuk──▶ dirujuk ──konfirmasi_rujukan──▶ selesai
//!                                                    └──batalkan_rujukan──▶ terverifikasi
//! baru / terverifikasi / ditugaskan / ditangani ──tutup_otomatis──▶ selesai
//! ```
//!
//! `minta_tanggapan` and `tanggapan_diterima` leave the status as it is: waiting for the
//! complainant is a pause of the SLA clock (see [`crate::sla`]), not a place in the workflow.
//! `tutup_otomatis` is Sigap's own move when a complainant never answered a follow-up.

use thiserror::Error;

crate::slug_enum! {
    /// Where a case stands.
    Status, field = "status", code = "unknown_status", what = ("Status", "status") {
        Baru = "baru", "Baru", "New";
        Terverifikasi = "terverifikasi", "Terverifikasi", "Verified";
        Ditugaskan = "ditugaskan", "Ditugaskan ke Sentra", "Assigned to a Sentra";
        Ditangani = "ditangani", "Sedang ditangani", "Being handled";
        Selesai = "selesai", "Selesai", "Closed";
        Ditolak = "ditolak", "Ditolak", "Rejected";
        Duplikat = "duplikat", "Duplikat", "Duplicate";
        /// Handed to another agency (a regional social office, the police, a health office);
        /// open until the hand-off is confirmed.
        Dirujuk = "dirujuk", "Dirujuk ke instansi lain", "Referred to another agency";
    }
}

crate::slug_enum! {
    /// What a person does to a case.
    Action, field = "action", code = "unknown_action", what = ("Tindakan", "action") {
        Verifikasi = "verifikasi", "Verifikasi", "Verify";
        Tugaskan = "tugaskan", "Tugaskan ke Sentra", "Assign to a Sentra";
        Tangani = "tangani", "Mulai tangani", "Start handling";
        Selesaikan = "selesaikan", "Selesaikan", "Close";
        Tolak = "tolak", "Tolak", "Reject";
        TandaiDuplikat = "tandai_duplikat", "Tandai duplikat", "Mark as duplicate";
        BukaKembali = "buka_kembali", "Buka kembali", "Reopen";
        Rujuk = "rujuk", "Rujuk ke instansi lain", "Refer to another agency";
        KonfirmasiRujukan = "konfirmasi_rujukan", "Rujukan diterima instansi tujuan", "Referral accepted";
        BatalkanRujukan = "batalkan_rujukan", "Rujukan dikembalikan", "Referral returned";
        MintaTanggapan = "minta_tanggapan", "Minta tanggapan pelapor", "Ask the complainant";
        TanggapanDiterima = "tanggapan_diterima", "Tanggapan pelapor diterima", "Complainant answered";
        TutupOtomatis = "tutup_otomatis", "Ditutup otomatis (pelapor tidak menanggapi)", "Closed automatically (no answer)";
    }
}

impl Status {
    /// What the public sees on the ticket page: plain words, nothing internal.
    pub fn public_label(self) -> &'static str {
        match self {
            Status::Baru => "Laporan diterima",
            Status::Terverifikasi => "Laporan sudah diverifikasi",
            Status::Ditugaskan => "Diteruskan ke Sentra terdekat",
            Status::Ditangani => "Sedang ditangani petugas",
            Status::Selesai => "Selesai ditangani",
            Status::Ditolak => "Tidak dapat ditindaklanjuti",
            Status::Duplikat => "Digabung dengan laporan lain yang sama",
            Status::Dirujuk => "Diteruskan ke instansi yang berwenang",
        }
    }

    /// A closed case takes no action but `buka_kembali`.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Selesai | Status::Ditolak | Status::Duplikat)
    }

    /// The actions a person may take from this status, in the order they would consider
    /// them, when the case waits (or not) for its complainant.
    pub fn allowed_actions_when(self, waiting: bool) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| !a.is_automatic() && transition(self, *a).is_ok())
            .filter(|a| match a {
                Action::MintaTanggapan => !waiting,
                Action::TanggapanDiterima => waiting,
                _ => true,
            })
            .collect()
    }

    /// The actions a person may take from this status when the case is not waiting.
    pub fn allowed_actions(self) -> Vec<Action> {
        self.allowed_actions_when(false)
    }
}

impl Action {
    /// Rejecting, reopening, returning a referral and asking the complainant must say why;
    /// the reason goes into the case history.
    pub fn requires_reason(self) -> bool {
        matches!(
            self,
            Action::Tolak | Action::BukaKembali | Action::BatalkanRujukan | Action::MintaTanggapan
        )
    }

    /// Closing must say how the case ended (see [`crate::response::Outcome`]).
    pub fn requires_outcome(self) -> bool {
        matches!(self, Action::Selesaikan)
    }

    /// Referring must say to whom (see [`crate::response::Referral`]).
    pub fn requires_referral(self) -> bool {
        matches!(self, Action::Rujuk)
    }

    /// Only Sigap itself takes this action (the sweep of the SLA clock).
    pub fn is_automatic(self) -> bool {
        matches!(self, Action::TutupOtomatis)
    }

    /// Marking a duplicate must name the case it duplicates.
    pub fn requires_duplicate_of(self) -> bool {
        matches!(self, Action::TandaiDuplikat)
    }
}

/// A move the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("action {action} is not allowed on a case that is {from}")]
pub struct TransitionError {
    pub from: Status,
    pub action: Action,
}

/// The status a case reaches when `action` is taken from `from`, or why it cannot be.
pub fn transition(from: Status, action: Action) -> Result<Status, TransitionError> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Baru, A::Verifikasi) => S::Terverifikasi,
        (S::Terverifikasi, A::Tugaskan) => S::Ditugaskan,
        (S::Ditugaskan, A::Tangani) => S::Ditangani,
        (S::Ditangani, A::Selesaikan) => S::Selesai,
        (S::Baru | S::Terverifikasi, A::Tolak) => S::Ditolak,
        (S::Baru | S::Terverifikasi | S::Ditugaskan, A::TandaiDuplikat) => S::Duplikat,
        (S::Selesai | S::Ditolak | S::Duplikat, A::BukaKembali) => S::Baru,
        (S::Terverifikasi | S::Ditugaskan | S::Ditangani, A::Rujuk) => S::Dirujuk,
        (S::Dirujuk, A::KonfirmasiRujukan) => S::Selesai,
        (S::Dirujuk, A::BatalkanRujukan) => S::Terverifikasi,
        (
            S::Baru | S::Terverifikasi | S::Ditugaskan | S::Ditangani,
            A::MintaTanggapan | A::TanggapanDiterima,
        ) => from,
        (S::Baru | S::Terverifikasi | S::Ditugaskan | S::Ditangani, A::TutupOtomatis) => S::Selesai,
        _ => return Err(TransitionError { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    #[test]
    fn the_main_path_runs_from_baru_to_selesai() {
        let mut s = S::Baru;
        for a in [A::Verifikasi, A::Tugaskan, A::Tangani, A::Selesaikan] {
            s = transition(s, a).unwrap();
        }
        assert_eq!(s, S::Selesai);
        assert!(s.is_closed());
    }

    /// The whole table, written out: every (status, action) pair not listed here is refused.
    #[test]
    fn exactly_the_listed_moves_are_allowed() {
        let allowed = [
            (S::Baru, A::Verifikasi, S::Terverifikasi),
            (S::Baru, A::Tolak, S::Ditolak),
            (S::Baru, A::TandaiDuplikat, S::Duplikat),
            (S::Terverifikasi, A::Tugaskan, S::Ditugaskan),
            (S::Terverifikasi, A::Tolak, S::Ditolak),
            (S::Terverifikasi, A::TandaiDuplikat, S::Duplikat),
            (S::Ditugaskan, A::Tangani, S::Ditangani),
            (S::Ditugaskan, A::TandaiDuplikat, S::Duplikat),
            (S::Ditangani, A::Selesaikan, S::Selesai),
            (S::Selesai, A::BukaKembali, S::Baru),
            (S::Ditolak, A::BukaKembali, S::Baru),
            (S::Duplikat, A::BukaKembali, S::Baru),
            (S::Terverifikasi, A::Rujuk, S::Dirujuk),
            (S::Ditugaskan, A::Rujuk, S::Dirujuk),
            (S::Ditangani, A::Rujuk, S::Dirujuk),
            (S::Dirujuk, A::KonfirmasiRujukan, S::Selesai),
            (S::Dirujuk, A::BatalkanRujukan, S::Terverifikasi),
            (S::Baru, A::MintaTanggapan, S::Baru),
            (S::Terverifikasi, A::MintaTanggapan, S::Terverifikasi),
            (S::Ditugaskan, A::MintaTanggapan, S::Ditugaskan),
            (S::Ditangani, A::MintaTanggapan, S::Ditangani),
            (S::Baru, A::TanggapanDiterima, S::Baru),
            (S::Terverifikasi, A::TanggapanDiterima, S::Terverifikasi),
            (S::Ditugaskan, A::TanggapanDiterima, S::Ditugaskan),
            (S::Ditangani, A::TanggapanDiterima, S::Ditangani),
            (S::Baru, A::TutupOtomatis, S::Selesai),
            (S::Terverifikasi, A::TutupOtomatis, S::Selesai),
            (S::Ditugaskan, A::TutupOtomatis, S::Selesai),
            (S::Ditangani, A::TutupOtomatis, S::Selesai),
        ];
        for from in S::ALL {
            for action in A::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(
                    transition(*from, *action).ok(),
                    expected,
                    "{from} + {action}"
                );
            }
        }
    }

    #[test]
    fn a_closed_case_can_only_be_reopened() {
        for s in [S::Selesai, S::Ditolak, S::Duplikat] {
            assert_eq!(s.allowed_actions(), vec![A::BukaKembali]);
        }
        assert_eq!(
            transition(S::Selesai, A::Verifikasi)
                .unwrap_err()
                .to_string(),
            "action verifikasi is not allowed on a case that is selesai"
        );
    }
}
