package com.defernowork.gateway.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ForwardedHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in a real Tomcat, where the error page is a second dispatch through it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=framework", "server.address=127.0.0.1" })
class ForwardedHeadersTests {

	@LocalServerPort
	int port;

	@Autowired
	FilterRegistrationBean<ForwardedHeaderFilter> registration;

	final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "X-Forwarded-Prefix | %zz", "X-Forwarded-Prefix | a b",
			"X-Forwarded-Port | abc", "X-Forwarded-Host | [::1" })
	void headerWhenItCannotBeAppliedThenTheErrorPageSays400(String header, String value) throws Exception {
		HttpResponse<String> response = get(header, value);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"status\":400").doesNotContain("Exception", "<html");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "X-Forwarded-Prefix | /gateway | http://127.0.0.1/gateway/where",
					"X-Forwarded-Host | mcp.example.com | http://mcp.example.com/where",
					"X-Forwarded-Proto | https | https://127.0.0.1/where" })
	void headerWhenValidThenApplied(String header, String value, String url) throws Exception {
		HttpResponse<String> response = get(header, value);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().replace(":" + this.port, "")).isEqualTo(url);
	}

	@Test
	void bootRegistersThisFilterInPlaceOfItsOwn() {
		assertThat(this.registration.getFilter()).isInstanceOf(ForwardedHeaders.class);
	}

	private HttpResponse<String> get(String header, String value) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/where"))
			.header(header, value)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Not scanning: the filter comes only as an auto-configuration, as in the servers.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class Application {

		@GetMapping("/where")
		String where(HttpServletRequest request) {
			return request.getRequestURL().toString();
		}

	}

}
