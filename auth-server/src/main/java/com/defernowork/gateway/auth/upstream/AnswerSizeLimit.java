package com.defernowork.gateway.auth.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * Ends an upstream answer longer than {@link #MAX_BYTES} (the sign-in reads a few
 * kilobytes of JSON; a misbehaving upstream's answer read whole could take the heap) with
 * an {@link IOException}, as for an upstream that cannot be reached. Spring's clients
 * have no such bound.
 */
final class AnswerSizeLimit {

	static final String NAME = "answer-size-limit";

	static final int MAX_BYTES = 1024 * 1024;

	private AnswerSizeLimit() {
	}

	static ExecChainHandler handler() {
		return (request, scope, chain) -> {
			ClassicHttpResponse response = chain.proceed(request, scope);
			HttpEntity entity = response.getEntity();
			if (entity == null) {
				return response;
			}
			if (entity.getContentLength() > MAX_BYTES) {
				response.close();
				throw tooLarge();
			}
			response.setEntity(new LimitedEntity(entity));
			return response;
		};
	}

	private static IOException tooLarge() {
		return new IOException("the answer is larger than the " + (MAX_BYTES >> 20) + " MB this server reads");
	}

	private static final class LimitedEntity extends HttpEntityWrapper {

		LimitedEntity(HttpEntity entity) {
			super(entity);
		}

		@Override
		public InputStream getContent() throws IOException {
			return new LimitedStream(super.getContent());
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			try (InputStream in = getContent()) {
				in.transferTo(out);
			}
		}

	}

	private static final class LimitedStream extends FilterInputStream {

		private long left = MAX_BYTES;

		LimitedStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int read = super.read();
			if (read >= 0) {
				count(1);
			}
			return read;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int read = super.read(b, off, len);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		private void count(long read) throws IOException {
			this.left -= read;
			if (this.left < 0) {
				throw tooLarge();
			}
		}

	}

}
