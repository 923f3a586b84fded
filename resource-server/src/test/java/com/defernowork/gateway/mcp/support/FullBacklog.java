package com.defernowork.gateway.mcp.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A loopback port where opening a connection hangs, as towards a host that drops the
 * packets: a listening socket that accepts none, its backlog filled, whose system then
 * ignores further connection requests (Linux does; a system that refuses them instead
 * skips the test).
 */
public final class FullBacklog implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> queued = new ArrayList<>();

	public FullBacklog() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		boolean full = false;
		boolean refused = false;
		for (int i = 0; i < 20 && !full && !refused; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(this.server.getLocalSocketAddress(), 300);
				this.queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				full = true;
			}
			catch (ConnectException ex) {
				socket.close();
				refused = true;
			}
		}
		if (!full) {
			close();
		}
		Assumptions.assumeTrue(full, "this system does not leave a connection to a full backlog hanging");
	}

	/** The API base, {@code /api} included. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/api";
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.queued) {
			socket.close();
		}
		this.server.close();
	}

}
