//! The PostgreSQL store: an incident's lines in rows, one transaction an append (see the
//! module documentation of [`super`]). Work in progress.
