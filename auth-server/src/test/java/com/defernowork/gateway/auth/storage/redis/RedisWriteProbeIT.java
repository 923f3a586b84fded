package com.defernowork.gateway.auth.storage.redis;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Outcome;
import com.defernowork.gateway.auth.storage.redis.RedisWriteProbe.Write;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.redis.RedisClusterLauncher;
import com.defernowork.gateway.testsupport.redis.RedisProcess;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write behind the {@code redisWrites} health component, against Redis processes of
 * the test's own that answer but refuse writes in each way an operator meets.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisWriteProbeIT {

	private static final Duration KEEP = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.now();

	private final RedisKeys keys = new RedisKeys("write-probe-it:");

	private RedisProcess redis;

	private LettuceConnectionFactory connection;

	@BeforeEach
	void start() {
		this.redis = RedisProcess.start();
	}

	@AfterEach
	void stop() {
		if (this.connection != null) {
			this.connection.destroy();
		}
		this.redis.close();
	}

	private RedisWriteProbe probe(RedisProcess redis) {
		this.connection = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		this.connection.afterPropertiesSet();
		this.connection.start();
		return new RedisWriteProbe(new StringRedisTemplate(this.connection), this.keys, KEEP, this.clock);
	}

	private Write run(RedisWriteProbe probe) {
		this.clock.advance(Duration.ofSeconds(10));
		probe.run();
		return probe.last();
	}

	@Test
	void runWhenRedisTakesTheWriteThenTakenAndTheKeyExpires() {
		Write write = run(probe(this.redis));
		assertThat(write.outcome()).isEqualTo(Outcome.TAKEN);
		assertThat(write.at()).isEqualTo(this.clock.instant());
		assertThat(Instant.parse(this.redis.cli("GET", this.keys.writeCheck()))).isEqualTo(this.clock.instant());
		assertThat(Long.parseLong(this.redis.cli("TTL", this.keys.writeCheck()))).isBetween(1L, KEEP.toSeconds());
	}

	@Test
	void runWhenRedisRefusesThenRefusedQuotingItWithWhatToChangeLoggedOnceAndTakenAgainLogged(CapturedOutput output) {
		RedisWriteProbe probe = probe(this.redis);
		String[][] refusals = { { "min-replicas-to-write", "1", "0", "NOREPLICAS", "min-replicas-to-write" },
				{ "maxmemory", "1", "0", "OOM", "maxmemory" } };
		for (String[] refusal : refusals) {
			this.redis.cli("CONFIG", "SET", refusal[0], refusal[1]);
			for (int i = 0; i < 3; i++) {
				Write write = run(probe);
				assertThat(write.outcome()).isEqualTo(Outcome.REFUSED);
				assertThat(write.redisSays()).startsWith(refusal[3]);
				assertThat(write.whatToChange()).contains(refusal[4]);
			}
			this.redis.cli("CONFIG", "SET", refusal[0], refusal[2]);
			assertThat(run(probe).outcome()).isEqualTo(Outcome.TAKEN);
		}
		// the default user may no longer SET (an ACL made for another application)
		this.redis.cli("ACL", "SETUSER", "default", "-set");
		Write write = run(probe);
		assertThat(write.redisSays()).startsWith("NOPERM");
		assertThat(write.whatToChange()).contains("ACL");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Redis refuses the auth server's writes")))
			.hasSize(3);
		assertThat(
				output.getAll().lines().filter((line) -> line.contains("Redis takes the auth server's writes again")))
			.hasSize(2);
	}

	@Test
	void runWhenRedisUrlNamesAReplicaThenRefusedSayingToPointAtThePrimary() {
		try (RedisProcess replica = RedisProcess.start("--replicaof", "127.0.0.1",
				Integer.toString(this.redis.port()))) {
			Write write = run(probe(replica));
			assertThat(write.outcome()).isEqualTo(Outcome.REFUSED);
			assertThat(write.redisSays()).startsWith("READONLY");
			assertThat(write.whatToChange()).contains("primary");
		}
	}

	@Test
	void runWhenOnePrimaryOfAClusterRefusesThenRefusedWhicheverItIs() {
		try (RedisClusterLauncher cluster = RedisClusterLauncher.start()) {
			RedisClusterConfiguration configuration = new RedisClusterConfiguration(
					cluster.nodes().stream().map(RedisProcess::address).toList());
			this.connection = new LettuceConnectionFactory(configuration,
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
			this.connection.afterPropertiesSet();
			this.connection.start();
			RedisWriteProbe probe = new RedisWriteProbe(new StringRedisTemplate(this.connection), this.keys, KEEP,
					this.clock);

			assertThat(run(probe).outcome()).isEqualTo(Outcome.TAKEN);
			for (RedisProcess primary : cluster.nodes()) {
				assertThat(primary.cli("KEYS", this.keys.writeCheck() + "*")).as("a key on %s", primary.address())
					.isNotBlank();
			}
			// the memory limit reached on one primary only, each in turn
			for (RedisProcess primary : cluster.nodes()) {
				primary.cli("CONFIG", "SET", "maxmemory", "1");
				Write write = run(probe);
				assertThat(write.outcome()).as("%s refusing", primary.address()).isEqualTo(Outcome.REFUSED);
				assertThat(write.redisSays()).startsWith("OOM");
				primary.cli("CONFIG", "SET", "maxmemory", "0");
				assertThat(run(probe).outcome()).isEqualTo(Outcome.TAKEN);
			}
		}
	}

	@Test
	void runWhenRedisGoneThenUnreachableAndNotCalledARefusal(CapturedOutput output) {
		RedisWriteProbe probe = probe(this.redis);
		assertThat(run(probe).outcome()).isEqualTo(Outcome.TAKEN);
		this.redis.kill();
		Write write = run(probe);
		assertThat(write.outcome()).isEqualTo(Outcome.UNREACHABLE);
		// what the driver said, for the health detail
		assertThat(write.redisSays()).isNotBlank();
		assertThat(write.whatToChange()).isNull();
		assertThat(output.getAll()).doesNotContain("Redis refuses the auth server's writes");
	}

}
