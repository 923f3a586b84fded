package com.defernowork.gateway.auth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Sessions in Redis, where a request that still holds a session another request ended (a
 * sign-out on the same browser, served by any instance) has its writes to it dropped:
 * Spring Session refuses to save it with an {@link IllegalStateException}, which reached
 * the person as a 500 after the request's answer was decided (a consent's redirect, say)
 * and failed its error page alike. The session stays ended. The same holds for a session
 * that expired during the request, or that another request of the browser renamed (a
 * sign-in changes the id): its writes go with the old name. (Memory storage has no such
 * refusal: a map takes the save.)
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
