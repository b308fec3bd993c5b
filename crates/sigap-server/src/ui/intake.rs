//! `/staf/aduan-baru`: the operator's form for a 171 call (or a letter, a WhatsApp message,
//! an e-mail typed in). It files through [`file_complaint`], the path of the API and `/lapor`,
//! with the operator as the actor, then redirects (303) to the case. Without JavaScript the
//! place is looked up on the server as on `/lapor` and the Sentra that will respond is shown
//! once the form comes back; with it (`static/sigap.js`) the region is searched as it is typed
//! and the Sentra previewed at once. A key per form shown makes a double submission file once.

use axum::{
    Form,
    extract::{State, rejection::FormRejection},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::Serialize;
use sigap_core::{
    Category, Channel, ComplaintType, FieldError, RegionCode, Sex, Urgency, access::Permission,
};

use super::{
    place::{Candidate, checked_case, resolve_place},
    staff::{Lang, PageError, Staff, choices},
};
use crate::{
    AppState,
    api::v1::{
        complaint_request::{ComplaintRequest, LocationIn, PersonIn, ReporterIn},
        complaints::file_complaint,
    },
    error::ApiError,
    lapor::{is_form_key, new_form_key},
};

/// The form's fields, named as in the page. Blank means absent; checkboxes are `ya` when ticked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IntakeForm {
    pub kanal: String,
    pub jenis: String,
    pub nama: String,
    pub telepon: String,
    pub nik: String,
    pub email: String,
    pub anonim: String,
    pub rahasia: String,
    /// Consent to be contacted about the complaint.
    pub kontak: String,
    pub penerima_nama: String,
    pub penerima_usia: String,
    pub penerima_kelamin: String,
    pub cerita: String,
    pub alamat: String,
    pub wilayah: String,
    pub kode_wilayah: String,
    pub kategori: Vec<String>,
    pub urgensi: String,
    /// A random key per form shown, so that a double submission files once.
    pub kunci: String,
    #[serde(skip)]
    pub csrf: String,
}

impl IntakeForm {
    /// A new call: by telephone, consent to be contacted ticked.
    fn blank() -> IntakeForm {
        IntakeForm {
            kanal: Channel::Operator.as_str().into(),
            jenis: ComplaintType::OrangRentan.as_str().into(),
            kontak: "ya".into(),
            kunci: new_form_key(),
            ..IntakeForm::default()
        }
    }

    /// The fields as a browser sends them (categories are repeated checkboxes).
    fn from_pairs(pairs: Vec<(String, String)>) -> IntakeForm {
        let mut f = IntakeForm::default();
        for (k, v) in pairs {
            let slot = match k.as_str() {
                "kanal" => &mut f.kanal,
                "jenis" => &mut f.jenis,
                "nama" => &mut f.nama,
                "telepon" => &mut f.telepon,
                "nik" => &mut f.nik,
                "email" => &mut f.email,
                "anonim" => &mut f.anonim,
                "rahasia" => &mut f.rahasia,
                "kontak" => &mut f.kontak,
                "penerima_nama" => &mut f.penerima_nama,
                "penerima_usia" => &mut f.penerima_usia,
                "penerima_kelamin" => &mut f.penerima_kelamin,
                "cerita" => &mut f.cerita,
                "alamat" => &mut f.alamat,
                "wilayah" => &mut f.wilayah,
                "kode_wilayah" => &mut f.kode_wilayah,
                "urgensi" => &mut f.urgensi,
                "kunci" => &mut f.kunci,
                "_csrf" => &mut f.csrf,
                "kategori" => {
                    if !f.kategori.contains(&v) {
                        f.kategori.push(v);
                    }
                    continue;
                }
                _ => continue,
            };
            *slot = v;
        }
        f
    }

