package com.defernowork.gateway.web.settings;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidSettingFailureAnalyzerTests {

	private final InvalidSettingFailureAnalyzer analyzer = new InvalidSettingFailureAnalyzer();

	@Test
	void analyzeWhenSettingHasAUsableDefaultThenActionOffersLeavingItUnset() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new IllegalStateException(new InvalidSettingException("A (a)", "a positive duration", "-1s")));
		assertThat(analysis.getDescription()).isEqualTo("A (a) must be a positive duration, was '-1s'");
		assertThat(analysis.getAction())
			.isEqualTo("Set A (a) to a positive duration, or leave it unset for the default.");
	}

	@Test
	void analyzeWhenSettingIsRequiredThenActionDoesNotOfferTheDefault() {
		FailureAnalysis analysis = this.analyzer
			.analyze(InvalidSettingException.required("SECRET (s)", "a value of your own", ""));
		assertThat(analysis.getAction()).isEqualTo("Set SECRET (s) to a value of your own.");
	}

	@Test
	void analyzeWhenSettingsAnotherNeedsAreMissingThenAllAreNamedInOneReport() {
		FailureAnalysis analysis = this.analyzer
			.analyze(InvalidSettingException.missing(java.util.List.of("A (a)", "B (b)"), "MODE=x"));
		assertThat(analysis.getDescription()).isEqualTo("MODE=x needs A (a), B (b), which are not set");
		assertThat(analysis.getAction()).isEqualTo("Set A (a), B (b).");
	}

}
