package com.defernowork.gateway.sandbox.oauth;

import java.util.List;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * The server-rendered sign-in and error pages of the native authorize endpoint (inline
 * CSS, no scripts). Its colours are the gateway's app.css palette, which passes WCAG 2.2
 * AA: the accent #c2410c carries white text at 5.2:1 (4.5:1 asked), a control's edge
 * #7b8494 stands out from white by 3.8:1 and the focus ring #9a3412 by 7.3:1 (3:1 asked,
 * SC 1.4.11).
 */
final class SignInPage {

	private static final String STYLE = """
			*{box-sizing:border-box}
			body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
			  background:#f4f1ec;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
			main{width:100%;max-width:400px;margin:24px 16px;background:#fff;border-radius:14px;
			  box-shadow:0 8px 30px rgba(31,35,40,.12);padding:32px 28px}
			.brand{display:flex;align-items:center;gap:10px;font-weight:700;font-size:20px;margin-bottom:4px}
			.mark{width:32px;height:32px;border-radius:8px;background:#c2410c;color:#fff;display:flex;
			  align-items:center;justify-content:center;font-size:18px}
			.badge{display:inline-block;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;
			  color:#8a3b00;background:#ffe8cc;border-radius:999px;padding:2px 10px;margin:6px 0 18px}
			h1{font-size:22px;margin:0 0 6px}
			p{margin:0 0 16px;color:#57606a}
			label{display:block;font-weight:600;font-size:14px;margin:14px 0 6px}
			input[type=text],input[type=password]{width:100%;padding:11px 12px;font-size:16px;border:1px solid #7b8494;
			  border-radius:8px}
			input:focus{outline:3px solid #9a3412;outline-offset:1px;border-color:#c2410c}
			.actions{display:flex;flex-direction:row-reverse;gap:10px;margin-top:22px}
			button{flex:1;padding:12px;font-size:16px;font-weight:600;border-radius:8px;cursor:pointer}
			.primary{background:#c2410c;color:#fff;border:1px solid transparent}
			.primary:hover{background:#9a3412}
			.secondary{background:#fff;color:#1f2328;border:1px solid #7b8494}
			button:focus-visible{outline:3px solid #9a3412;outline-offset:2px}
			.error{background:#fff5f5;border:1px solid #ffc9c9;color:#c92a2a;border-radius:8px;padding:10px 12px;
			  margin-bottom:8px}
			.demo{margin-top:22px;padding-top:16px;border-top:1px solid #eaeef2;font-size:14px;color:#57606a}
			code{background:#f6f8fa;border-radius:4px;padding:1px 5px}
			""";

	private SignInPage() {
	}

	/**
	 * The sign-in form; {@code demoUsers} are shown as {@code username / password} hints.
	 * "Sign in" comes first in the markup so that Enter submits it; CSS places Cancel on
	 * the left.
	 */
	static String signIn(String clientName, Map<String, String> hidden, String username, String error,
			List<String> demoUsers) {
		StringBuilder fields = new StringBuilder();
		hidden.forEach((name, value) -> {
			if (value != null) {
				fields.append("<input type=\"hidden\" name=\"")
					.append(esc(name))
					.append("\" value=\"")
					.append(esc(value))
					.append("\">\n");
			}
		});
		StringBuilder demo = new StringBuilder();
		for (String user : demoUsers) {
			demo.append(demo.isEmpty() ? "" : ", ").append("<code>").append(esc(user)).append("</code>");
		}
		return page("Sign in · Deferno sandbox", """
				<h1>Sign in</h1>
				<p><strong>%s</strong> wants to use your Deferno account.</p>
				%s
				<form method="post" action="authorize">
				%s<label for="username">Username</label>
				<input id="username" name="username" type="text" autocomplete="username" value="%s" required autofocus>
				<label for="password">Password</label>
				<input id="password" name="password" type="password" autocomplete="current-password" required>
				<div class="actions">
				<button class="primary" type="submit" name="action" value="sign_in">Sign in</button>
				<button class="secondary" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
				</div>
				</form>
				<div class="demo">Demo sign-ins (username / password): %s.</div>
				""".formatted(esc(clientName),
				(error != null) ? "<div class=\"error\" role=\"alert\">" + esc(error) + "</div>" : "", fields,
				esc((username != null) ? username : ""), demo));
	}

	static String error(String title, String message) {
		return page(title + " · Deferno sandbox", """
				<h1>%s</h1>
				<div class="error" role="alert">%s</div>
				<p>The application that sent you here is misconfigured. Return to it and try again.</p>
				""".formatted(esc(title), esc(message)));
	}

	private static String page(String title, String content) {
		return """
				<!doctype html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width,initial-scale=1">
				<title>%s</title>
				<style>%s</style>
				</head>
				<body>
				<main>
				<div class="brand"><span class="mark">D</span>Deferno</div>
				<span class="badge">Sandbox · simulated backend</span>
				%s
				</main>
				</body>
				</html>
				""".formatted(esc(title), STYLE, content);
	}

	private static String esc(String value) {
		return HtmlUtils.htmlEscape(value);
	}

}