    /// The API's request body for this form: the one set of validation rules.
    fn to_request(
        &self,
        region_code: Option<String>,
        errors: &mut Vec<FieldError>,
    ) -> ComplaintRequest {
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let age = given(&self.penerima_usia).and_then(|a| match a.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(
                    "beneficiary.age",
                    "invalid_age",
                    "Usia ditulis dengan angka, dalam tahun.",
                    "Write the age as a number of years.",
                ));
                None
            }
        });
        let beneficiary = PersonIn {
            name: given(&self.penerima_nama),
            age,
            sex: given(&self.penerima_kelamin),
        };
        let has_beneficiary =
            beneficiary.name.is_some() || beneficiary.age.is_some() || beneficiary.sex.is_some();
        ComplaintRequest {
            channel: given(&self.kanal),
            complaint_type: given(&self.jenis),
            reporter: Some(ReporterIn {
                name: given(&self.nama),
                phone: given(&self.telepon),
                email: given(&self.email),
                nik: given(&self.nik),
                anonymous: Some(self.anonim == "ya"),
                consent_contact: Some(self.kontak == "ya"),
            }),
            beneficiary: has_beneficiary.then_some(beneficiary),
            description: given(&self.cerita),
            location: Some(LocationIn {
                address: given(&self.alamat),
                region_code,
                latitude: None,
                longitude: None,
            }),
            category: None,
            categories: Some(self.kategori.clone()),
            urgency: given(&self.urgensi),
            confidential: Some(self.rahasia == "ya"),
        }
    }
}

/// One problem of the error summary: the field it belongs to and what to do.
#[derive(Debug, Serialize)]
struct Problem {
    id: &'static str,
    label: &'static str,
    message: String,
}

/// The form field (its `id`) and label that an API field's error belongs to.
fn form_field(api_field: &str) -> (&'static str, &'static str) {
    match api_field {
        "channel" => ("kanal", "Kanal"),
        "type" => ("jenis", "Jenis aduan"),
        "description" => ("cerita", "Cerita keadaan"),
        "reporter" | "reporter.name" => ("nama", "Nama pelapor"),
        "reporter.phone" => ("telepon", "Nomor telepon/WhatsApp"),
        "reporter.email" => ("email", "E-mail"),
        "reporter.nik" => ("nik", "NIK"),
        "beneficiary.name" => ("penerima_nama", "Nama penerima manfaat"),
        "beneficiary.age" => ("penerima_usia", "Usia"),
        "beneficiary.sex" => ("penerima_kelamin", "Jenis kelamin"),
        "location.address" => ("alamat", "Alamat atau patokan"),
        "urgency" => ("urgensi", "Urgensi"),
        _ if api_field.starts_with("categor") => ("kategori", "Kategori"),
        _ if api_field.starts_with("location") || api_field.contains("region") => {
            ("wilayah", "Wilayah")
        }
        _ => ("cerita", "Aduan"),
    }
}

const FIELD_ORDER: [&str; 16] = [
    "kanal",
    "jenis",
    "nama",
    "telepon",
    "nik",
    "email",
    "penerima_nama",
    "penerima_usia",
    "penerima_kelamin",
    "cerita",
    "wilayah",
    "alamat",
    "kategori",
    "urgensi",
    "kunci",
    "_csrf",
];

/// `GET /staf/aduan-baru`: an empty form.
pub async fn intake_form(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::FileInternal)?;
    Ok(render_form(
        &state,
        &staff,
        &IntakeForm::blank(),
        &[],
        &[],
        None,
        StatusCode::OK,
    ))
}

