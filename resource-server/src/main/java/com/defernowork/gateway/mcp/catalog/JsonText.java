package com.defernowork.gateway.mcp.catalog;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.ObjectWriter;

/**
 * A value's JSON text when it is at most a given length, and its length either way: the
 * text is measured as it is written and never held past that length, so a result far too
 * large to give is found so without building it whole.
 *
 * @param text the JSON text, or null when longer than asked for
 * @param length its length in characters
 */
public record JsonText(String text, long length) {

	public static JsonText of(ObjectWriter writer, Object value, int maxChars) {
		Measure measure = new Measure(maxChars);
		writer.writeValue(measure, value);
		return new JsonText((measure.length() <= maxChars) ? measure.text(measure.length()) : null, measure.length());
	}

	/** A size as an agent reads it: "about 3.7 MB", "512 KB". */
	public static String size(long chars) {
		if (chars < 1024 * 1024) {
			return ((chars % 1024 == 0) ? "" : "about ") + Math.round(chars / 1024.0) + " KB";
		}
		return String.format(Locale.ROOT, "about %.1f MB", chars / (1024.0 * 1024));
	}

	/**
	 * Counts what is written, keeping only the first {@code keep} characters: what is
	 * written past them is counted, never held. Kept in chunks joined once at the end: a
	 * text grown by doubling one buffer took several arrays over 512 KB, each a humongous
	 * object that sent a small G1 heap into full collections.
	 */
	static final class Measure extends Writer {

		private static final int CHUNK = 32 * 1024;

		private final List<String> chunks = new ArrayList<>();

		private final StringBuilder text = new StringBuilder();

		private final int keep;

		private long length;

		Measure(int keep) {
			this.keep = keep;
		}

		/** How many characters were written. */
		long length() {
			return this.length;
		}

		/** The first {@code chars} characters written, at most the kept ones. */
		String text(long chars) {
			List<String> parts = new ArrayList<>();
			long left = chars;
			for (String chunk : this.chunks) {
				if (left <= 0) {
					break;
				}
				parts.add((chunk.length() <= left) ? chunk : chunk.substring(0, (int) left));
				left -= chunk.length();
			}
			if (left > 0) {
				parts.add(this.text.substring(0, (int) Math.min(left, this.text.length())));
			}
			// sized once to the whole
			return String.join("", parts);
		}

		private void kept() {
			if (this.text.length() >= CHUNK) {
				this.chunks.add(this.text.toString());
				this.text.setLength(0);
			}
		}

		@Override
		public void write(char[] chars, int offset, int count) {
			int room = room(count);
			if (room > 0) {
				this.text.append(chars, offset, room);
				kept();
			}
			this.length += count;
		}

		@Override
		public void write(String string, int offset, int count) {
			int room = room(count);
			if (room > 0) {
				this.text.append(string, offset, offset + room);
				kept();
			}
			this.length += count;
		}

		private int room(int count) {
			return (int) Math.max(0, Math.min(count, this.keep - this.length));
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

}
