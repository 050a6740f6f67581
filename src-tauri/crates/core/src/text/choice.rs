//! A fixed list of choices, stored in SQLite and sent to the window as the same snake_case
//! text ("half_day"), shown to people by its label ("Half day"), and read from what a form or
//! the command line sends with a plain-English refusal of anything else.

/// Declares a choice enum: its variants with their stored text and label, `ALL`,
/// `as_str`, `label`, `parse`, and conversions to and from SQL and JSON.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every choice, in the order forms list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text, e.g. "half_day".
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// What people see, e.g. "Half day".
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Reads the stored text or the label, in any case; `None` for anything else.
            pub fn from_text(text: &str) -> Option<$name> {
                let t = text.trim();
                $name::ALL.iter().copied().find(|c| {
                    c.as_str().eq_ignore_ascii_case(t) || c.label().eq_ignore_ascii_case(t)
                })
            }

            /// Like [`Self::from_text`], refusing anything else with the list of choices,
            /// next to `field`.
            pub fn parse(field: &str, text: &str) -> $crate::store::Result<$name> {
                $name::from_text(text).ok_or_else(|| {
                    let labels: Vec<String> =
                        $name::ALL.iter().map(|c| c.label().to_lowercase()).collect();
                    $crate::store::CoreError::invalid(
                        field,
                        format!(
                            "Choose the {}: {}.",
                            $what,
                            $crate::text::join_or(&labels)
                        ),
                    )
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Lets tests and the command line compare with the stored text directly.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::ALL
                    .iter()
                    .copied()
                    .find(|c| c.as_str() == text)
                    .ok_or_else(|| rusqlite::types::FromSqlError::Other(
                        format!("{text:?} is not a {}", $what).into(),
                    ))
            }
        }
    };
}

pub(crate) use choice;

/// A choice as the window lists it in a form: the value it sends and the label it shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// "a, b or c".
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
