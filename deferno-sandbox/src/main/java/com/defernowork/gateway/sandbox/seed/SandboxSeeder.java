package com.defernowork.gateway.sandbox.seed;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.SandboxProperties;
import com.defernowork.gateway.sandbox.auth.Tokens;
import com.defernowork.gateway.sandbox.items.ItemTree;
import com.defernowork.gateway.sandbox.recurring.Schedules;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Attachment;
import com.defernowork.gateway.sandbox.store.Comment;
import com.defernowork.gateway.sandbox.store.Item;
import com.defernowork.gateway.sandbox.store.Kind;
import com.defernowork.gateway.sandbox.store.Occurrence;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Seeds demo data relative to today, before the web server opens: every kind, nested
 * tasks, a recurring chore, habit and event with past occurrences, comments, an
 * attachment and today's plan, for every demo user, plus shared items in the shared org.
 */
@Component
final class SandboxSeeder implements SmartInitializingSingleton {

	private final SandboxProperties properties;

	private final SandboxStore store;

	private final Tokens tokens;

	private final ItemTree tree;

	private final Clock clock;

	SandboxSeeder(SandboxProperties properties, SandboxStore store, Tokens tokens, ItemTree tree, Clock clock) {
		this.properties = properties;
		this.store = store;
		this.tokens = tokens;
		this.tree = tree;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.store.locked(() -> {
			List<Account> accounts = DemoAccounts.create(this.properties, this.store, this.tokens);
			for (Account account : accounts) {
				seedPersonal(account);
			}
			if (!accounts.isEmpty()) {
				seedShared(accounts.get(0), this.store.orgBySlug(this.properties.sharedOrg()).orElseThrow());
			}
		});
	}

	private void seedPersonal(Account account) {
		Org org = account.personalOrg();
		LocalDate today = today();
		Instant now = this.clock.instant();

		Item week = task(account, org, "Plan the week", "Outcomes first, then the calendar.",
				at(today.plusDays(2), 17));
		week.labels.add("planning");
		Item priorities = child(account, week, "Draft priorities");
		child(account, priorities, "List the top three outcomes");
		Item review = child(account, week, "Review last week");
		finish(review, now.minusSeconds(86_400));
		review.productive = 0.8;
		review.moodStart = Map.of("r", 0.4, "theta", 1.1);
		review.moodFinish = Map.of("r", 0.7, "theta", 0.6);

		Item passport = task(account, org, "Renew passport", "Photos, form, fee.", at(today.plusDays(10), 12));
		passport.status = "in-progress";
		passport.desire = 0.3;
		passport.productive = 0.6;
		passport.labels.add("admin");
		passport.alias = "octo/sandbox#44";

		Item notes = task(account, org, "Archive old notes", null, at(today.minusDays(35), 12));
		finish(notes, now.minusSeconds(30L * 86_400));

		Item report = task(account, org, "Weekly report", "An instance of a recurring task series.",
				at(today.plusDays(4), 16));
		report.seriesId = UUID.randomUUID();
		report.recurrenceId = today.plusDays(4).atTime(16, 0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);

		Item plants = recurring(account, org, Kind.CHORE, "Water the plants", today.minusDays(6), 9,
				Map.of("type", "every_n_days", "n", 2));
		occurrence(plants, today.minusDays(6), "done_on_time", at(today.minusDays(6), 8));
		occurrence(plants, today.minusDays(4), "done_late", at(today.minusDays(3), 8));
		occurrence(plants, today.minusDays(2), "done_on_time", at(today.minusDays(2), 9));

		Item stretch = recurring(account, org, Kind.HABIT, "Morning stretch", today.minusDays(7), 7,
				Map.of("type", "daily"));
		for (int daysAgo = 7; daysAgo >= 1; daysAgo--) {
			boolean done = daysAgo % 3 != 0;
			occurrence(stretch, today.minusDays(daysAgo), done ? "done_on_time" : "dropped",
					done ? at(today.minusDays(daysAgo), 7) : null);
		}

		Item sync = recurring(account, org, Kind.EVENT, "Team sync", today.minusDays(7), 10,
				Map.of("type", "weekly", "days", List.of(weekday(today), weekday(today.plusDays(3)))));
		sync.timeOfDay = "10:00";
		sync.endTime = at(today.minusDays(7), 10).plusSeconds(1800);
		occurrence(sync, today.minusDays(7), "done_on_time", at(today.minusDays(7), 11));
		comment(account, sync, today.minusDays(7), "Decided to ship the sandbox first.", false,
				now.minusSeconds(7L * 86_400));
		Item agenda = child(account, sync, "Prepare the agenda");
		agenda.completeBy = at(today, 9);

		comment(account, week, null, "Block two focus mornings.", false, now.minusSeconds(3600));
		comment(account, week, null, "Private note: ask for help with the budget.", true, now.minusSeconds(1800));
		comment(account, plants, null, "The fern needs less water.", false, now.minusSeconds(7200));

		Attachment brief = new Attachment(UUID.randomUUID(), week.id, null, "url", "brief.pdf", "application/pdf", 0,
				account.id(), now.minusSeconds(5400), "https://example.com/brief.pdf");
		brief.committed = true;
		this.store.attachments.put(brief.id, brief);

		List<UUID> plan = new ArrayList<>(List.of(week.id, passport.id, plants.id, stretch.id, sync.id));
		this.store.plans.put(account.id() + "/" + today, plan);
	}

