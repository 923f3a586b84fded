package com.defernowork.gateway.mcp;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rule {@link PackageCycleTests} applies to the main code does catch a cycle
 * (fixtures under archfixture).
 */
class PackageCycleRuleTests {

	static final String FIXTURES = "com.defernowork.gateway.mcp.archfixture";

	@Test
	void ruleWhenTwoPackagesNeedEachOtherThenFailsNamingTheCycle() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> PackageCycleTests.freeOfCycles(FIXTURES + ".cycle")
				.check(new ClassFileImporter().importPackages(FIXTURES + ".cycle")))
			.withMessageContaining("Cycle detected")
			.withMessageContaining("left")
			.withMessageContaining("right");
	}

	@Test
	void ruleWhenDependenciesGoOneWayThenPasses() {
		assertThatCode(() -> PackageCycleTests.freeOfCycles(FIXTURES + ".layered")
			.check(new ClassFileImporter().importPackages(FIXTURES + ".layered"))).doesNotThrowAnyException();
	}

}
