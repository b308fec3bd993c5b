//! The demo data set: complaints from several channels and provinces, in several states, so
//! that a newcomer sees a living command center. The stories are invented for the demo (no
//! real person is described); the places are real Kemendagri regions.

use anyhow::Result;
use chrono::{Duration, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sigap_core::{
    Action, Category, Channel, ComplaintType, PhoneNumber, RegionCode, Sex, Urgency,
    case::{Location, NewCase, Person, Reporter},
    response::{Assessment, Intervention, InterventionType, Outcome},
    skm::SurveyAnswers,
};
use sigap_server::{
    routing::{Cause, Routing},
    sla::SlaEngine,
};
use sigap_store::{ActionRequest, Store};

struct Scenario {
    description: &'static str,
    address: &'static str,
    region: &'static str,
    categories: &'static [Category],
    urgency: Urgency,
    complaint_type: ComplaintType,
    beneficiary: Option<(&'static str, u8, Sex)>,
}

use Category as C;
use ComplaintType as T;
use Urgency as U;

const SCENARIOS: &[Scenario] = &[
    Scenario {
        description: "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan. Tetangga hanya sesekali mengantar nasi.",
        address: "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor",
        region: "32.01.16.2013",
        categories: &[C::Lansia, C::FakirMiskin],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Mbah Warsih", 80, Sex::Perempuan)),
    },
    Scenario {
        description: "Seorang pria dengan gangguan jiwa dipasung keluarganya di kandang belakang rumah sejak tiga tahun lalu dan belum pernah berobat.",
        address: "Kec. Sinjai Borong, Kab. Sinjai",
        region: "73.07",
        categories: &[C::Disabilitas],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Pak R.", 41, Sex::LakiLaki)),
    },
    Scenario {
        description: "Bayi laki-laki ditemukan warga di teras musala subuh tadi, masih bertali pusar. Sekarang dirawat sementara di rumah ketua RT.",
        address: "Kel. Manguharjo, Kota Madiun",
        region: "35.77",
        categories: &[C::Anak],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Banjir setinggi satu meter merendam kampung kami sejak semalam. Sekitar 40 keluarga mengungsi di balai desa, kekurangan selimut dan makanan bayi.",
        address: "Kec. Pemulutan, Kab. Ogan Ilir",
        region: "16.10",
        categories: &[C::KorbanBencana],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Anak usia 9 tahun sering terlihat mengemis di perempatan sampai larut malam, tidak bersekolah. Orang tuanya tidak diketahui.",
        address: "Perempatan Jl. Yos Sudarso, Jakarta Utara",
        region: "31.72",
        categories: &[C::Anak, C::TunaSosial],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("(belum diketahui)", 9, Sex::LakiLaki)),
    },
    Scenario {
        description: "Ibu tunggal dengan tiga anak kecil diusir dari kontrakan karena menunggak sewa, sekarang tidur di emperan toko.",
        address: "Kota Kupang, dekat Pasar Oeba",
        region: "53.71",
        categories: &[C::PerempuanRentan, C::Anak, C::FakirMiskin],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Ibu M.", 32, Sex::Perempuan)),
    },
    Scenario {
        description: "Remaja tetangga kecanduan menghirup lem, sudah dua kali pingsan. Keluarga ingin dia direhabilitasi tetapi tidak tahu caranya.",
        address: "Kec. Baturraden, Kab. Banyumas",
        region: "33.02",
        categories: &[C::Napza, C::Anak],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("A.", 15, Sex::LakiLaki)),
    },
    Scenario {
        description: "Rumah warga terbakar habis tadi malam, satu keluarga dengan lansia kehilangan tempat tinggal dan menumpang di rumah saudara.",
        address: "Kota Banjarmasin",
        region: "63.71",
        categories: &[C::KorbanBencana, C::Lansia],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Anak perempuan 12 tahun diduga menjadi korban kekerasan oleh ayah tirinya; pelaku masih tinggal serumah.",
        address: "Kab. Garut",
        region: "32.05",
        categories: &[C::Anak, C::KorbanKekerasan],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("(dirahasiakan)", 12, Sex::Perempuan)),
    },
    Scenario {
        description: "Kakek tunanetra tinggal sendirian, rumahnya bocor di musim hujan. Butuh tongkat dan perbaikan atap.",
        address: "Kab. Bantul",
        region: "34.02",
        categories: &[C::Lansia, C::Disabilitas],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Mbah S.", 74, Sex::LakiLaki)),
    },
    Scenario {
        description: "Pekerja migran perempuan dipulangkan dari luar negeri dalam keadaan sakit, tidak punya ongkos pulang ke kampung.",
        address: "Kota Mataram",
        region: "52.71",
        categories: &[C::TunaSosial, C::PerempuanRentan],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Ibu N.", 29, Sex::Perempuan)),
    },
    Scenario {
        description: "Balita gizi buruk, berat badannya 6 kg di usia 2 tahun. Orang tuanya buruh harian dan tidak sanggup membawanya berobat.",
        address: "Kab. Jayapura",
        region: "91.03",
        categories: &[C::Anak, C::FakirMiskin],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("(balita)", 2, Sex::Perempuan)),
    },
    Scenario {
        description: "Saya terdaftar sebagai penerima PKH tetapi sudah enam bulan bantuan tidak masuk ke rekening. Mohon dicek datanya.",
        address: "Kota Medan",
        region: "12.71",
        categories: &[C::FakirMiskin],
        urgency: U::Normal,
        complaint_type: T::Bansos,
        beneficiary: None,
    },
    Scenario {
        description: "Penyandang disabilitas fisik membutuhkan kursi roda; kursi rodanya yang lama patah sehingga ia tidak bisa keluar rumah.",
        address: "Kota Pekanbaru",
        region: "14.71",
        categories: &[C::Disabilitas],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Sdr. H.", 35, Sex::LakiLaki)),
    },
    Scenario {
        description: "Tanah longsor menimbun dua rumah di lereng bukit. Penghuninya selamat tetapi mengungsi ke rumah tetangga tanpa perlengkapan.",
        address: "Kota Manado",
        region: "71.71",
        categories: &[C::KorbanBencana],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Ibu hamil tujuh bulan ditinggal suami, tinggal sendiri tanpa penghasilan dan belum pernah periksa kehamilan.",
        address: "Kota Palu",
        region: "72.71",
        categories: &[C::PerempuanRentan, C::FakirMiskin],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Ibu S.", 24, Sex::Perempuan)),
    },
    Scenario {
        description: "Lansia dengan demensia sering tersesat dan tidur di pasar. Keluarganya tidak diketahui.",
        address: "Kota Denpasar",
        region: "51.71",
        categories: &[C::Lansia, C::TunaSosial],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("(tanpa identitas)", 70, Sex::LakiLaki)),
    },
    Scenario {
        description: "Keluarga enam orang makan nasi aking setiap hari sejak kepala keluarga sakit dan tidak bisa bekerja.",
        address: "Kab. Temanggung",
        region: "33.23",
        categories: &[C::FakirMiskin],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Anak yatim piatu usia 7 tahun diasuh neneknya yang juga sakit-sakitan; keduanya tidak punya penghasilan.",
        address: "Kab. Aceh Besar",
        region: "11.06",
        categories: &[C::Anak, C::Lansia, C::FakirMiskin],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("(anak)", 7, Sex::Perempuan)),
    },
    Scenario {
        description: "Petugas di kantor layanan tidak menanggapi pengaduan saya soal kartu KKS yang tertahan selama tiga bulan.",
        address: "Kota Bandar Lampung",
        region: "18.71",
        categories: &[],
        urgency: U::Normal,
        complaint_type: T::Layanan,
        beneficiary: None,
    },
    Scenario {
        description: "Beberapa remaja putri dijanjikan kerja di kota lain lalu ditahan di sebuah rumah; satu berhasil kabur dan melapor ke warga.",
        address: "Kota Pontianak",
        region: "61.71",
        categories: &[C::TunaSosial, C::KorbanKekerasan, C::Anak],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Gelandangan lansia tidur di halte dan batuk terus-menerus, tampak sangat kurus.",
        address: "Kota Kendari",
        region: "74.71",
        categories: &[C::Lansia, C::TunaSosial],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Angin puting beliung merusak atap belasan rumah di kampung nelayan, warga bertahan di rumah yang tersisa.",
        address: "Kota Ambon",
        region: "81.71",
        categories: &[C::KorbanBencana],
        urgency: U::High,
        complaint_type: T::OrangRentan,
        beneficiary: None,
    },
    Scenario {
        description: "Istri mengalami kekerasan dalam rumah tangga berulang kali, sekarang mengungsi di rumah orang tuanya bersama dua anak.",
        address: "Kab. Sidoarjo",
        region: "35.15",
        categories: &[C::KorbanKekerasan, C::PerempuanRentan],
        urgency: U::Normal,
        complaint_type: T::OrangRentan,
        beneficiary: Some(("Ibu D.", 31, Sex::Perempuan)),
    },
];

