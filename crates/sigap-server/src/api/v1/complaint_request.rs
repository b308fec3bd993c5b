//! The complaint body of `POST /api/v1/complaints` and its validation into a
//! [`NewCase`]. Every problem is reported at once, one message per field.

use serde::Deserialize;
use sigap_core::{
    Category, Channel, ComplaintType, Email, FieldError, Nik, PhoneNumber, RegionCode, Sex,
    Urgency,
    case::{Coordinates, INDONESIA_BOUNDS, Location, NewCase, Person, Reporter},
};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplaintRequest {
    #[schema(value_type = Option<sigap_core::Channel>)]
    pub channel: Option<String>,
    #[schema(value_type = Option<sigap_core::ComplaintType>)]
    #[serde(rename = "type")]
    pub complaint_type: Option<String>,
    pub reporter: Option<ReporterIn>,
    pub beneficiary: Option<PersonIn>,
    #[schema(
        min_length = 10,
        max_length = 5000,
        example = "Seorang kakek berusia 82 tahun tinggal sendirian dan jarang makan."
    )]
    pub description: Option<String>,
    pub location: Option<LocationIn>,
    #[schema(value_type = Option<sigap_core::Category>)]
    pub category: Option<String>,
    #[schema(value_type = Option<Vec<sigap_core::Category>>)]
    pub categories: Option<Vec<String>>,
    #[schema(value_type = Option<sigap_core::Urgency>)]
    pub urgency: Option<String>,
    pub confidential: Option<bool>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterIn {
    #[schema(max_length = 120)]
    pub name: Option<String>,
    #[schema(example = "081234567890")]
    pub phone: Option<String>,
    pub email: Option<String>,
    #[schema(example = "3201014107800001")]
    pub nik: Option<String>,
    pub anonymous: Option<bool>,
    pub consent_contact: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    #[schema(max_length = 120)]
    pub name: Option<String>,
    #[schema(minimum = 0, maximum = 130)]
    pub age: Option<i64>,
    #[schema(value_type = Option<sigap_core::Sex>)]
    pub sex: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationIn {
    #[schema(max_length = 500)]
    pub address: Option<String>,
    #[schema(value_type = Option<sigap_core::RegionCode>)]
    pub region_code: Option<String>,
    #[schema(minimum = -11.5, maximum = 6.5)]
    pub latitude: Option<f64>,
    #[schema(minimum = 94.5, maximum = 141.5)]
    pub longitude: Option<f64>,
}

const NAME_MAX: usize = 120;
const ADDRESS_MAX: usize = 500;
const DESCRIPTION_MIN: usize = 10;
const DESCRIPTION_MAX: usize = 5000;

/// Collects field errors while the request is read, so that all of them are reported at once.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn take<T>(&mut self, field: &str, r: Result<T, FieldError>) -> Option<T> {
        sigap_core::validation::take(&mut self.0, field, r)
    }

    /// A free-text field: trimmed, empty means absent, no control characters, bounded length.
    fn text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        if v.chars().count() > max {
            self.0.push(FieldError::too_long(field, max));
            return None;
        }
        if v.chars()
            .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
        {
            self.0.push(FieldError::new(
                field,
                "control_characters",
                "Teks berisi karakter kendali yang tidak diperbolehkan.",
                "The text contains control characters that are not allowed.",
            ));
            return None;
        }
        Some(v.to_owned())
    }
}

impl ComplaintRequest {
    /// Validates the request. `channel` is what the caller may file as (checked by the handler).
    pub fn into_new_case(self) -> Result<NewCase, Vec<FieldError>> {
        let mut e = Errors::default();
        let channel = match self.channel.as_deref() {
            Some(c) => e.take("channel", Channel::parse(c)),
            None => {
                e.0.push(FieldError::required("channel"));
                None
            }
        };
        let complaint_type = match self.complaint_type.as_deref() {
            Some(t) => e.take("type", ComplaintType::parse(t)),
            None => Some(ComplaintType::OrangRentan),
        };
        let description = e.text(
            "description",
            self.description.as_deref(),
            DESCRIPTION_MAX,
            true,
        );
        match &description {
            None if !e.0.iter().any(|x| x.field == "description") => {
                e.0.push(FieldError::required("description"))
            }
            Some(d) if d.chars().count() < DESCRIPTION_MIN => e.0.push(FieldError::new(
                "description",
                "too_short",
                format!("Ceritakan lebih lengkap (paling sedikit {DESCRIPTION_MIN} karakter)."),
                format!("Please describe the situation (at least {DESCRIPTION_MIN} characters)."),
            )),
            _ => {}
        }

        let reporter = self.reporter_from(&mut e);
        let beneficiary = self.beneficiary.as_ref().map(|p| Person {
            name: e.text("beneficiary.name", p.name.as_deref(), NAME_MAX, false),
            age: p.age.and_then(|a| match u8::try_from(a) {
                Ok(a) if a <= 130 => Some(a),
                _ => {
                    e.0.push(FieldError::new(
                        "beneficiary.age",
                        "invalid_age",
                        "Usia harus antara 0 dan 130 tahun.",
                        "Age must be between 0 and 130 years.",
                    ));
                    None
                }
            }),
            sex: p
                .sex
                .as_deref()
                .and_then(|s| e.take("beneficiary.sex", Sex::parse(s))),
        });
        let location = self.location_from(&mut e);

        let mut categories = Vec::new();
        if let Some(c) = self.category.as_deref() {
            categories.extend(e.take("category", Category::parse(c)));
        }
        for (i, c) in self.categories.iter().flatten().enumerate() {
            categories.extend(e.take(&format!("categories[{i}]"), Category::parse(c)));
        }
        let urgency = self
            .urgency
            .as_deref()
            .and_then(|u| e.take("urgency", Urgency::parse(u)));

        if !e.0.is_empty() {
            return Err(e.0);
        }
        let (Some(channel), Some(complaint_type), Some(description)) =
            (channel, complaint_type, description)
        else {
            return Err(vec![FieldError::required("channel")]);
        };
        Ok(NewCase {
            channel,
            complaint_type,
            reporter,
            beneficiary,
            description,
            location,
            categories,
            urgency,
            confidential: self.confidential.unwrap_or(false),
        }
        .protect_anonymous_reporter())
    }

