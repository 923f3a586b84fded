package com.defernowork.gateway.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout's root folder (the one holding quickstart.sh and nginx/), found from the
 * test's working folder.
 */
public final class ProjectDir {

	private ProjectDir() {
	}

	public static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("quickstart.sh")) && Files.isDirectory(dir.resolve("nginx"))) {
				return dir;
			}
		}
		throw new IllegalStateException(
				"no project root (with quickstart.sh and nginx/) above " + Path.of("").toAbsolutePath());
	}

}