const NAMES: &[&str] = &[
    "Siti Aminah",
    "Budi Santoso",
    "Dewi Lestari",
    "Agus Salim",
    "Rina Marlina",
    "Yohanes Bria",
    "Made Sutama",
    "Nur Hidayah",
    "Andi Pratama",
    "Fransiska Lado",
    "Hendra Gunawan",
    "Wayan Sudarsa",
];

const CHANNELS: &[Channel] = &[
    Channel::Web,
    Channel::Web,
    Channel::Operator,
    Channel::Operator,
    Channel::Whatsapp,
    Channel::Whatsapp,
    Channel::Sms,
    Channel::Email,
    Channel::Api,
];

/// Files `count` complaints spread over the last three weeks and walks some of them through
/// the workflow. Returns how many were filed.
pub async fn seed(store: &Store, count: usize, seed: u64) -> Result<usize> {
    let mut rng = StdRng::seed_from_u64(seed);
    let routing = Routing::default();
    // The clock of each case as the server keeps it after every change: deadlines, the
    // at-risk and late states, and the flags the KPI report counts (closed, within SLA).
    let clock = SlaEngine::default();
    clock.reload(store).await?;
    let now = Utc::now();
    for i in 0..count {
        let s = &SCENARIOS[i % SCENARIOS.len()];
        let anonymous = rng.gen_bool(0.15);
        let name = NAMES[rng.gen_range(0..NAMES.len())];
        let phone = format!("08{}", rng.gen_range(1_100_000_000u64..1_399_999_999));
        let new = NewCase {
            channel: CHANNELS[rng.gen_range(0..CHANNELS.len())],
            complaint_type: s.complaint_type,
            reporter: Reporter {
                name: Some(name.to_owned()),
                phone: PhoneNumber::parse(&phone).ok(),
                email: None,
                nik: None,
                anonymous,
                consent_contact: true,
            },
            beneficiary: s.beneficiary.map(|(name, age, sex)| Person {
                name: Some(name.to_owned()),
                age: Some(age),
                sex: Some(sex),
            }),
            description: s.description.to_owned(),
            location: Location {
                address: Some(s.address.to_owned()),
                region: RegionCode::parse(s.region).ok(),
                coordinates: None,
            },
            categories: s.categories.to_vec(),
            urgency: Some(s.urgency),
            confidential: s.categories.contains(&C::KorbanKekerasan),
        }
        .protect_anonymous_reporter();
        // Older complaints have had time to move further along.
        let age_hours = rng.gen_range(1..21 * 24) as i64;
        let filed = now - Duration::hours(age_hours);
        let assignment = routing
            .decide(
                store,
                new.location.region.as_ref(),
                Cause::Created,
                "system",
                filed,
            )
            .await?;
        let case = store
            .create_case(&new, Some(&assignment), None, "demo", filed)
            .await?
            .case()
            .clone();
        let steps = match age_hours {
            h if h < 12 => 0,
            h if h < 48 => rng.gen_range(0..=2),
            h if h < 24 * 7 => rng.gen_range(1..=3),
            // Most older cases are closed; a few stay stuck, late, for the supervisor to see.
            _ if rng.gen_bool(0.7) => 4,
            _ => rng.gen_range(2..=3),
        };
        let path = [
            Action::Verifikasi,
            Action::Tugaskan,
            Action::Tangani,
            Action::Selesaikan,
        ];
        let mut at = filed;
        for action in path.into_iter().take(steps) {
            // A step within a day or two, as a team that keeps to the service standard works.
            at += Duration::hours(rng.gen_range(1..=(age_hours / 5).clamp(1, 40)));
            let note = match action {
                Action::Verifikasi => "Pelapor dihubungi, keterangan sesuai.",
                Action::Tugaskan => "Diteruskan ke Sentra terdekat.",
                Action::Tangani => "Tim Sentra sudah mendatangi lokasi.",
                _ => "Bantuan sudah diterima, kasus ditutup.",
            };
            let when = at.min(now);
            if action == Action::Selesaikan {
                record_response(store, case.id, when).await?;
            }
            let mut request = ActionRequest::new(action, "demo-operator");
            request.note = Some(note.into());
            if action == Action::Selesaikan {
                request.outcome = Some(Outcome::Tertangani);
            }
            store.apply_action(case.id, &request, when).await?;
            if action == Action::Selesaikan {
                answer_survey(store, case.id, &mut rng, when).await?;
            }
        }
        if steps == 0 && rng.gen_bool(0.1) {
            let mut request = ActionRequest::new(Action::Tolak, "demo-operator");
            request.note =
                Some("Laporan tidak dapat diverifikasi: nomor pelapor tidak aktif.".into());
            store
                .apply_action(case.id, &request, filed + Duration::hours(1))
                .await?;
        }
        clock.refresh(store, case.id, now).await?;
    }
    Ok(count)
}

