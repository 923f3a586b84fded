package com.defernowork.gateway.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.ForwardedHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in a real Tomcat, where the error page is a second dispatch through it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=framework", "server.address=127.0.0.1" })
class ForwardedHeadersIT {

	@LocalServerPort
	int port;

	@Autowired
	FilterRegistrationBean<ForwardedHeaderFilter> registration;

	final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "X-Forwarded-Prefix | %zz", "X-Forwarded-Prefix | a b", "X-Forwarded-Port | abc",
					"X-Forwarded-Host | [::1", "X-Forwarded-Host | a b", "X-Forwarded-Host | a%zz",
					"X-Forwarded-Host | a{b" })
	void headerWhenItCannotBeAppliedThenTheErrorPageSays400(String header, String value) throws Exception {
		HttpResponse<String> response = get("/where", header, value);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"status\":400", "\"host\":\"127.0.0.1\"")
			.doesNotContain("Exception", "<html");
	}

	@Test
	void errorWhenHeadersValidThenTheErrorPageSeesThemApplied() throws Exception {
		HttpResponse<String> response = get("/missing", "X-Forwarded-Host", "mcp.example.com");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"host\":\"mcp.example.com\"");
	}

	@Test
	void errorFromAFilterBeforeThisOneWhenPrefixCannotBeAppliedThenThatErrorIsShown() throws Exception {
		HttpResponse<String> response = get("/gone", "X-Forwarded-Prefix", "%zz");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "X-Forwarded-Prefix | /gateway | http://127.0.0.1/gateway/where",
					"X-Forwarded-Host | mcp.example.com | http://mcp.example.com/where",
					"X-Forwarded-Proto | https | https://127.0.0.1/where" })
	void headerWhenValidThenApplied(String header, String value, String url) throws Exception {
		HttpResponse<String> response = get("/where", header, value);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().replace(":" + this.port, "")).isEqualTo(url);
	}

	@ParameterizedTest
	@CsvSource({ "*/*", "text/*", "application/*+json" })
	void redirectWhenContentTypeIsAMediaRangeThenRedirectedNotAServerError(String type) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/away"))
			.header("X-Forwarded-Host", "mcp.example.com")
			.header("Content-Type", type)
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("http://mcp.example.com").endsWith("/where"));
	}

	@Test
	void bootRegistersThisFilterInPlaceOfItsOwn() {
		assertThat(this.registration.getFilter()).isInstanceOf(ForwardedHeaders.class);
	}

	private HttpResponse<String> get(String path, String header, String value) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
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

		@GetMapping("/away")
		void away(HttpServletResponse response) throws IOException {
			response.sendRedirect("/where");
		}

		/** The host the error page's request sees. */
		@Bean
		DefaultErrorAttributes errorAttributes() {
			return new DefaultErrorAttributes() {

				@Override
				public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
					Map<String, Object> attributes = super.getErrorAttributes(request, options);
					attributes.put("host", ((ServletWebRequest) request).getRequest().getServerName());
					return attributes;
				}

			};
		}

		/** Ordered like this one: it runs first, as the application's own beans do. */
		@Bean
		FilterRegistrationBean<Filter> gone() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
					(request, response, chain) -> ((HttpServletResponse) response).sendError(404));
			registration.addUrlPatterns("/gone");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
