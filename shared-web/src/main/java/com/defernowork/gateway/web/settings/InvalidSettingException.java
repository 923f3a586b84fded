package com.defernowork.gateway.web.settings;

import java.util.List;

/**
 * A setting whose value the server cannot work with, found at startup: its message names
 * the setting (environment variable and property) and what it accepts, and
 * {@link InvalidSettingFailureAnalyzer} turns it into Spring Boot's short "APPLICATION
 * FAILED TO START" report.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final boolean required;

	private final String action;

	/**
	 * @param setting the environment variable and property, e.g.
	 * {@code AUTH_ISSUER (auth.issuer)}
	 * @param accepted what the setting accepts, e.g. {@code a positive duration}
	 * @param value the value given
	 */
	public InvalidSettingException(String setting, String accepted, Object value) {
		this(setting, accepted, value, false);
	}

	private InvalidSettingException(String setting, String accepted, Object value, boolean required) {
		this(setting + " must be " + accepted + ", was '" + SettingText.of(value) + "'", required,
				"Set " + setting + " to " + accepted + (required ? "." : ", or leave it unset for the default."));
	}

	private InvalidSettingException(String message, boolean required, String action) {
		super(message);
		this.required = required;
		this.action = action;
	}

	/**
	 * Settings that another one needs and that are not set, all of them in one report.
	 * @param settings each as {@code "ENV_NAME (property.name)"}
	 * @param neededBy the setting that needs them, with its value
	 */
	public static InvalidSettingException missing(List<String> settings, String neededBy) {
		String names = String.join(", ", settings);
		return new InvalidSettingException(
				neededBy + " needs " + names + ((settings.size() == 1) ? ", which is" : ", which are") + " not set",
				true, "Set " + names + ".");
	}

	/**
	 * Two settings that each choose the same thing, set together: neither is taken, where
	 * one would silently win.
	 * @param setting the one set, as {@code "ENV_NAME (property.name)"}
	 * @param other the other one set
	 * @param choice what each of them chooses
	 * @param action what to do instead
	 */
	public static InvalidSettingException conflicting(String setting, String other, String choice, String action) {
		return new InvalidSettingException(setting + " and " + other + " are both set, and each chooses " + choice,
				true, action);
	}

	/**
	 * A setting whose default cannot serve here (a secret that must be the deployment's
	 * own): the report does not suggest leaving it unset.
	 */
	public static InvalidSettingException required(String setting, String accepted, Object value) {
		return new InvalidSettingException(setting, accepted, value, true);
	}

	public boolean required() {
		return this.required;
	}

	/** What the report tells the operator to do. */
	public String action() {
		return this.action;
	}

}
