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
 * and failed its error page alike. The session stays ended.
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
			if (this.sessions.findById(session.getId()) != null) {
				throw ex;
			}
			logger.debug("A session ended while a request used it; the request's changes to it are dropped");
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
