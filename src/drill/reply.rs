//! Answering an inject's sender in a drill (`reply INJECT TEXT`): a journalist's e-mail, a
//! press enquiry, a call, a DM. The reply is checked like any text the team sends out — the
//! placeholders filled in from the incident's variables (none may be left), and nothing that
//! looks like personal data (the privacy guard, seed 000:825: a customer's details go to CS
//! privately, never to a journalist) — and becomes an `inject_replied` event, which the
//! `Replied(..)` criterion and condition look for.

use crate::engine::{EventKind, FeedAuthor, Session};
use crate::playbook::{Channel, template};
use crate::scenario::Scenario;
use crate::text::channel_length;

use super::facts::Facts;

/// Who an inject comes from, as the feed and the log show them.
pub fn author(scenario: &Scenario, persona: &str) -> FeedAuthor {
    let p = scenario.persona(persona);
    FeedAuthor {
        id: persona.to_string(),
        name: p.map_or_else(|| persona.to_string(), |p| p.name.clone()),
        handle: p.and_then(|p| p.handle.clone()),
        followers: p.and_then(|p| p.followers),
    }
}

/// The event a reply to `inject_id` records, or why it is refused: no such inject, it has not
/// arrived (`facts.delivered`), it cannot be answered (a public post, a share-price move), the
/// text is empty, keeps unfilled `{placeholders}`, holds what looks like personal data, or is
/// longer than a DM may be.
pub fn reply_event(
    scenario: &Scenario,
    session: &Session,
    facts: &Facts,
    inject_id: &str,
    text: &str,
) -> Result<EventKind, String> {
    let Some(inj) = scenario.inject(inject_id) else {
        return Err(format!(
            "no inject \"{}\" in this scenario",
            crate::text::shown(inject_id)
        ));
    };
    if !facts.delivered.iter().any(|(i, _)| i == inject_id) {
        return Err(format!("inject \"{inject_id}\" has not arrived"));
    }
    if !inj.channel.can_reply() {
        return Err(format!(
            "inject \"{inject_id}\" is a {}: there is no one to reply to (only an e-mail, a press enquiry, a call or a DM); draft a post instead",
            inj.channel.label()
        ));
    }
    let body = template::render(text, &session.render_vars(None, None));
    let body = body.trim();
    if body.is_empty() {
        return Err(format!(
            "the reply to inject \"{inject_id}\" is empty: write what you answer"
        ));
    }
    let unfilled = crate::engine::drafts::unfilled(body);
    if !unfilled.is_empty() {
        return Err(format!(
            "the reply has unfilled placeholders: {}; set them (`set NAME VALUE`) or write the words out",
            unfilled
                .iter()
                .map(|n| format!("{{{n}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let findings = session.privacy_findings(body);
    if !findings.is_empty() {
        return Err(format!(
            "the reply looks like it holds personal data ({}): take it out; a customer's details go to customer service privately, never to the sender of an inject",
            findings.join(", ")
        ));
    }
    if inj.channel == crate::scenario::FeedChannel::Dm {
        let n = channel_length(Channel::Dm, body);
        if let Some(limit) = Channel::Dm.limit().filter(|l| n > *l) {
            return Err(format!("the reply is {n} characters; a DM holds {limit}"));
        }
    }
    Ok(EventKind::InjectReplied {
        inject: inj.id.clone(),
        channel: inj.channel,
        to: author(scenario, &inj.from),
        text: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const SCENARIO: &str = r#"Scenario(id: "s", title: "S", playbook: "p.ron", duration: "1h", briefing: "b",
        personas: [Persona(id: "rep", name: "Kim, Daily News", note: "invented")],
        injects: [
            Inject(id: "press", at: "+5m", channel: Press, from: "rep", subject: "Comment?", text: "Can you confirm?"),
            Inject(id: "post", at: "+6m", channel: Mention, from: "rep", text: "@ceo hello"),
        ])"#;

    fn setup() -> (Scenario, Session, Facts) {
        let sc: Scenario = crate::playbook::load::ron_options()
            .from_str(SCENARIO)
            .unwrap();
        let pb = crate::playbook::default_playbook().unwrap();
        let mut session = Session::new(Arc::new(pb.playbook));
        session
            .variables
            .insert("ceo_name".into(), "Daniel Cho".into());
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-21T10:05:00+09:00").unwrap();
        let facts = Facts {
            delivered: vec![("press".into(), at), ("post".into(), at)],
            ..Facts::default()
        };
        (sc, session, facts)
    }

    #[test]
    fn a_reply_to_an_arrived_enquiry_fills_placeholders_and_names_the_sender() {
        let (sc, session, facts) = setup();
        let ev = reply_event(
            &sc,
            &session,
            &facts,
            "press",
            "  {ceo_name} will speak at 3. ",
        )
        .unwrap();
        match ev {
            EventKind::InjectReplied {
                inject,
                channel,
                to,
                text,
            } => {
                assert_eq!(inject, "press");
                assert_eq!(channel, crate::scenario::FeedChannel::Press);
                assert_eq!(to.name, "Kim, Daily News");
                assert_eq!(text, "Daniel Cho will speak at 3.");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn replies_are_refused_with_the_reason() {
        let (sc, session, mut facts) = setup();
        let refused = |facts: &Facts, id: &str, text: &str| {
            reply_event(&sc, &session, facts, id, text).unwrap_err()
        };
        assert!(refused(&facts, "nope", "x").contains("no inject \"nope\""));
        assert!(refused(&facts, "post", "x").contains("draft a post instead"));
        assert!(refused(&facts, "press", "   ").contains("empty"));
        let e = refused(&facts, "press", "Ask {cs_contact}");
        assert!(e.contains("{cs_contact}"), "{e}");
        let e = refused(&facts, "press", "The customer is on 010-1234-5678");
        assert!(
            e.contains("phone number") && !e.contains("1234-5678"),
            "{e}"
        );
        facts.delivered.clear();
        assert!(refused(&facts, "press", "x").contains("has not arrived"));
    }
}
