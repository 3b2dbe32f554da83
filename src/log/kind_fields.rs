//! An externally tagged twin of [`EventKind`], for reading only: given the `kind` word, serde
//! reads the kind's fields straight from the line, where the internally tagged `EventKind`
//! must first buffer every member (see [`super::parse`]). Serde's `remote` derive builds an
//! `EventKind` from it. Both enums are built from the one table of kinds
//! ([`crate::engine::kinds`]), so the twin cannot drift from the enum.

use serde::Deserialize;

use crate::engine::EventKind;
use crate::engine::kinds::with_event_kinds;

/// Builds the twin from the table.
macro_rules! define_kind_fields {
    ($(
        $(#[$vmeta:meta])*
        $variant:ident = $name:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ),* $(,)?) => {
        #[derive(Deserialize)]
        #[serde(remote = "EventKind")]
        pub(crate) enum KindFields {
            $(
                $(#[$vmeta])*
                #[serde(rename = $name)]
                $variant { $( $(#[$fmeta])* $field: $ty ),* },
            )*
        }
    };
}

with_event_kinds!(define_kind_fields);
