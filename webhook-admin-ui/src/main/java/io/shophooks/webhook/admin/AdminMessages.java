package io.shophooks.webhook.admin;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.HierarchicalMessageSource;
import org.springframework.context.MessageSource;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Adds the admin UI's message bundle (keys start with {@code shophooks.}) at the end of
 * the host's message source chain, so the host's own messages win and nothing of theirs
 * has to change.
 */
class AdminMessages implements SmartInitializingSingleton {

	static final String BASENAME = "META-INF/shophooks-admin/messages";

	private final ApplicationContext context;

	AdminMessages(ApplicationContext context) {
		this.context = context;
	}

	static ResourceBundleMessageSource bundle() {
		ResourceBundleMessageSource bundle = new ResourceBundleMessageSource();
		bundle.setBasename(BASENAME);
		bundle.setDefaultEncoding("UTF-8");
		bundle.setFallbackToSystemLocale(false);
		return bundle;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!(this.context instanceof AbstractApplicationContext applicationContext)) {
			return;
		}
		MessageSource source = applicationContext.getBean(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME,
				MessageSource.class);
		while (source instanceof HierarchicalMessageSource hierarchical) {
			MessageSource parent = hierarchical.getParentMessageSource();
			if (parent == null) {
				hierarchical.setParentMessageSource(bundle());
				return;
			}
			if (parent instanceof ResourceBundleMessageSource existing
					&& existing.getBasenameSet().contains(BASENAME)) {
				return;
			}
			source = parent;
		}
	}

}
