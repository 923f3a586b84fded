package com.defernowork.gateway.mcp.deferno.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UriEncodingTests {

	@Test
	void encodeWhenPythonQuoteExamplesThenSame() {
		assertThat(UriEncoding.encode("octo/repo#44")).isEqualTo("octo%2Frepo%2344");
		assertThat(UriEncoding.encode("kind eq 'task' and status eq 'open'"))
			.isEqualTo("kind%20eq%20%27task%27%20and%20status%20eq%20%27open%27");
		assertThat(UriEncoding.encode("a,b", ",")).isEqualTo("a,b");
		assertThat(UriEncoding.encode("Europe/Paris")).isEqualTo("Europe%2FParis");
		assertThat(UriEncoding.encode("é~_.-")).isEqualTo("%C3%A9~_.-");
		assertThat(UriEncoding.encodeFormValue("write the classifier&x")).isEqualTo("write+the+classifier%26x");
	}

}
