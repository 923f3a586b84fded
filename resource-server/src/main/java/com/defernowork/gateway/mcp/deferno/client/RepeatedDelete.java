package com.defernowork.gateway.mcp.deferno.client;

/**
 * A delete retried after it succeeded (its answer lost to a timeout, or the agent unsure)
 * finds nothing: Deferno's 404 says so, in words the agent would read as a failure to
 * mend. The one wording every deleting tool adds to it.
 */
public final class RepeatedDelete {

	private RepeatedDelete() {
	}

	/**
	 * Deferno's "not found", saying that an earlier {@code call} (e.g.
	 * {@code delete_comment of this comment_id}) may have done it already, and
	 * {@code aside} in brackets when not null; any other failure as it is.
	 */
	public static DefernoApiException explained(DefernoApiException ex, String call, String aside) {
		if (ex.status() != 404 || !ex.enveloped()) {
			return ex;
		}
		return ex.adding("; if an earlier " + call + " succeeded, there is nothing left to do"
				+ ((aside != null) ? " (" + aside + ")" : ""));
	}

}
