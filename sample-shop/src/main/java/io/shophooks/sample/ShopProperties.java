package io.shophooks.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The sample shop's demo settings: its users and the partner inbox's credentials.
 */
@ConfigurationProperties("shop")
public class ShopProperties {

	private final User owner = new User("owner", "owner-pass");

	private final User clerk = new User("clerk", "clerk-pass");

	private final Partner partner = new Partner();

	public User getOwner() {
		return this.owner;
	}

	public User getClerk() {
		return this.clerk;
	}

	public Partner getPartner() {
		return this.partner;
	}

	public static class User {

		/**
		 * Login name.
		 */
		private String username;

		/**
		 * Password.
		 */
		private String password;

		User(String username, String password) {
			this.username = username;
			this.password = password;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

	public static class Partner {

		/**
		 * Whether to create the partner inbox endpoint on first start.
		 */
		private boolean createEndpoint = true;

		/**
		 * Signing secret shared by the endpoint and the inbox.
		 */
		private String secret = "whsec_c2FtcGxlLXNob3AtcGFydG5lci1pbmJveC1zZWNyZXQhIQ==";

		/**
		 * HTTP Basic user the inbox expects.
		 */
		private String username = "partner";

		/**
		 * HTTP Basic password the inbox expects.
		 */
		private String password = "partner-pass";

		/**
		 * URL token the inbox expects in the query parameter "token".
		 */
		private String token = "demo-token-123";

		/**
		 * Most requests the inbox keeps; the oldest are dropped beyond it.
		 */
		private int inboxMaxEntries = 500;

		/**
		 * Largest request body the inbox accepts; a larger one is answered 413 and not kept.
		 */
		private DataSize inboxMaxBodySize = DataSize.ofKilobytes(64);

		public boolean isCreateEndpoint() {
			return this.createEndpoint;
		}

		public void setCreateEndpoint(boolean createEndpoint) {
			this.createEndpoint = createEndpoint;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public int getInboxMaxEntries() {
			return this.inboxMaxEntries;
		}

		public void setInboxMaxEntries(int inboxMaxEntries) {
			this.inboxMaxEntries = inboxMaxEntries;
		}

		public DataSize getInboxMaxBodySize() {
			return this.inboxMaxBodySize;
		}

		public void setInboxMaxBodySize(DataSize inboxMaxBodySize) {
			this.inboxMaxBodySize = inboxMaxBodySize;
		}

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

	}

}