/// `POST /staf/aduan-baru`: files the complaint, or shows the form again with its problems.
pub async fn intake_submit(
    State(state): State<AppState>,
    staff: Staff,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::FileInternal)?;
    let Form(pairs) = form.map_err(|e| {
        ApiError::bad_request(
            "invalid_form",
            format!("Isian formulir tidak sah: {}.", e.body_text()),
            format!("The form data is not valid: {}.", e.body_text()),
        )
    })?;
    let mut form = IntakeForm::from_pairs(pairs);
    staff.check_form(&form.csrf)?;
    if !is_form_key(&form.kunci) {
        form.kunci = new_form_key();
    }

    let mut errors = Vec::new();
    let place = resolve_place(&form.wilayah, &form.kode_wilayah, &mut errors);
    let region = place.code().map(str::to_owned);
    let request = form.to_request(region.clone(), &mut errors);
    let new = checked_case(request, &mut errors);
    let candidates = place.into_choices();
    let Some(new) = new else {
        let preview = preview(&state, region.as_deref(), staff.lang).await;
        return Ok(render_form(
            &state,
            &staff,
            &form,
            &errors,
            &candidates,
            preview,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };

    // One key per form shown and content sent: the same form sent twice files once.
    let hash = content_hash(&form);
    let key = format!("staf-{}-{hash}", form.kunci);
    match file_complaint(&state, &new, Some((&key, &hash)), &staff.who.username).await {
        Ok((case, _)) => Ok(Redirect::to(&format!("/staf/kasus/{}", case.id)).into_response()),
        Err(ApiError::Validation(more)) => {
            let preview = preview(&state, region.as_deref(), staff.lang).await;
            Ok(render_form(
                &state,
                &staff,
                &form,
                &more,
                &candidates,
                preview,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Which Sentra a case at `region` would go to now ("Sentra yang akan menangani: …"), as
/// `GET /api/v1/route` says; nothing when the place is unknown or routing is unavailable.
async fn preview(state: &AppState, region: Option<&str>, lang: Lang) -> Option<String> {
    let code = RegionCode::parse(region?).ok()?;
    match state
        .routing
        .preview(&state.store, &code, state.clock.now())
        .await
    {
        Ok(p) => Some(match p.sentra {
            Some(s) => s.name,
            None => lang
                .pick(
                    "command center nasional (belum ada Sentra untuk wilayah ini)",
                    "the national command center (no Sentra covers this region yet)",
                )
                .to_owned(),
        }),
        Err(e) => {
            tracing::warn!(error = %e, "route preview failed");
            None
        }
    }
}

fn render_form(
    state: &AppState,
    staff: &Staff,
    form: &IntakeForm,
    errors: &[FieldError],
    candidates: &[Candidate],
    preview: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| {
            let (id, label) = form_field(&e.field);
            Problem {
                id,
                label,
                message: match lang {
                    Lang::Id => e.message.clone(),
                    Lang::En => e.message_en.clone(),
                },
            }
        })
        .collect();
    problems.sort_by_key(|p| FIELD_ORDER.iter().position(|id| *id == p.id));
    let mut by_field = std::collections::BTreeMap::new();
    for p in &problems {
        by_field.entry(p.id).or_insert_with(|| p.message.clone());
    }
    // Channels typed in by the command center: not the public web form nor partner apps.
    let channels: Vec<Channel> = Channel::ALL
        .iter()
        .copied()
        .filter(|c| !matches!(c, Channel::Web | Channel::Api))
        .collect();
    let mut page = staff.render(
        state,
        "staf/aduan-baru.html",
        context! {
            form => form,
            errors => problems,
            err => by_field,
            candidates => candidates,
            preview => preview,
            channels => choices(&channels, lang),
            types => choices(ComplaintType::ALL, lang),
            categories => choices(Category::ALL, lang),
            urgencies => choices(Urgency::ALL, lang),
            sexes => choices(Sex::ALL, lang),
        },
    );
    if page.status() == StatusCode::OK {
        *page.status_mut() = status;
    }
    page
}

/// The hash of what the form says (the key and the CSRF token left out).
fn content_hash(form: &IntakeForm) -> String {
    let content = IntakeForm {
        kunci: String::new(),
        ..form.clone()
    };
    let json = serde_json::to_vec(&content).unwrap_or_default();
    crate::secret::sha256_hex(&json)
}
