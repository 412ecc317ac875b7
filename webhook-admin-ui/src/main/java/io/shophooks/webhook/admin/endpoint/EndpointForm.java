package io.shophooks.webhook.admin.endpoint;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.PayloadMode;

/**
 * The endpoint form as the browser posts it. Secrets are never filled in when editing:
 * an empty password or token keeps the stored one.
 */
@Internal
public class EndpointForm {

	private String name = "";

	private String url = "";

	private List<String> eventTypes = new ArrayList<>();

	private BodyFormat format = BodyFormat.JSON;

	private boolean tokenEnabled;

	private String urlTokenParameter = "token";

	private String urlToken = "";

	private boolean basicEnabled;

	private String basicUsername = "";

	private String basicPassword = "";

	private boolean signing = true;

	private @Nullable Integer maxConcurrency;

	private boolean propagateTrace;

	private boolean ordered;

	private String filter = "";

	private String includeFields = "";

	private PayloadMode payload = PayloadMode.FULL;

	public boolean isOrdered() {
		return this.ordered;
	}

	public void setOrdered(boolean ordered) {
		this.ordered = ordered;
	}

	public String getFilter() {
		return this.filter;
	}

	public void setFilter(String filter) {
		this.filter = (filter != null) ? filter : "";
	}

	public String getIncludeFields() {
		return this.includeFields;
	}

	public void setIncludeFields(String includeFields) {
		this.includeFields = (includeFields != null) ? includeFields : "";
	}

	public PayloadMode getPayload() {
		return this.payload;
	}

	public void setPayload(PayloadMode payload) {
		this.payload = (payload != null) ? payload : PayloadMode.FULL;
	}

	public boolean isPropagateTrace() {
		return this.propagateTrace;
	}

	public void setPropagateTrace(boolean propagateTrace) {
		this.propagateTrace = propagateTrace;
	}

	static EndpointForm of(Endpoint endpoint) {
		EndpointForm form = new EndpointForm();
		form.name = endpoint.name();
		form.url = endpoint.url();
		form.eventTypes = new ArrayList<>(endpoint.eventTypes());
		form.format = endpoint.format();
		form.tokenEnabled = endpoint.urlTokenParameter() != null;
		form.urlTokenParameter = (endpoint.urlTokenParameter() != null) ? endpoint.urlTokenParameter() : "token";
		form.basicEnabled = endpoint.basicUsername() != null;
		form.basicUsername = (endpoint.basicUsername() != null) ? endpoint.basicUsername() : "";
		form.signing = endpoint.signing();
		form.maxConcurrency = endpoint.maxConcurrency();
		form.propagateTrace = endpoint.propagateTrace();
		form.ordered = endpoint.options().ordered();
		form.filter = (endpoint.options().filter() != null) ? endpoint.options().filter() : "";
		form.includeFields = String.join(", ", endpoint.options().includeFields());
		form.payload = endpoint.options().payload();
		return form;
	}

	EndpointDefinition toDefinition(boolean creating) {
		String token = !this.tokenEnabled ? "" : (this.urlToken.isEmpty() && !creating) ? null : this.urlToken;
		String username = this.basicEnabled ? this.basicUsername.trim() : "";
		String password = !this.basicEnabled ? null
				: (this.basicPassword.isEmpty() && !creating) ? null : this.basicPassword;
		return EndpointDefinition.builder(this.name, this.url)
			.eventTypes(List.copyOf(this.eventTypes))
			.format(this.format)
			.urlToken(this.urlTokenParameter.trim(), token)
			.basicAuth(username, password)
			.signing(this.signing, null)
			.maxConcurrency(this.maxConcurrency)
			.propagateTrace(this.propagateTrace)
			.options(new DeliveryOptions(this.ordered, this.filter.isBlank() ? null : this.filter,
					List.of(this.includeFields.split("[,\\s]+")), this.payload))
			.build();
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public List<String> getEventTypes() {
		return this.eventTypes;
	}

	public void setEventTypes(List<String> eventTypes) {
		this.eventTypes = (eventTypes != null) ? eventTypes : new ArrayList<>();
	}

	public BodyFormat getFormat() {
		return this.format;
	}

	public void setFormat(BodyFormat format) {
		this.format = (format != null) ? format : BodyFormat.JSON;
	}

	public boolean isTokenEnabled() {
		return this.tokenEnabled;
	}

	public void setTokenEnabled(boolean tokenEnabled) {
		this.tokenEnabled = tokenEnabled;
	}

	public String getUrlTokenParameter() {
		return this.urlTokenParameter;
	}

	public void setUrlTokenParameter(String urlTokenParameter) {
		this.urlTokenParameter = (urlTokenParameter != null) ? urlTokenParameter : "token";
	}

	public String getUrlToken() {
		return this.urlToken;
	}

	public void setUrlToken(String urlToken) {
		this.urlToken = (urlToken != null) ? urlToken : "";
	}

	public boolean isBasicEnabled() {
		return this.basicEnabled;
	}

	public void setBasicEnabled(boolean basicEnabled) {
		this.basicEnabled = basicEnabled;
	}

	public String getBasicUsername() {
		return this.basicUsername;
	}

	public void setBasicUsername(String basicUsername) {
		this.basicUsername = (basicUsername != null) ? basicUsername : "";
	}

	public String getBasicPassword() {
		return this.basicPassword;
	}

	public void setBasicPassword(String basicPassword) {
		this.basicPassword = (basicPassword != null) ? basicPassword : "";
	}

	public boolean isSigning() {
		return this.signing;
	}

	public void setSigning(boolean signing) {
		this.signing = signing;
	}

	public @Nullable Integer getMaxConcurrency() {
		return this.maxConcurrency;
	}

	public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

}
