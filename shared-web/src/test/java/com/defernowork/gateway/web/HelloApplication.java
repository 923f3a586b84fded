package com.defernowork.gateway.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest application with this module's auto-configurations: {@code GET /hello}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
public class HelloApplication {

	private static final Logger logger = LoggerFactory.getLogger(HelloApplication.class);

	@GetMapping("/hello")
	String hello() {
		logger.info("Said hello");
		return "hello";
	}

	/** An answer written over what was set before, as a failing filter does. */
	@GetMapping("/hello/reset")
	void helloReset(HttpServletResponse response) throws IOException {
		response.setHeader("X-Before", "dropped");
		response.reset();
		response.setContentType("text/plain");
		response.getWriter().write("hello again");
	}

	/** A request still running a moment later, e.g. as a shutdown begins. */
	@GetMapping("/hello/slowly")
	String helloSlowly(@RequestParam long millis) throws InterruptedException {
		Thread.sleep(millis);
		return "hello";
	}

}
