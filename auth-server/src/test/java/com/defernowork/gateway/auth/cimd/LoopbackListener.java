package com.defernowork.gateway.auth.cimd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * A TCP listener on 127.0.0.1 and [::1] (same port) that records every connection it
 * accepts, to prove that a refused {@code client_id} never reached it. Connections queue
 * in order, so once a probe connection of the test's own has been accepted on a socket,
 * every earlier connection to that socket has been too.
 */
final class LoopbackListener implements AutoCloseable {

	private final List<ServerSocket> sockets = new ArrayList<>();

	/** Remote ports of accepted connections, per socket. */
	private final List<Set<Integer>> accepted = new ArrayList<>();

	LoopbackListener() {
		try {
			ServerSocket v4 = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
			listen(v4);
			try {
				listen(new ServerSocket(v4.getLocalPort(), 50, InetAddress.getByName("::1")));
			}
			catch (IOException ex) {
				// no IPv6 loopback on this machine: nothing can connect to [::1] either
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.sockets.get(0).getLocalPort();
	}

	/** Connections accepted on any socket other than the probes this method makes. */
	int connectionsBeforeProbe() {
		int others = 0;
		for (int i = 0; i < this.sockets.size(); i++) {
			Set<Integer> ports = this.accepted.get(i);
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(this.sockets.get(i).getInetAddress(), port()));
				int probePort = probe.getLocalPort();
				await().until(() -> ports.contains(probePort));
				others += (int) ports.stream().filter((p) -> p != probePort).count();
				ports.remove(probePort);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return others;
	}

	private void listen(ServerSocket socket) {
		Set<Integer> ports = ConcurrentHashMap.newKeySet();
		this.sockets.add(socket);
		this.accepted.add(ports);
		Thread.ofVirtual().start(() -> {
			while (!socket.isClosed()) {
				try (Socket connection = socket.accept()) {
					ports.add(connection.getPort());
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
	}

	@Override
	public void close() throws IOException {
		for (ServerSocket socket : this.sockets) {
			socket.close();
		}
	}

}
