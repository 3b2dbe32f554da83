//! The PostgreSQL store's schema: an ordered list of migrations, applied by warroom itself at
//! connect under an advisory lock and recorded in `warroom_schema(version)`.
//!
//! The database, not the client, keeps the history append-only (docs/postgres.md): a trigger
//! checks every inserted line against its incident's head (seq = head + 1, prev = the head's
//! hash, the line's own hash, its `seq`/`prev`/`hash` members), fills `at`, `author` and
//! `received_at` from the line and the server's clock, advances the head and `NOTIFY`s the
//! seats; UPDATE, DELETE and TRUNCATE of events are refused, and an incident's head moves only
//! from inside that trigger, one line at a time.

use postgres::Client;

/// The advisory lock held while migrating (any constant of our own: "warroom" in ASCII).
const MIGRATION_LOCK: i64 = 0x0077_6172_726f_6f6d;

/// The channel every append notifies, with the payload `<incident id>:<seq>`.
pub const CHANNEL: &str = "warroom_events";

/// The migrations, oldest first: migration `i` brings the schema to version `i + 1`. Never
/// edit one that has shipped; add another.
pub const MIGRATIONS: &[&str] = &[V1, V2];

const V1: &str = r#"
CREATE TABLE incidents (
    id          text PRIMARY KEY,
    title       text NOT NULL,
    playbook_id text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    head_seq    bigint NOT NULL DEFAULT 0,
    head_hash   text NOT NULL
        DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
);

