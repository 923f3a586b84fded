package com.defernowork.gateway.web.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * A setting's value written as an operator writes it ({@code 10s}, {@code 30d},
 * {@code 1MB}) in startup reports and warnings, not as Java prints it ({@code PT10S},
 * {@code PT720H}, {@code 1048576B}).
 */
public final class SettingText {

	private static final List<ChronoUnit> DURATION_UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS,
			ChronoUnit.MINUTES, ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.NANOS);

	private static final List<DataUnit> SIZE_UNITS = List.of(DataUnit.TERABYTES, DataUnit.GIGABYTES, DataUnit.MEGABYTES,
			DataUnit.KILOBYTES);

	private SettingText() {
	}

	/** A duration or size in its largest whole unit; anything else as it prints. */
	public static String of(Object value) {
		if (value instanceof Duration duration) {
			ChronoUnit unit = DURATION_UNITS.stream()
				.filter((candidate) -> duration.truncatedTo(candidate).equals(duration))
				.findFirst()
				.orElse(ChronoUnit.NANOS);
			return DurationStyle.SIMPLE.print(duration, (duration.isZero()) ? ChronoUnit.SECONDS : unit);
		}
		if (value instanceof DataSize size) {
			return SIZE_UNITS.stream()
				.filter((unit) -> size.toBytes() != 0 && size.toBytes() % DataSize.of(1, unit).toBytes() == 0)
				.findFirst()
				.map((unit) -> size.toBytes() / DataSize.of(1, unit).toBytes() + suffix(unit))
				.orElse(size.toBytes() + "B");
		}
		return String.valueOf(value);
	}

	private static String suffix(DataUnit unit) {
		return switch (unit) {
			case TERABYTES -> "TB";
			case GIGABYTES -> "GB";
			case MEGABYTES -> "MB";
			default -> "KB";
		};
	}

}
