package com.defernowork.gateway.mcp;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Packages by feature, and no two packages that need each other: every package is its own
 * slice.
 */
class PackageCycleTests {

	private static final String ROOT = "com.defernowork.gateway.mcp";

	@Test
	void packagesWhenImportedThenFreeOfCycles() {
		freeOfCycles(ROOT).check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT));
	}

	/**
	 * Every package under {@code root} (with its subpackages as their own slices) free of
	 * cycles.
	 */
	static ArchRule freeOfCycles(String root) {
		return slices().matching(root + ".(**)").should().beFreeOfCycles();
	}

}
