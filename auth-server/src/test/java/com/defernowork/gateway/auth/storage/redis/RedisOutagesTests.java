package com.defernowork.gateway.auth.storage.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.netty.channel.ConnectTimeoutException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOutagesTests {

	@Test
	void isOutageWhenRedisCannotAnswerThenTrueHoweverWrapped() {
		assertThat(RedisOutages.isOutage(new RedisSystemException("Redis exception",
				new RedisException("Currently not connected. Commands are rejected."))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new QueryTimeoutException("Redis command timed out",
				new RedisCommandTimeoutException("Command timed out after 2 second(s)"))))
			.isTrue();
		assertThat(RedisOutages.isOutage(
				new RedisConnectionFailureException("Unable to connect", new RedisConnectionException("refused"))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new ServletException("Request processing failed",
				new IllegalStateException(new RedisSystemException("Error in execution",
						new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory"))))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("READONLY You can't write against a read only replica."))))
			.isTrue();
	}

	@Test
	void isOutageWhenRedisRefusesWritesForAWhileThenTrue() {
		assertThat(RedisOutages.isOutage(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("NOREPLICAS Not enough good replicas to write."))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."))))
			.isTrue();
		assertThat(RedisOutages.isOutage(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("MISCONF Errors writing to the AOF file: No space left on device"))))
			.isTrue();
	}

	@Test
	void isTimeoutAndUnavailableReplyWhenAnOutageThenWhichKindItIs() {
		RuntimeException timeout = new QueryTimeoutException("Redis command timed out",
				new RedisCommandTimeoutException("Command timed out after 2 second(s)"));
		RuntimeException full = new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."));
		RuntimeException gone = new RedisSystemException("Redis exception",
				new RedisException("Currently not connected. Commands are rejected."));
		assertThat(RedisOutages.isTimeout(timeout)).isTrue();
		assertThat(RedisOutages.isTimeout(full)).isFalse();
		assertThat(RedisOutages.isTimeout(gone)).isFalse();
		// Redis answers, refusing for now: its reply, not "unavailable"
		assertThat(RedisOutages.unavailableReply(full).getMessage()).startsWith("OOM");
		assertThat(RedisOutages.unavailableReply(timeout)).isNull();
		assertThat(RedisOutages.unavailableReply(gone)).isNull();
		assertThat(RedisOutages.unavailableReply(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("NOPERM this user has no permissions"))))
			.isNull();
	}

	@Test
	void describeWhenWrappedThenWhatTheDriverSaid() {
		assertThat(RedisOutages.describe(new ServletException("Request processing failed",
				new RedisSystemException("Error in execution",
						new RedisCommandExecutionException("NOREPLICAS Not enough good replicas to write.")))))
			.isEqualTo("NOREPLICAS Not enough good replicas to write.");
		assertThat(RedisOutages.describe(new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6379"))))
			.isEqualTo("Unable to connect to 127.0.0.1:6379");
		// why it could not connect, which the driver keeps in its cause
		assertThat(RedisOutages.describe(new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6379",
						new java.net.ConnectException("connection timed out after 2000 ms: /127.0.0.1:6379")))))
			.isEqualTo("Unable to connect to 127.0.0.1:6379 (connection timed out after 2000 ms: /127.0.0.1:6379)");
		assertThat(RedisOutages.describe(new IllegalStateException("a bug"))).contains("a bug");
	}

	@Test
	void isConnectTimeoutWhenRedisDidNotTakeTheConnectionInTimeThenTrue() {
		assertThat(
				RedisOutages.isConnectTimeout(new RedisConnectionFailureException("Unable to connect to Redis",
						new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6379",
								new ConnectTimeoutException("connection timed out after 2000 ms: /127.0.0.1:6379")))))
			.isTrue();
		assertThat(RedisOutages.isConnectTimeout(new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6379",
						new java.net.ConnectException("Connection refused")))))
			.isFalse();
		assertThat(RedisOutages.isConnectTimeout(new QueryTimeoutException("Redis command timed out",
				new RedisCommandTimeoutException("Command timed out after 2 second(s)"))))
			.isFalse();
	}

	@Test
	void isOutageWhenBugOrBadDataThenFalse() {
		assertThat(
				RedisOutages.isOutage(
						new RedisSystemException("Error in execution",
								new RedisCommandExecutionException(
										"WRONGTYPE Operation against a key holding the wrong kind of value"))))
			.isFalse();
		assertThat(RedisOutages.isOutage(new IllegalStateException("a bug"))).isFalse();
		assertThat(RedisOutages.isOutage(new ServletException("failed", new NullPointerException()))).isFalse();
	}

	@Test
	void isRefusedBySetupWhenTheAclTheCredentialsOrAMissingCommandThenTrueWithWhatToChange() {
		RedisCommandExecutionException noPermission = new RedisCommandExecutionException(
				"NOPERM User deferno-gateway has no permissions to run the 'evalsha' command");
		assertThat(RedisOutages.isRefusedBySetup(new RedisSystemException("Error in execution", noPermission)))
			.isTrue();
		assertThat(RedisOutages.whatToChange(noPermission)).contains("ACL SETUSER");
		RedisCommandExecutionException unknown = new RedisCommandExecutionException(
				"ERR unknown command 'EVALSHA', with args beginning with: ");
		assertThat(RedisOutages.isRefusedBySetup(new RedisSystemException("Error in execution", unknown))).isTrue();
		assertThat(RedisOutages.whatToChange(unknown)).contains("disabled or renamed");
		assertThat(RedisOutages.isRefusedBySetup(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."))))
			.isTrue();
	}

	@Test
	void isRefusedBySetupWhenTheCommandItselfIsWrongThenFalse() {
		// the server's own bugs keep their stack trace and status 500
		assertThat(
				RedisOutages.isRefusedBySetup(
						new RedisSystemException("Error in execution",
								new RedisCommandExecutionException(
										"WRONGTYPE Operation against a key holding the wrong kind of value"))))
			.isFalse();
		assertThat(
				RedisOutages.isRefusedBySetup(
						new RedisSystemException("Error in execution",
								new RedisCommandExecutionException(
										"ERR user_script:3: Script attempted to access nonexistent global"))))
			.isFalse();
		assertThat(RedisOutages.isRefusedBySetup(new IllegalStateException("a bug"))).isFalse();
	}

}