/// The complainant of a closed demo case answers the satisfaction survey (mostly 3s and 4s).
async fn answer_survey(
    store: &Store,
    id: uuid::Uuid,
    rng: &mut StdRng,
    at: chrono::DateTime<Utc>,
) -> Result<()> {
    let hash = format!("demo-survey-{id}");
    if !store
        .create_survey(id, &hash, at, at + Duration::days(30))
        .await?
    {
        return Ok(());
    }
    let values: Vec<i64> = (0..9)
        .map(|_| {
            if rng.gen_bool(0.7) {
                4
            } else {
                rng.gen_range(2..=3)
            }
        })
        .collect();
    let answers =
        SurveyAnswers::parse(&values).map_err(|e| anyhow::anyhow!("demo survey: {e:?}"))?;
    store
        .answer_survey(&hash, &answers, None, at + Duration::hours(2))
        .await?;
    Ok(())
}

/// The assessment and the help given before a demo case is closed as handled.
async fn record_response(store: &Store, id: uuid::Uuid, at: chrono::DateTime<Utc>) -> Result<()> {
    let day = at.date_naive();
    let assessment = Assessment::parse(
        "Penerima manfaat tinggal sendiri, kebutuhan makan harian belum tercukupi.",
        "Permakanan dan pendampingan keluarga.",
        vec![
            InterventionType::DukunganHidupLayak,
            InterventionType::DukunganKeluarga,
        ],
        "Pekerja sosial Sentra",
        day,
    )
    .map_err(|e| anyhow::anyhow!("demo assessment: {e:?}"))?;
    store
        .add_assessment(id, &assessment, "demo-operator", None, at)
        .await?;
    let help = Intervention::parse(
        InterventionType::DukunganHidupLayak,
        "Paket permakanan",
        1,
        Some("paket"),
        day,
        "Tim Sentra",
    )
    .map_err(|e| anyhow::anyhow!("demo intervention: {e:?}"))?;
    store
        .add_intervention(id, &help, "demo-operator", None, at)
        .await?;
    Ok(())
}

