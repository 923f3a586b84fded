package com.defernowork.gateway.web.settings;

/**
 * A setting whose value the server cannot work with, found at startup: its message names
 * the setting (environment variable and property) and what it accepts, and
 * {@link InvalidSettingFailureAnalyzer} turns it into Spring Boot's short "APPLICATION
 * FAILED TO START" report.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String setting;

	private final String accepted;

	private final boolean required;

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
		super(setting + " must be " + accepted + ", was '" + value + "'");
		this.setting = setting;
		this.accepted = accepted;
		this.required = required;
	}

	/**
	 * A setting whose default cannot serve here (a secret that must be the deployment's
	 * own): the report does not suggest leaving it unset.
	 */
	public static InvalidSettingException required(String setting, String accepted, Object value) {
		return new InvalidSettingException(setting, accepted, value, true);
	}

	public String setting() {
		return this.setting;
	}

	public String accepted() {
		return this.accepted;
	}

	public boolean required() {
		return this.required;
	}

}
