package io.shophooks.webhook.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.admin.app.AdminTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 403, 404 and 500 in the admin are the admin's own pages, over real HTTP: its layout, the
 * user's language (English and Vietnamese), a way back, and for a 500 a reference that is
 * in the log too; never the framework's Whitelabel page.
 */
@SpringBootTest(classes = AdminTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.delivery.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:admin-error-pages;DB_CLOSE_DELAY=-1" })
class AdminErrorPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aUserWithoutTheRoleGetsTheAdminsNotAllowedPageInTheirLanguage() throws Exception {
		HttpResponse<String> english = get("/admin/webhooks/endpoints", AdminTestApplication.CLERK, "en");
		assertThat(english.statusCode()).isEqualTo(403);
		assertAdminPage(english.body()).contains("Not allowed", "Back to the dashboard");
		HttpResponse<String> vietnamese = get("/admin/webhooks/endpoints", AdminTestApplication.CLERK, "vi");
		assertThat(vietnamese.statusCode()).isEqualTo(403);
		assertAdminPage(vietnamese.body()).contains("Không có quyền truy cập", "Về trang tổng quan");
	}

	@Test
	void anAddressThatNamesNoScreenOrAGoneDeliveryIsTheAdminsNotFoundPage() throws Exception {
		for (String path : new String[] { "/admin/webhooks/nope", "/admin/webhooks/endpoints/999999",
				"/admin/webhooks/deliveries/999999", "/admin/webhooks/a/b/c" }) {
			HttpResponse<String> english = get(path, AdminTestApplication.ADMIN, "en");
			assertThat(english.statusCode()).as(path).isEqualTo(404);
			assertAdminPage(english.body()).as(path).contains("Page not found");
			HttpResponse<String> vietnamese = get(path, AdminTestApplication.ADMIN, "vi");
			assertAdminPage(vietnamese.body()).as(path).contains("Không tìm thấy trang");
		}
		// the assets are still served
		assertThat(get("/admin/webhooks/assets/shophooks.css", null, "en").statusCode()).isEqualTo(200);
	}

	@Test
	void aServerErrorIsTheAdminsPageWithAReference() throws Exception {
		this.jdbc.execute("ALTER TABLE shophooks_delivery RENAME TO shophooks_delivery_away");
		try {
			HttpResponse<String> broken = get("/admin/webhooks/deliveries", AdminTestApplication.ADMIN, "vi");
			assertThat(broken.statusCode()).isEqualTo(500);
			assertAdminPage(broken.body()).contains("Đã xảy ra lỗi", "id=\"error-reference\"")
				.doesNotContain("Exception", "SQL");
		}
		finally {
			this.jdbc.execute("ALTER TABLE shophooks_delivery_away RENAME TO shophooks_delivery");
		}
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertAdminPage(String body) {
		return assertThat(body).contains("class=\"brand\"", "id=\"error-back\"").doesNotContain("Whitelabel");
	}

	private HttpResponse<String> get(String path, String user, String language) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", "text/html")
			.header("Accept-Language", language);
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + AdminTestApplication.PASSWORD).getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
