package com.defernowork.gateway.auth;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Packages by feature: no package depends on itself through others, and {@code config}
 * depends on none.
 */
class PackageDependencyTests {

	private static final String ROOT = "com.defernowork.gateway.auth";

	// imported once for the class: JUnit makes an instance per test, and the classes are
	// only read
	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void packagesWhenImportedThenFreeOfCycles() {
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void configWhenImportedThenDependsOnNoOtherPackageOfTheServer() {
		classes().that()
			.resideInAPackage(ROOT + ".config")
			.should()
			.onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..").or(resideInAPackage(ROOT + ".config")))
			.check(CLASSES);
	}

}
