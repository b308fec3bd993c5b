//! Who may do what: the five roles, the permissions they hold, and the scope of a Sentra user.
//!
//! The server asks one question before every action — [`Principal::may`] — and one before
//! showing a case — [`Principal::sees_case`]. The table in [`Role::may`] is the whole policy.

use crate::validation::FieldError;

crate::slug_enum! {
    /// A user's role.
    Role, field = "role", code = "unknown_role", what = ("Peran", "role") {
        /// Users, Sentra and coverage, sources, the SLA policy; everything else too.
        Admin = "admin", "Administrator", "Administrator";
        /// The whole country: the map, the queues, reassignment, reports.
        Supervisor = "supervisor", "Supervisor", "Supervisor";
        /// Intake and triage at the command center: files calls, verifies, routes.
        Operator = "operator", "Operator", "Operator";
        /// Staff of one or more Sentra: sees and works only the cases routed to them.
        Sentra = "sentra", "Petugas Sentra", "Sentra staff";
        /// Read-only, without personal data.
        Viewer = "viewer", "Pemantau", "Viewer";
    }
}

/// What a request wants to do. Each endpoint needs exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read cases (lists, one case, its response record), masked for roles without
    /// [`Permission::SeePersonalData`].
    ReadCases,
    /// See names, phone numbers, NIK, e-mail addresses and the complaint's own words.
    SeePersonalData,
    /// File a complaint through an internal channel (the 171 call, a letter, a walk-in).
    FileInternal,
    /// Move a case through the workflow, write notes and the response record.
    WorkCases,
    /// Change a case's Sentra or place.
    Reassign,
    /// The triage queue of the media scanner: read candidates, accept, merge or dismiss them.
    Triage,
    /// Export case lists.
    ExportCases,
    /// Read KPIs and the SLA policy and calendar.
    ReadReports,
    /// Declare and end surges (temporary re-routing after a disaster).
    ManageSurges,
    /// Sentra, coverage, the SLA policy, the calendar, notification targets.
    Configure,
    /// Users and their API tokens; the audit log.
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 11] = [
        Permission::ReadCases,
        Permission::SeePersonalData,
        Permission::FileInternal,
        Permission::WorkCases,
        Permission::Reassign,
        Permission::Triage,
        Permission::ExportCases,
        Permission::ReadReports,
        Permission::ManageSurges,
        Permission::Configure,
        Permission::ManageUsers,
    ];

    /// Its snake_case name, as the API documentation writes it (`read_cases`).
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ReadCases => "read_cases",
            Permission::SeePersonalData => "see_personal_data",
            Permission::FileInternal => "file_internal",
            Permission::WorkCases => "work_cases",
            Permission::Reassign => "reassign",
            Permission::Triage => "triage",
            Permission::ExportCases => "export_cases",
            Permission::ReadReports => "read_reports",
            Permission::ManageSurges => "manage_surges",
            Permission::Configure => "configure",
            Permission::ManageUsers => "manage_users",
        }
    }

    /// The roles that hold it, in the order of [`Role::ALL`].
    pub fn roles(self) -> impl Iterator<Item = Role> {
        Role::ALL.iter().copied().filter(move |r| r.may(self))
    }
}

impl Role {
    /// The policy, in one table.
    pub fn may(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Supervisor => !matches!(p, Configure | ManageUsers),
            Role::Operator => matches!(
                p,
                ReadCases
                    | SeePersonalData
                    | FileInternal
                    | WorkCases
                    | Reassign
                    | Triage
                    | ReadReports
            ),
            Role::Sentra => matches!(
                p,
                ReadCases | SeePersonalData | WorkCases | ExportCases | ReadReports
            ),
            Role::Viewer => matches!(p, ReadCases | ReadReports),
        }
    }

    /// Whether users of this role belong to Sentra (and need at least one).
    pub fn is_scoped(self) -> bool {
        self == Role::Sentra
    }
}

