package com.defernowork.gateway.auth.cimd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.cimd.ClientDocumentException.Reason;
import com.defernowork.gateway.auth.storage.memory.MemoryKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code client_id} that points at this machine is refused before any connection: a
 * listener on 127.0.0.1 and [::1] counts what reaches it. Only {@value DocumentHost#HOST}
 * is on the allow-list, which must not help any other name.
 */
class ClientDocumentsSsrfIT {

	private final LoopbackListener listener = new LoopbackListener();

	private final DocumentFetcher fetcher = new DocumentFetcher(
			new VettedDnsResolver(ClientDocumentsSsrfIT::resolve, List.of(DocumentHost.HOST)),
			DocumentHost.certificate().sslContext(), Duration.ofSeconds(2), Duration.ofSeconds(3), 4,
			ObservationRegistry.NOOP);

	private final ClientDocuments documents = new ClientDocuments(this.fetcher,
			new MemoryKeyValueStore(Ticker.systemTicker(), 100),
			new CachePolicy(Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofDays(1)),
			Duration.ofDays(1), Duration.ofSeconds(3), JsonMapper.builder().build(), Clock.systemUTC());

	@AfterEach
	void close() throws IOException {
		this.fetcher.close();
		this.listener.close();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			127.0.0.1                 | REFUSED_ADDRESS
			[::1]                     | REFUSED_ADDRESS
			localhost                 | REFUSED_ADDRESS
			127.1                     | INVALID_CLIENT_ID
			0x7f000001                | INVALID_CLIENT_ID
			2130706433                | INVALID_CLIENT_ID
			0.0.0.0                   | REFUSED_ADDRESS
			[::ffff:127.0.0.1]        | REFUSED_ADDRESS
			[::]                      | REFUSED_ADDRESS
			loopback.example.test     | REFUSED_ADDRESS
			mixed.example.test        | REFUSED_ADDRESS
			LOCALHOST                 | REFUSED_ADDRESS
			""")
	void resolveWhenClientIdPointsAtThisMachineThenRefusedWithoutConnecting(String host, Reason reason) {
		String clientId = "https://" + host + ":" + this.listener.port() + "/oauth/client.json";

		assertThatExceptionOfType(ClientDocumentException.class).isThrownBy(() -> this.documents.resolve(clientId))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.satisfies((ex) -> {
				if (host.endsWith(".test")) {
					// says which host, never which internal address it resolved to
					assertThat(ex.getMessage()).contains(host).doesNotContain("127.0.0.1");
				}
			});

		assertThat(this.listener.connectionsBeforeProbe()).isZero();
	}

	/**
	 * Names a hostile DNS could serve: one answering loopback, one mixing a public and a
	 * loopback address.
	 */
	private static InetAddress[] resolve(String host) throws UnknownHostException {
		return switch (host.toLowerCase(java.util.Locale.ROOT)) {
			case "loopback.example.test" -> new InetAddress[] { address(host, 127, 0, 0, 1) };
			case "mixed.example.test" -> new InetAddress[] { address(host, 8, 8, 8, 8), address(host, 127, 0, 0, 1) };
			default -> DocumentHost.resolve(host);
		};
	}

	private static InetAddress address(String host, int... bytes) throws UnknownHostException {
		return InetAddress.getByAddress(host,
				new byte[] { (byte) bytes[0], (byte) bytes[1], (byte) bytes[2], (byte) bytes[3] });
	}

}
