package com.defernowork.gateway.sandbox.store;

import java.util.Locale;

/** The four item kinds; lower case on item feeds, Pascal case on entity answers. */
public enum Kind {

	TASK, CHORE, HABIT, EVENT;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String pascal() {
		return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
	}

	public boolean recurring() {
		return this != TASK;
	}

	public static Kind parse(String value) {
		if (value != null) {
			for (Kind kind : values()) {
				if (kind.wire().equalsIgnoreCase(value.trim())) {
					return kind;
				}
			}
		}
		return null;
	}

}
