package io.shophooks.sample.partner;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the reason the demo endpoint is missing on every shop page, so a shop started with
 * private networks forbidden says why no webhook reaches the partner inbox.
 */
@ControllerAdvice(basePackages = "io.shophooks.sample")
class DemoNotice {

	private final PartnerEndpointSetup setup;

	DemoNotice(PartnerEndpointSetup setup) {
		this.setup = setup;
	}

	@ModelAttribute("demoProblem")
	@Nullable String demoProblem() {
		return this.setup.problem().orElse(null);
	}

}
