package com.defernowork.gateway.mcp.deferno.client;

/**
 * Room for one more of a person's requests to Deferno at once, beyond the one each of
 * their tool calls sends at a time: a call that reads several items at once
 * ({@link DefernoClient#fewAtOnce}) takes its extra lanes from the share of the
 * connections the person's calls are allowed ({@code DEFERNO_MAX_CALLS_PER_PERSON}), so
 * that it cannot take what the limit keeps for everyone else.
 */
@FunctionalInterface
public interface PersonLanes {

	/** Every extra lane granted: no share is kept (tests, a server without the limit). */
	PersonLanes UNBOUNDED = (person) -> () -> {
	};

	/**
	 * Counts an extra lane for {@code person} (null: no signed-in person): what gives it
	 * back, or null when the person's running calls and lanes leave no room.
	 */
	Runnable extraLane(String person);

	/**
	 * Whether a lane of {@code person} granted earlier gives its room back before its
	 * next input: true, and one lane fewer counted, when calls admitted since leave the
	 * person's calls and lanes more than their share (a call is never refused for a lane,
	 * so the lanes give way); the lane then stops and its call's own thread takes the
	 * inputs left.
	 */
	default boolean shedLane(String person) {
		return false;
	}

}