CREATE TABLE events (
    incident_id text NOT NULL REFERENCES incidents (id),
    seq         bigint NOT NULL,
    prev        text NOT NULL,
    hash        text NOT NULL,
    line        text NOT NULL,
    at          timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    author      text NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

-- UPDATE, DELETE, TRUNCATE: refused, whatever the rows.
CREATE FUNCTION warroom_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'warroom: % of % refused: an incident''s history is append-only',
        TG_OP, TG_TABLE_NAME;
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION warroom_refuse();
CREATE TRIGGER incidents_kept BEFORE DELETE OR TRUNCATE ON incidents
    FOR EACH STATEMENT EXECUTE FUNCTION warroom_refuse();

-- A new incident starts empty: its head is set by its events only.
CREATE FUNCTION warroom_incident_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.head_seq <> 0 OR NEW.head_hash <> repeat('0', 64) THEN
        RAISE EXCEPTION 'warroom: incident %: a new incident starts with no events (head 0)',
            NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER incidents_start_empty BEFORE INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION warroom_incident_insert();

-- The head moves only from inside the events trigger (which sets warroom.head to the line it
-- appends), one line forward; nothing else of an incident changes.
CREATE FUNCTION warroom_incident_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.playbook_id IS DISTINCT FROM OLD.playbook_id
        OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'warroom: incident %: UPDATE refused: an incident is what its first event says',
            OLD.id;
    END IF;
    IF (NEW.head_seq, NEW.head_hash) IS DISTINCT FROM (OLD.head_seq, OLD.head_hash) AND (
        pg_trigger_depth() < 2
        OR NEW.head_seq <> OLD.head_seq + 1
        OR current_setting('warroom.head', true) IS DISTINCT FROM
            NEW.id || ':' || NEW.head_seq || ':' || NEW.head_hash) THEN
        RAISE EXCEPTION 'warroom: incident %: UPDATE refused: the head moves only by appending an event',
            OLD.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER incidents_head_by_append BEFORE UPDATE ON incidents
    FOR EACH ROW EXECUTE FUNCTION warroom_incident_update();

-- Every inserted line: the next one of its incident, intact; the head follows it.
CREATE FUNCTION warroom_event_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head record;
    n integer;
    j jsonb;
BEGIN
    SELECT head_seq, head_hash INTO head FROM incidents WHERE id = NEW.incident_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warroom: no incident %', NEW.incident_id;
    END IF;
    IF NEW.seq <> head.head_seq + 1 THEN
        RAISE EXCEPTION 'warroom: incident %: seq % refused: the head is at seq % (no gap, no rewrite)',
            NEW.incident_id, NEW.seq, head.head_seq;
    END IF;
    IF NEW.prev <> head.head_hash THEN
        RAISE EXCEPTION 'warroom: incident %: seq % refused: its prev is not the hash of seq %',
            NEW.incident_id, NEW.seq, head.head_seq;
    END IF;
    n := length(NEW.line);
    IF NEW.hash !~ '^[0-9a-f]{64}$' OR n < 80
        OR right(NEW.line, 76) <> ',"hash":"' || NEW.hash || '"}' || E'\n'
        OR encode(sha256(convert_to(left(NEW.line, n - 76) || '}', 'UTF8')), 'hex') <> NEW.hash
    THEN
        RAISE EXCEPTION 'warroom: incident %: seq % refused: the line does not hash to its hash',
            NEW.incident_id, NEW.seq;
    END IF;
    j := NEW.line::jsonb;
    IF (j ->> 'seq') IS DISTINCT FROM NEW.seq::text OR (j ->> 'prev') IS DISTINCT FROM NEW.prev
        OR (j ->> 'hash') IS DISTINCT FROM NEW.hash THEN
        RAISE EXCEPTION 'warroom: incident %: seq % refused: the line says another seq, prev or hash',
            NEW.incident_id, NEW.seq;
    END IF;
    NEW.at := (j ->> 'at')::timestamptz;
    NEW.author := coalesce(j -> 'actor' ->> 'name', '');
    NEW.received_at := clock_timestamp();
    PERFORM set_config('warroom.head', NEW.incident_id || ':' || NEW.seq || ':' || NEW.hash, true);
    UPDATE incidents SET head_seq = NEW.seq, head_hash = NEW.hash WHERE id = NEW.incident_id;
    PERFORM set_config('warroom.head', '', true);
    PERFORM pg_notify('warroom_events', NEW.incident_id || ':' || NEW.seq);
    RETURN NEW;
END $$;

CREATE TRIGGER events_chained BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION warroom_event_insert();
"#;

/// Version 2: an append in one round trip. `warroom_append(id, head_seq, head_hash, hashes,
/// lines)` is the transaction of an append run by the server: lock the incident's row; if its
/// head is not the one given, append nothing and return the head it has; else insert the lines
/// (each checked by the events trigger, as any insert is) and return the new head.
const V2: &str = r#"
CREATE FUNCTION warroom_append(p_id text, p_seq bigint, p_hash text, p_hashes text[],
                               p_lines text[])
RETURNS TABLE (appended boolean, head_seq bigint, head_hash text) LANGUAGE plpgsql AS $$
DECLARE
    h record;
    prev text := p_hash;
BEGIN
    SELECT i.head_seq AS seq, i.head_hash AS hash INTO h
        FROM incidents i WHERE i.id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warroom: no incident %', p_id USING ERRCODE = 'WR404';
    END IF;
    IF h.seq <> p_seq OR h.hash <> p_hash THEN
        RETURN QUERY SELECT false, h.seq, h.hash;
        RETURN;
    END IF;
    IF coalesce(array_length(p_lines, 1), 0) <> coalesce(array_length(p_hashes, 1), 0) THEN
        RAISE EXCEPTION 'warroom: incident %: as many hashes as lines', p_id;
    END IF;
    FOR i IN 1 .. coalesce(array_length(p_lines, 1), 0) LOOP
        INSERT INTO events (incident_id, seq, prev, hash, line)
            VALUES (p_id, p_seq + i, prev, p_hashes[i], p_lines[i]);
        prev := p_hashes[i];
    END LOOP;
    RETURN QUERY SELECT true, p_seq + coalesce(array_length(p_lines, 1), 0), prev;
END $$;
"#;

/// Brings the database's schema to the newest version this warroom knows, under an advisory
/// lock (seats connecting at once migrate once). Refuses a database migrated by a newer
/// warroom.
pub fn migrate(client: &mut Client) -> Result<(), String> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
        .map_err(|e| db_message(&e))?;
    let result = migrate_locked(client);
    // An error above may have closed the connection: then the lock went with it.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    result
}

fn migrate_locked(client: &mut Client) -> Result<(), String> {
    let err = |e: postgres::Error| db_message(&e);
    // A seat's role may only read and insert: it needs no CREATE when the schema is there.
    let exists: bool = client
        .query_one("SELECT to_regclass('warroom_schema') IS NOT NULL", &[])
        .and_then(|r| r.try_get(0))
        .map_err(err)?;
    if !exists {
        client
            .batch_execute("CREATE TABLE IF NOT EXISTS warroom_schema (version integer NOT NULL)")
            .map_err(err)?;
    }
    let row = client
        .query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM warroom_schema",
            &[],
        )
        .map_err(err)?;
    let have: i64 = row.try_get(0).map_err(err)?;
    let known = MIGRATIONS.len() as i64;
    if have > known {
        return Err(format!(
            "the database's schema is version {have}, newer than this warroom knows ({known}): use a newer warroom"
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(have as usize) {
        let version = (i + 1) as i32;
        let mut tx = client.transaction().map_err(err)?;
        tx.batch_execute(sql)
            .map_err(|e| format!("migration to schema version {version}: {}", db_message(&e)))?;
        tx.execute(
            "INSERT INTO warroom_schema (version) VALUES ($1)",
            &[&version],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}

/// A database error's own message (the server's words), else the error as displayed.
pub fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}
