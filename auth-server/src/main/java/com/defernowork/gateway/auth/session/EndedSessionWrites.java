package com.defernowork.gateway.auth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Sessions in Redis, where a request's writes to a session that ended meanwhile (a
 * sign-out by another request on any instance, an expiry, a sign-in's new id) are
 * dropped: Spring Session refuses the save with an {@link IllegalStateException}, which
 * would reach the person as a 500 after the request's answer was decided. The session
 * stays ended.
 */
final class EndedSessionWrites implements SessionRepository<Session> {

	private static final Logger logger = LoggerFactory.getLogger(EndedSessionWrites.class);

	private final SessionRepository<Session> sessions;

	@SuppressWarnings("unchecked")
	EndedSessionWrites(SessionRepository<? extends Session> sessions) {
		// it only ever saves the sessions it created or found
		this.sessions = (SessionRepository<Session>) sessions;
	}

	@Override
	public Session createSession() {
		return this.sessions.createSession();
	}

	@Override
	public void save(Session session) {
		try {
			this.sessions.save(session);
		}
		catch (IllegalStateException ex) {
			if (stillThere(session, ex)) {
				throw ex;
			}
			logger.debug("A session ended while a request used it; the request's changes to it are dropped");
		}
	}

	private boolean stillThere(Session session, IllegalStateException refusal) {
		try {
			return this.sessions.findById(session.getId()) != null;
		}
		catch (RuntimeException ex) {
			refusal.addSuppressed(ex);
			return true;
		}
	}

	@Override
	public Session findById(String id) {
		return this.sessions.findById(id);
	}

	@Override
	public void deleteById(String id) {
		this.sessions.deleteById(id);
	}

}
