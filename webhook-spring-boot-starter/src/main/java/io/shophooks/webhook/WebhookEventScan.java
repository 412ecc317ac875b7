package io.shophooks.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Where to look for {@link WebhookEvent} types besides the application's own packages
 * (those of its {@code @SpringBootApplication}), for event types that live in a library
 * jar or a sibling module. Put it on any {@code @Configuration} class; the property
 * {@code shophooks.webhook.events.packages} does the same.
 *
 * <pre>{@code
 * @SpringBootApplication
 * @WebhookEventScan(basePackageClasses = OrderApproved.class)
 * class ShopApplication { }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(WebhookEventScanRegistrar.class)
public @interface WebhookEventScan {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the packages
	 */
	@AliasFor("basePackages")
	String[] value() default {};

	/**
	 * Packages to look in, with their sub-packages.
	 * @return the packages
	 */
	@AliasFor("value")
	String[] basePackages() default {};

	/**
	 * Classes whose packages to look in, with their sub-packages.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

}
