package io.shophooks.sample.partner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.util.unit.DataSize;

import io.shophooks.sample.ShopProperties;

/**
 * The partner inbox: {@code POST /partner/inbox} receives webhooks (open to the network,
 * like any receiver), {@code GET /partner/inbox} shows what arrived (for logged-in users).
 */
@Controller
@RequestMapping("/partner/inbox")
class PartnerInboxController {

	private final PartnerInbox inbox;

	private final DataSize maxBodySize;

	PartnerInboxController(PartnerInbox inbox, ShopProperties properties) {
		this.inbox = inbox;
		this.maxBodySize = properties.getPartner().getInboxMaxBodySize();
	}

	private static ResponseEntity<String> tooLarge(long limit) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body("The body is larger than " + limit + " bytes (shop.partner.inbox-max-body-size); not kept");
	}

	@PostMapping
	ResponseEntity<String> receive(@RequestParam(required = false) @Nullable String token, HttpServletRequest request)
			throws IOException {
		long limit = this.maxBodySize.toBytes();
		if (request.getContentLengthLong() > limit) {
			return tooLarge(limit);
		}
		byte[] body = request.getInputStream().readNBytes((int) limit + 1);
		if (body.length > limit) {
			return tooLarge(limit);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
		}
		String text = new String(body, StandardCharsets.UTF_8);
		InboxEntry entry = this.inbox.receive(headers, text, token);
		if (!entry.verified()) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(entry.verdict());
		}
		return ResponseEntity.ok(entry.verdict());
	}

	@GetMapping
	String show(Model model) {
		model.addAttribute("entries", this.inbox.entries(100));
		model.addAttribute("secretHint", this.inbox.secretHint());
		return "inbox";
	}

	/** The owner hands the inbox the secret a rotation made, as they would tell a partner. */
	@PostMapping("/secret")
	String useSecret(@RequestParam(defaultValue = "") String secret,
			org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
		try {
			this.inbox.useSecret(secret);
			redirect.addFlashAttribute("message", "The partner inbox now verifies with the secret starting "
					+ this.inbox.secretHint());
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/partner/inbox";
	}

}
