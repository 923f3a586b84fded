package com.defernowork.gateway.auth.storage.redis;

import com.defernowork.gateway.auth.AuthServerApplication;
import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole auth server started against a Redis that does not answer: a short report
 * naming where it looked and what to do, not a stack trace; never the URL's password.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisUnreachableStartupIT {

	@Test
	void startWhenRedisDoesNotAnswerThenShortReportSayingWhatToDo(CapturedOutput output) {
		int nothingListens = FreePorts.next();
		SpringApplication application = new SpringApplication(AuthServerApplication.class);
		assertThatThrownBy(() -> application.run("--server.port=0", "--spring.main.banner-mode=off",
				"--REDIS_URL=redis://:hunter2-secret@127.0.0.1:" + nothingListens,
				"--auth.vault.key=" + RunningAuthServer.VAULT_KEY))
			.isNotNull();
		String all = output.getAll();
		assertThat(all).contains("APPLICATION FAILED TO START");
		String report = all.substring(all.indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Redis does not answer", ":" + nothingListens, "Start Redis, or correct REDIS_URL")
			.doesNotContain("\tat ");
		assertThat(report.lines().count()).isLessThan(20);
		assertThat(all).doesNotContain("hunter2-secret");
	}

}
