//! `slug_enum!`: an enum whose values are stable snake_case slugs with a label for people.

/// What every `slug_enum!` offers, for code that handles any of them (a form's choices).
pub trait Slug: Copy + 'static {
    fn as_str(self) -> &'static str;
    fn label(self) -> &'static str;
    fn label_en(self) -> &'static str;
}

/// Declares an enum of slugs with `ALL`, `as_str`, `label` (Bahasa Indonesia), `label_en`,
/// `parse` (returning a [`crate::FieldError`] that lists the choices), `Display` and serde.
#[macro_export]
macro_rules! slug_enum {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal, code = $code:literal, what = ($what_id:literal, $what_en:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $slug:literal, $label:literal, $label_en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $slug, )+ }
            }

            /// The name shown to people, in Bahasa Indonesia.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $label_en, )+ }
            }

            pub fn parse(s: &str) -> Result<Self, $crate::FieldError> {
                match s {
                    $( $slug => Ok($name::$variant), )+
                    _ => {
                        let names = Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
                        Err($crate::FieldError::new(
                            $field,
                            $code,
                            format!("{} tidak dikenal: {:?}. Pilihan: {}.", $what_id, s, names),
                            format!("Unknown {} {:?}. Choose one of: {}.", $what_en, s, names),
                        ))
                    }
                }
            }
        }

        impl $crate::Slug for $name {
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn label_en(self) -> &'static str {
                $name::label_en(self)
            }
        }

        impl $crate::__utoipa::PartialSchema for $name {
            /// A string, one of the slugs; the description names each for people.
            fn schema() -> $crate::__utoipa::openapi::RefOr<$crate::__utoipa::openapi::schema::Schema> {
                $crate::__slug_schema(Self::ALL.iter().map(|v| (v.as_str(), v.label_en())))
            }
        }

        impl $crate::__utoipa::ToSchema for $name {}

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).map_err(|e| ::serde::de::Error::custom(e.message_en))
            }
        }
    };
}

/// The OpenAPI schema of a slug enum: a string with the slugs as its `enum`, and a description
/// that names each for people (`slug`: label).
#[doc(hidden)]
pub fn schema_of<'a>(
    values: impl Iterator<Item = (&'static str, &'a str)>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let values: Vec<_> = values.collect();
    let description = values
        .iter()
        .map(|(slug, label)| format!("`{slug}`: {label}"))
        .collect::<Vec<_>>()
        .join("; ");
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values.iter().map(|(slug, _)| *slug)))
        .description(Some(description))
        .into()
}