	private void seedShared(Account author, Org acme) {
		LocalDate today = today();
		Item ship = task(author, acme, "Ship the sandbox", "Shared with everyone in acme.", at(today.plusDays(1), 17));
		ship.labels.add("release");
		child(author, ship, "Write contract tests");
		Item backups = recurring(author, acme, Kind.CHORE, "Check the backups", today.minusDays(14), 15,
				Map.of("type", "weekly", "days", List.of(weekday(today))));
		occurrence(backups, today.minusDays(7), "done_on_time", at(today.minusDays(7), 15));
		comment(author, ship, null, "Let's demo it on Friday.", false, this.clock.instant().minusSeconds(600));
	}

	private Item task(Account account, Org org, String title, String description, Instant completeBy) {
		Item item = this.tree.insert(org, Kind.TASK, title, account);
		item.description = description;
		item.completeBy = completeBy;
		return item;
	}

	private Item child(Account account, Item parent, String title) {
		Item item = this.tree.insert(parent.org, Kind.TASK, title, account);
		item.parentId = parent.id;
		parent.childIds.add(item.id);
		return item;
	}

	private Item recurring(Account account, Org org, Kind kind, String title, LocalDate anchor, int hour,
			Map<String, Object> recurrence) {
		Item item = this.tree.insert(org, kind, title, account);
		item.anchor = anchor;
		item.completeBy = at(anchor, hour);
		item.recurrence = new LinkedHashMap<>(recurrence);
		item.seriesId = UUID.randomUUID();
		item.timeOfDay = "%02d:00".formatted(hour);
		return item;
	}

	private void occurrence(Item item, LocalDate date, String status, Instant doneAt) {
		Occurrence row = Schedules.row(item, date);
		row.status = status;
		row.doneAt = doneAt;
	}

	private void comment(Account author, Item item, LocalDate occurrenceDate, String body, boolean isPrivate,
			Instant at) {
		Comment comment = new Comment(UUID.randomUUID(), item.id, author.id(), occurrenceDate, body, isPrivate, at);
		this.store.comments.put(comment.id, comment);
	}

	private void finish(Item task, Instant doneAt) {
		task.status = "done";
		task.doneAt = doneAt;
		task.record("Completed", doneAt);
	}

	private LocalDate today() {
		return LocalDate.now(this.clock);
	}

	private static Instant at(LocalDate date, int hour) {
		return date.atTime(LocalTime.of(hour, 0)).toInstant(ZoneOffset.UTC);
	}

	private static String weekday(LocalDate date) {
		return date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
	}

}
