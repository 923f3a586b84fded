package com.defernowork.gateway.mcp;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Packages by feature, and no two packages that need each other: every package is its own slice. */
@AnalyzeClasses(packages = "com.defernowork.gateway.mcp", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCycleTests {

	@ArchTest
	static final ArchRule packagesWhenComparedThenFreeOfCycles = freeOfCycles("com.defernowork.gateway.mcp");

	/** Every package under {@code root} (with its subpackages as their own slices) free of cycles. */
	static ArchRule freeOfCycles(String root) {
		return slices().matching(root + ".(**)").should().beFreeOfCycles();
	}

}
