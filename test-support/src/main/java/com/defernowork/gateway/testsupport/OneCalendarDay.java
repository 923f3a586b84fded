package com.defernowork.gateway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class within one calendar day of the given zones. Its tests take "today"
 * from the wall clock and compare it with what a server answers a moment later, so a run
 * across a midnight would fail them: when a day ends within {@link #minutes()}, the class
 * waits for that midnight to pass before it starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OneCalendarDay.Wait.class)
public @interface OneCalendarDay {

	/** The zones whose days the class's tests compare (UTC unless named). */
	String[] zones() default "UTC";

	/** How long the class may take: no midnight may fall within this many minutes. */
	int minutes() default 5;

	/** Waits for the midnight that would fall within the class's run. */
	final class Wait implements BeforeAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) throws InterruptedException {
			OneCalendarDay day = context.getRequiredTestClass().getAnnotation(OneCalendarDay.class);
			Duration budget = Duration.ofMinutes(day.minutes());
			for (Duration wait = untilSafe(Clock.systemUTC().instant(), day.zones(), budget); !wait
				.isZero(); wait = untilSafe(Clock.systemUTC().instant(), day.zones(), budget)) {
				System.out.printf("%s waits %d s for midnight to pass%n", context.getDisplayName(), wait.toSeconds());
				Thread.sleep(wait);
			}
		}

		/** Zero when no zone's day ends within {@code budget} of {@code now}. */
		static Duration untilSafe(Instant now, String[] zones, Duration budget) {
			Duration wait = Duration.ZERO;
			for (String name : zones) {
				ZoneId zone = ZoneId.of(name);
				Instant midnight = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
				Duration left = Duration.between(now, midnight);
				if (left.compareTo(budget) < 0) {
					// a second past it, so that "today" is read on the new day
					Duration past = left.plusSeconds(1);
					wait = (past.compareTo(wait) > 0) ? past : wait;
				}
			}
			return wait;
		}

	}

}