/// The password of every demo account. Demo data is for trying Sigap out, never for real work.
pub const DEMO_PASSWORD: &str = "demo-sigap-2026";

/// Demo accounts, one per role, on a database that has none of them: `operator`,
/// `supervisor`, `pemantau` (viewer), and `petugas.<sentra>` for the two Sentra with the most
/// demo cases. Returns the accounts made (name, role).
pub async fn seed_users(store: &Store) -> Result<Vec<(String, String)>> {
    let page = store
        .list_cases(&sigap_store::CaseFilter::default(), 500, None)
        .await?;
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for c in &page.cases {
        if let Some(s) = c.assignment.as_ref().and_then(|a| a.sentra.clone()) {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut busiest: Vec<(String, usize)> = counts.into_iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut wanted = vec![
        ("operator".to_owned(), "operator", Vec::new()),
        ("supervisor".to_owned(), "supervisor", Vec::new()),
        ("pemantau".to_owned(), "viewer", Vec::new()),
    ];
    for (sentra, _) in busiest.into_iter().take(2) {
        wanted.push((format!("petugas.{sentra}"), "sentra", vec![sentra]));
    }
    let mut made = Vec::new();
    for (username, role, sentra) in wanted {
        match store.user_by_name(&username).await {
            Ok(_) => continue,
            Err(sigap_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        let request = sigap_server::api::v1::users::NewUserRequest {
            username: username.clone(),
            display_name: None,
            role: role.into(),
            sentra,
            password: DEMO_PASSWORD.into(),
        };
        sigap_server::api::v1::users::add_user(store, &request, "demo", Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("cannot add demo user {username}: {e:?}"))?;
        made.push((username, role.to_owned()));
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_a_valid_region_and_a_description_the_api_would_accept() {
        for s in SCENARIOS {
            assert!(RegionCode::parse(s.region).is_ok(), "{}", s.region);
            assert!(s.description.chars().count() >= 10);
        }
    }
}
