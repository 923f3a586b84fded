package com.defernowork.gateway.e2e.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver by Selenium. Both
 * paths are explicit, so Selenium Manager never looks for (or downloads) a browser or a
 * driver. Screenshots go to {@code target/screenshots}.
 */
final class HeadlessChromium implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

	static final Dimension DESKTOP = new Dimension(1280, 900);

	static final Dimension PHONE = new Dimension(390, 844);

	private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

	private final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Starts a fresh browser (its own profile: no cookies from earlier tests). */
	static HeadlessChromium start() {
		Path chromium = executable("CHROMIUM_BINARY", "/usr/bin/chromium");
		Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
		try {
			Files.createDirectories(SCREENSHOTS);
			Path profile = Files.createTempDirectory("e2e-chromium-");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
				.usingAnyFreePort()
				.build();
			ChromeOptions options = new ChromeOptions();
			options.setBinary(chromium.toFile());
			// root in a container without a GPU: no sandbox, no GPU; and no traffic of
			// its own to the internet
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + profile,
					"--window-size=" + DESKTOP.width + "," + DESKTOP.height);
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
			return new HeadlessChromium(driver, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void open(String url) {
		this.driver.get(url);
	}

	String url() {
		return this.driver.getCurrentUrl();
	}

	String title() {
		return this.driver.getTitle();
	}

	/** The page's visible text. */
	String text() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	Optional<WebElement> find(By by) {
		List<WebElement> found = this.driver.findElements(by);
		return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
	}

	List<WebElement> findAll(By by) {
		return this.driver.findElements(by);
	}

	/** Clicks {@code element} and waits until the page it belonged to is gone. */
	void clickAndWait(WebElement element) {
		WebElement page = this.driver.findElement(By.tagName("html"));
		element.click();
		new WebDriverWait(this.driver, PAGE_TIMEOUT).until((d) -> isGone(page));
		new WebDriverWait(this.driver, PAGE_TIMEOUT)
			.until((d) -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
	}

	private static boolean isGone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			// Chromium's answer while the old document is being replaced, instead of a
			// stale element
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	/**
	 * Saves the whole page at desktop and at phone width, as {@code <name>-desktop.png}
	 * and {@code <name>-phone.png}; returns the two files.
	 */
	List<Path> screenshot(String name) {
		Path desktop = capture(name + "-desktop", DESKTOP);
		Path phone = capture(name + "-phone", PHONE);
		this.driver.manage().window().setSize(DESKTOP);
		return List.of(desktop, phone);
	}

	/**
	 * Whether the page is wider than the window at the current size (a horizontal scroll
	 * bar on a phone).
	 */
	boolean overflowsHorizontally() {
		Object overflow = ((JavascriptExecutor) this.driver)
			.executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1");
		return Boolean.TRUE.equals(overflow);
	}

	/**
	 * The computed value of a CSS property of the first element {@code selector} finds,
	 * as the page looks with the system's colour scheme light or dark.
	 */
	String computedStyle(String selector, String property, boolean dark) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
		try {
			return String.valueOf(((JavascriptExecutor) this.driver).executeScript(
					"return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1])",
					selector, property));
		}
		finally {
			this.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
		}
	}

	/** Whether the page overflows horizontally at phone width. */
	boolean overflowsAtPhoneWidth() {
		this.driver.manage().window().setSize(PHONE);
		try {
			return overflowsHorizontally();
		}
		finally {
			this.driver.manage().window().setSize(DESKTOP);
		}
	}

	private Path capture(String name, Dimension size) {
		this.driver.manage().window().setSize(size);
		// the window's size includes the browser's own frame: grow it by that much more
		// than the page's height
		List<?> heights = (List<?>) ((JavascriptExecutor) this.driver)
			.executeScript("return [Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),"
					+ " window.outerHeight - window.innerHeight]");
		int page = ((Number) heights.get(0)).intValue() + ((Number) heights.get(1)).intValue();
		this.driver.manage().window().setSize(new Dimension(size.width, Math.min(4000, Math.max(size.height, page))));
		Path file = SCREENSHOTS.resolve(name + ".png");
		try {
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteQuietly(this.profile);
		}
	}

	private static Path executable(String variable, String fallback) {
		Path path = Path.of(Optional.ofNullable(System.getenv(variable)).filter((v) -> !v.isBlank()).orElse(fallback));
		if (!Files.isExecutable(path)) {
			throw new IllegalStateException("no " + path + " (set " + variable
					+ " or install Debian's chromium and chromium-driver: .ci/run does)");
		}
		return path;
	}

	private static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary profile: leaving it behind is harmless
		}
	}

}
