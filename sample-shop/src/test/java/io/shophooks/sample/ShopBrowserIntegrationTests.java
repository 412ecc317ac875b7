package io.shophooks.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.shophooks.webhook.admin.Browsers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop flow in a real browser (Debian Chromium), ending in the partner inbox showing
 * the verified delivery and in the webhook admin's delivery log. Screenshots go to
 * {@code target/screenshots}.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-browser;DB_CLOSE_DELAY=-1",
				"shophooks.webhook.delivery.poll-interval=200ms" })
class ShopBrowserIntegrationTests {

	@LocalServerPort
	int port;

	WebDriver browser;

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** The page after a click shows a message: wait for the new page's, not the old one's. */
	private void awaitFlash(String text) {
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.ignoring(org.openqa.selenium.NoSuchElementException.class)
			.until(driver -> driver.findElement(By.id("flash")).getText().contains(text));
	}

	@Test
	void storeOwnerSellsAndThePartnerReceivesVerifiedWebhooks() {
		this.browser = Browsers.chromium("en");
		this.browser.get(url("/"));
		this.browser.findElement(By.name("username")).sendKeys("owner");
		this.browser.findElement(By.name("password")).sendKeys("owner-pass");
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();

		this.browser.findElement(By.id("customer-name")).sendKeys("Ann Lee");
		this.browser.findElement(By.id("customer-email")).sendKeys("ann@example.com");
		this.browser.findElement(By.id("register")).click();
		awaitFlash("customer.created sent");

		this.browser.findElement(By.id("sku")).sendKeys("MUG-1");
		this.browser.findElement(By.id("product-name")).sendKeys("Mug");
		this.browser.findElement(By.id("price")).sendKeys("9.50");
		this.browser.findElement(By.id("add-product")).click();
		awaitFlash("product.created sent");

		this.browser.findElement(By.id("order-sku")).sendKeys("MUG-1");
		this.browser.findElement(By.id("quantity")).clear();
		this.browser.findElement(By.id("quantity")).sendKeys("2");
		this.browser.findElement(By.id("place-order")).click();
		awaitFlash("placed");
		this.browser.findElement(By.cssSelector("button.approve")).click();
		awaitFlash("order.approved sent");
		assertThat(this.browser.findElement(By.id("orders")).getText()).contains("APPROVED").contains("19.00 EUR");
		Browsers.screenshot(this.browser, "shop");

		new WebDriverWait(this.browser, Duration.ofSeconds(20)).until(driver -> {
			driver.get(url("/partner/inbox"));
			return driver.findElements(By.cssSelector(".inbox-entry")).size() >= 3;
		});
		String inbox = this.browser.findElement(By.tagName("main")).getText();
		assertThat(inbox).contains("order.approved").contains("product.created").contains("customer.created");
		assertThat(this.browser.findElements(By.cssSelector(".verdict")))
			.allSatisfy(verdict -> assertThat(verdict.getText()).isEqualTo("VERIFIED"));
		assertThat(inbox).contains("\"email\":\"ann@example.com\"").contains("\"total\":19.00");
		Browsers.screenshot(this.browser, "partner-inbox");

		// The store owner sees the same three in the webhook admin, with the same session
		this.browser.findElement(By.id("nav-admin")).click();
		this.browser.get(url("/admin/webhooks/deliveries?status=DELIVERED"));
		assertThat(this.browser.findElements(By.cssSelector("table.deliveries tbody tr"))).hasSize(3);
		Browsers.screenshot(this.browser, "admin-deliveries");
	}

	@Test
	void clerkCannotOpenTheWebhookAdmin() {
		this.browser = Browsers.chromium("en");
		this.browser.get(url("/"));
		this.browser.findElement(By.name("username")).sendKeys("clerk");
		this.browser.findElement(By.name("password")).sendKeys("clerk-pass");
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		assertThat(this.browser.findElements(By.id("nav-admin"))).isEmpty();
		this.browser.get(url("/admin/webhooks/endpoints"));
		assertThat(this.browser.getPageSource()).doesNotContain("New endpoint");
	}

}
