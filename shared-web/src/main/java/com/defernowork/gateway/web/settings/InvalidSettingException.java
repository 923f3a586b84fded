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

	/**
	 * @param setting the environment variable and property, e.g.
	 * {@code AUTH_ISSUER (auth.issuer)}
	 * @param accepted what the setting accepts, e.g. {@code a positive duration}
	 * @param value the value given
	 */
	public InvalidSettingException(String setting, String accepted, Object value) {
		super(setting + " must be " + accepted + ", was '" + value + "'");
		this.setting = setting;
		this.accepted = accepted;
	}

	public String setting() {
		return this.setting;
	}

	public String accepted() {
		return this.accepted;
	}

}