    fn reporter_from(&self, e: &mut Errors) -> Reporter {
        let Some(r) = &self.reporter else {
            e.0.push(FieldError::new(
                "reporter",
                "required",
                "Isi data pelapor, atau kirim \"reporter\": {\"anonymous\": true} untuk melapor tanpa identitas.",
                "Give the reporter, or send \"reporter\": {\"anonymous\": true} to report anonymously.",
            ));
            return Reporter::default();
        };
        let anonymous = r.anonymous.unwrap_or(false);
        let reporter = Reporter {
            name: e.text("reporter.name", r.name.as_deref(), NAME_MAX, false),
            phone: r
                .phone
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .and_then(|p| e.take("reporter.phone", PhoneNumber::parse(p))),
            email: r
                .email
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .and_then(|m| e.take("reporter.email", Email::parse(m))),
            nik: r
                .nik
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .and_then(|n| e.take("reporter.nik", Nik::parse(n))),
            anonymous,
            // Giving a phone or e-mail for this complaint is taken as agreeing to be contacted
            // about it, unless the reporter says otherwise.
            consent_contact: r.consent_contact.unwrap_or(true),
        };
        let gave_identity = r.name.is_some() || r.phone.is_some() || r.email.is_some();
        if !anonymous && !gave_identity {
            e.0.push(FieldError::new(
                "reporter",
                "identity_required",
                "Isi nama atau kontak pelapor, atau pilih melapor tanpa identitas (anonymous).",
                "Give the reporter's name or a contact, or report anonymously.",
            ));
        }
        reporter
    }

    fn location_from(&self, e: &mut Errors) -> Location {
        match &self.location {
            Some(l) => l.validate_into(e),
            None => Location::default(),
        }
    }
}

impl LocationIn {
    /// Validates a place on its own (when a case's place changes).
    pub fn validate(&self) -> Result<Location, Vec<FieldError>> {
        let mut e = Errors::default();
        let location = self.validate_into(&mut e);
        if e.0.is_empty() {
            Ok(location)
        } else {
            Err(e.0)
        }
    }

    fn validate_into(&self, e: &mut Errors) -> Location {
        let l = self;
        let coordinates = match (l.latitude, l.longitude) {
            (None, None) => None,
            (Some(latitude), Some(longitude)) => {
                if INDONESIA_BOUNDS.0.contains(&latitude) && INDONESIA_BOUNDS.1.contains(&longitude)
                {
                    Some(Coordinates {
                        latitude,
                        longitude,
                    })
                } else {
                    e.0.push(FieldError::new(
                        "location",
                        "outside_indonesia",
                        "Koordinat berada di luar wilayah Indonesia.",
                        "The coordinates are outside Indonesia.",
                    ));
                    None
                }
            }
            _ => {
                e.0.push(FieldError::new(
                    "location",
                    "incomplete_coordinates",
                    "Isi latitude dan longitude sekaligus.",
                    "Give both latitude and longitude.",
                ));
                None
            }
        };
        Location {
            address: e.text("location.address", l.address.as_deref(), ADDRESS_MAX, false),
            region: l
                .region_code
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .and_then(|c| e.take("location.region_code", RegionCode::parse(c)))
                .and_then(|code| e.take("location.region_code", known_region(code))),
            coordinates,
        }
    }
}

/// Parses a region code that must exist in the Kemendagri list (a pre-2022 Papua regency code
/// becomes its current code), recording a problem under `field` otherwise.
pub fn existing_region(
    errors: &mut Vec<FieldError>,
    field: &str,
    input: &str,
) -> Option<RegionCode> {
    let code = sigap_core::validation::take(errors, field, RegionCode::parse(input))?;
    sigap_core::validation::take(errors, field, known_region(code))
}

/// A code that exists in the Kemendagri list; a pre-2022 Papua regency code becomes its current
/// code.
fn known_region(code: RegionCode) -> Result<RegionCode, FieldError> {
    sigap_core::gazetteer::Gazetteer::embedded()
        .current(&code)
        .ok_or_else(|| {
            FieldError::new(
                "region_code",
                "unknown_region",
                format!("Kode wilayah {code} tidak ada dalam daftar wilayah Kemendagri."),
                format!("Region code {code} is not in the Kemendagri list."),
            )
        })
}
