package io.shophooks.webhook.broadleaf.app;

import org.broadleafcommerce.core.workflow.state.ActivityStateManagerImpl;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A host standing in for a Broadleaf application's context: ShopHooks, the Broadleaf
 * bridge, and the activity state manager Broadleaf's workflow processors look up.
 */
@SpringBootApplication
public class BroadleafTestApplication {

	// Broadleaf 3.1 marks init() with javax.annotation.PostConstruct, which Spring 7 no longer reads.
	@Bean(name = "blActivityStateManager", initMethod = "init")
	ActivityStateManagerImpl blActivityStateManager() {
		return new ActivityStateManagerImpl();
	}

}
