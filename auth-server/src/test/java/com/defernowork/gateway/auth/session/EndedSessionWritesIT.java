package com.defernowork.gateway.auth.session;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A request that still holds a session a sign-out ended meanwhile (on this instance or
 * another) saves it without failing, and does not bring it back.
 */
class EndedSessionWritesIT {

	private final String prefix = TestRedis.uniquePrefix("ended-sessions");

	private LettuceConnectionFactory connections;

	private RedisSessionRepository redisSessions;

	private EndedSessionWrites sessions;

	@BeforeEach
	void connect() {
		this.connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		RedisTemplate<String, Object> redis = new RedisTemplate<>();
		redis.setConnectionFactory(this.connections);
		redis.setKeySerializer(RedisSerializer.string());
		redis.setHashKeySerializer(RedisSerializer.string());
		redis.setHashValueSerializer(new SessionJson());
		redis.afterPropertiesSet();
		this.redisSessions = new RedisSessionRepository(redis);
		this.redisSessions.setRedisKeyNamespace(this.prefix + "session");
		this.sessions = new EndedSessionWrites(this.redisSessions);
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
		AuthServerTestBase.deleteKeys(this.prefix);
	}

	@Test
	void saveWhenAnotherRequestEndedTheSessionThenDroppedNotBroughtBack() {
		Session created = this.sessions.createSession();
		created.setAttribute("step", "consent");
		this.sessions.save(created);
		Session held = this.sessions.findById(created.getId());
		// the sign-out, on another request
		this.sessions.deleteById(created.getId());
		held.setAttribute("step", "answered");

		this.sessions.save(held);

		assertThat(this.sessions.findById(created.getId())).isNull();
		// what Spring Session alone does
		@SuppressWarnings({ "unchecked", "rawtypes" })
		SessionRepository<Session> bare = (SessionRepository) this.redisSessions;
		Session again = bare.createSession();
		bare.save(again);
		Session heldAgain = bare.findById(again.getId());
		bare.deleteById(again.getId());
		heldAgain.setAttribute("step", "answered");
		assertThatIllegalStateException().isThrownBy(() -> bare.save(heldAgain));
	}

	@Test
	void saveWhenTheSessionLivesThenSaved() {
		Session created = this.sessions.createSession();
		this.sessions.save(created);
		Session held = this.sessions.findById(created.getId());
		held.setAttribute("step", "answered");

		this.sessions.save(held);

		assertThat((String) this.sessions.findById(created.getId()).getAttribute("step")).isEqualTo("answered");
	}

}
