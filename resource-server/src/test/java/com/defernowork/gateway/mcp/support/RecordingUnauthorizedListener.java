package com.defernowork.gateway.mcp.support;

import java.util.concurrent.atomic.AtomicInteger;

import com.defernowork.gateway.mcp.deferno.client.DefernoUnauthorizedListener;

/** Counts how often Deferno's 401 was reported. */
public final class RecordingUnauthorizedListener implements DefernoUnauthorizedListener {

	private final AtomicInteger calls = new AtomicInteger();

	@Override
	public void onUnauthorized() {
		this.calls.incrementAndGet();
	}

	public int calls() {
		return this.calls.get();
	}

	public void reset() {
		this.calls.set(0);
	}

}
