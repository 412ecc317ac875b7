package io.shophooks.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that is {@code public} only because another room of ShopHooks uses it (most
 * often the auto-configuration, which builds it from another package). It is not part of
 * the API: it may change or disappear in any release, patch releases included. The API is
 * listed in the README ("The API you program against").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Internal {

}