/// A signed-in user (or an API token of one), as the server sees the request's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    /// The Sentra a `sentra` user works for; empty for every other role.
    pub sentra: Vec<String>,
}

impl Principal {
    pub fn may(&self, p: Permission) -> bool {
        self.role.may(p)
    }

    /// Whether a case routed to `sentra` (None: the national queue) is visible to this user.
    /// A Sentra user sees only its own units' cases; everyone else sees all.
    pub fn sees_case(&self, sentra: Option<&str>) -> bool {
        !self.role.is_scoped() || sentra.is_some_and(|s| self.sentra.iter().any(|own| own == s))
    }

    /// The Sentra a list must be limited to, if any.
    pub fn scope(&self) -> Option<&[String]> {
        self.role.is_scoped().then_some(self.sentra.as_slice())
    }
}

/// A username: 3–32 characters of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter;
/// compared in lower case.
pub fn parse_username(s: &str) -> Result<String, FieldError> {
    let u = s.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.starts_with(|c: char| c.is_ascii_lowercase())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(u)
    } else {
        Err(FieldError::new(
            "username",
            "invalid_username",
            "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda \
             hubung, diawali huruf.",
            "A username is 3–32 characters: lower-case letters, digits, '.', '_' or '-', \
             starting with a letter.",
        ))
    }
}

/// A password: at least 12 characters and not all the same character. Length beats rules.
pub fn check_password(s: &str) -> Result<(), FieldError> {
    let n = s.chars().count();
    let mut chars = s.chars();
    let first = chars.next();
    if !(12..=256).contains(&n) || chars.all(|c| Some(c) == first) {
        return Err(FieldError::new(
            "password",
            "weak_password",
            "Kata sandi minimal 12 karakter (maksimal 256) dan tidak boleh satu karakter diulang.",
            "A password has at least 12 characters (at most 256) and is not one character \
             repeated.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, sentra: &[&str]) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            role,
            sentra: sentra.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn only_an_admin_manages_users_and_configuration() {
        for role in Role::ALL {
            assert_eq!(role.may(Permission::ManageUsers), *role == Role::Admin);
            assert_eq!(role.may(Permission::Configure), *role == Role::Admin);
        }
    }

    #[test]
    fn a_viewer_reads_but_never_sees_personal_data_or_changes_anything() {
        let v = Role::Viewer;
        assert!(v.may(Permission::ReadCases) && v.may(Permission::ReadReports));
        for p in [
            Permission::SeePersonalData,
            Permission::WorkCases,
            Permission::FileInternal,
            Permission::ExportCases,
            Permission::Reassign,
            Permission::Triage,
        ] {
            assert!(!v.may(p), "{p:?}");
        }
    }

    #[test]
    fn a_sentra_user_sees_only_its_own_units_cases() {
        let s = user(Role::Sentra, &["sentra-a", "sentra-b"]);
        assert!(s.sees_case(Some("sentra-b")));
        assert!(!s.sees_case(Some("sentra-c")));
        assert!(!s.sees_case(None), "the national queue is not theirs");
        assert_eq!(s.scope().map(<[String]>::len), Some(2));
        let sup = user(Role::Supervisor, &[]);
        assert!(sup.sees_case(None) && sup.sees_case(Some("sentra-c")));
        assert!(sup.scope().is_none());
    }

    #[test]
    fn usernames_are_folded_to_lower_case_and_checked() {
        assert_eq!(parse_username(" Budi.Santoso ").unwrap(), "budi.santoso");
        for bad in ["ab", "1budi", "budi santoso", "budi@x", &"a".repeat(33)] {
            assert!(parse_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_or_repeated_passwords_are_refused() {
        assert!(check_password("kuda-lumping-2026").is_ok());
        assert!(check_password("pendek").is_err());
        assert!(check_password("aaaaaaaaaaaaaaaa").is_err());
    }
}
