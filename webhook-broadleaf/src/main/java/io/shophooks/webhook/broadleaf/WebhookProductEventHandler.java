package io.shophooks.webhook.broadleaf;

import org.broadleafcommerce.common.exception.ServiceException;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.openadmin.dto.Entity;
import org.broadleafcommerce.openadmin.dto.PersistencePackage;
import org.broadleafcommerce.openadmin.server.service.persistence.PersistenceManager;
import org.broadleafcommerce.openadmin.server.service.persistence.PersistenceManagerEventHandlerAdapter;
import org.broadleafcommerce.openadmin.server.service.persistence.PersistenceManagerEventHandlerResponse;

import org.springframework.util.ClassUtils;

import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;

/**
 * Sends {@code product.created} when a product is added in the Broadleaf admin (the
 * admin persistence {@code postAdd} hook). Other entities are left alone.
 */
public class WebhookProductEventHandler extends PersistenceManagerEventHandlerAdapter {

	private final WebhookPublisher publisher;

	public WebhookProductEventHandler(WebhookPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public PersistenceManagerEventHandlerResponse postAdd(PersistenceManager persistenceManager, Entity entity,
			PersistencePackage persistencePackage) throws ServiceException {
		if (entity != null && isProduct(persistencePackage)) {
			BroadleafPayloads.ProductCreated product = BroadleafPayloads.product(entity);
			this.publisher.publish(new WebhookMessage("product.created", product,
					(product.productId() != null) ? product.productId().toString() : null));
		}
		return super.postAdd(persistenceManager, entity, persistencePackage);
	}

	static boolean isProduct(PersistencePackage persistencePackage) {
		if (persistencePackage == null || persistencePackage.getCeilingEntityFullyQualifiedClassname() == null) {
			return false;
		}
		String name = persistencePackage.getCeilingEntityFullyQualifiedClassname();
		ClassLoader loader = WebhookProductEventHandler.class.getClassLoader();
		if (!ClassUtils.isPresent(name, loader)) {
			return false;
		}
		return Product.class.isAssignableFrom(ClassUtils.resolveClassName(name, loader));
	}

}
