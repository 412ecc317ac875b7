package io.shophooks.webhook;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.GenericBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Collects the packages of every {@link WebhookEventScan} into one
 * {@link WebhookEventPackages} bean.
 */
final class WebhookEventScanRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		AnnotationAttributes attributes = AnnotationAttributes
			.fromMap(metadata.getAnnotationAttributes(WebhookEventScan.class.getName()));
		if (attributes == null) {
			return;
		}
		Set<String> packages = new LinkedHashSet<>(Arrays.asList(attributes.getStringArray("basePackages")));
		for (Class<?> type : attributes.getClassArray("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(type));
		}
		if (packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		if (registry.containsBeanDefinition(WebhookEventPackages.BEAN_NAME)) {
			BeanDefinition existing = registry.getBeanDefinition(WebhookEventPackages.BEAN_NAME);
			WebhookEventPackages known = (WebhookEventPackages) existing.getAttribute(WebhookEventPackages.BEAN_NAME);
			if (known != null) {
				known.add(packages);
				return;
			}
		}
		WebhookEventPackages holder = new WebhookEventPackages(packages);
		GenericBeanDefinition definition = new GenericBeanDefinition();
		definition.setBeanClass(WebhookEventPackages.class);
		definition.setInstanceSupplier(() -> holder);
		definition.setAttribute(WebhookEventPackages.BEAN_NAME, holder);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(WebhookEventPackages.BEAN_NAME, definition);
	}

}
